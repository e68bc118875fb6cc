/** Severity of a log line, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Fields attached to a log line; values must be JSON-serialisable. */
export type LogFields = Record<string, unknown>;

/** A structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

/** Where log lines go and which are kept. */
export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Receives each finished line (without the newline). Defaults to stdout. */
  write?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Checks a `LOG_LEVEL`-style value. */
export function isLogLevel(value: string): value is LogLevel {
  return value in LEVEL_RANK;
}

/**
 * A logger that writes one JSON object per line: `{"time","level","message",...fields}`.
 * Errors in `fields` are reduced to `{ name, message, code }` so no stack reaches the log.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = LEVEL_RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVEL_RANK[level] < min) return;
    const line = { time: now().toISOString(), level, message: msg, ...bound, ...fields };
    write(JSON.stringify(line, errorReplacer));
  };
  return {
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
    child: (fields) => createJsonLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}
