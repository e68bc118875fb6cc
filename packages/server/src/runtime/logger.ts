/** Severity of a log line, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields attached to a log line; values must be JSON-serialisable (errors are reduced, see createJsonLogger). */
export type LogFields = Record<string, unknown>;

/**
 * Where the server, and everything built on it (the emulator), reports what happened. Inject your
 * own (pino, console, a test array): the runtime calls only `error`, `warn` and `info`.
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  /** Detail for troubleshooting; optional because the runtime never needs it. */
  debug?(message: string, fields?: LogFields): void;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Checks a `LOG_LEVEL`-style value. */
export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LEVEL_RANK, value);
}

/** Where JSON log lines go and which are kept. */
export interface JsonLoggerOptions {
  /** The lowest level written. Default `info`. */
  level?: LogLevel;
  /** Receives each finished line (without the newline). Default: stdout. */
  write?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

/**
 * A logger that writes one JSON object per line: `{"time","level","message",...fields}`.
 * Errors in `fields` are reduced to `{ name, message, code }`, so no stack reaches the log by
 * accident (a caller that wants one passes `errorFields(error)`).
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = LEVEL_RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (LEVEL_RANK[level] < min) return;
      write(JSON.stringify({ time: now().toISOString(), level, message, ...fields }, errorReplacer));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A logger that adds `fields` to every line before handing it to `logger` (the line's own fields win). */
export function withFields(logger: Logger, fields: LogFields): Logger {
  const debug = logger.debug?.bind(logger);
  return {
    error: (message, more) => logger.error(message, { ...fields, ...more }),
    warn: (message, more) => logger.warn(message, { ...fields, ...more }),
    info: (message, more) => logger.info(message, { ...fields, ...more }),
    ...(debug ? { debug: (message: string, more?: LogFields) => debug(message, { ...fields, ...more }) } : {}),
  };
}

/** The server's default logger: JSON lines on stderr, `info` and above. */
export const jsonLogger: Logger = createJsonLogger({ write: (line) => void process.stderr.write(`${line}\n`) });

/** A logger that drops everything. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/** Turns a thrown value into log fields: name, message and stack, for the log only. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: { name: error.name, message: error.message, stack: error.stack } };
  return { error: { value: String(error) } };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}
