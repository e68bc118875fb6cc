/** Where the server reports what went wrong. Inject your own (pino, console, a test array). */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`;
}

/** The default logger: one JSON object per line on stderr. */
export const jsonLogger: Logger = {
  error: (message, fields) => void process.stderr.write(line("error", message, fields)),
  warn: (message, fields) => void process.stderr.write(line("warn", message, fields)),
  info: (message, fields) => void process.stderr.write(line("info", message, fields)),
};

/** A logger that drops everything. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {} };

/** Turns a thrown value into log fields: name, message and stack, for the log only. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: { name: error.name, message: error.message, stack: error.stack } };
  return { error: { value: String(error) } };
}
