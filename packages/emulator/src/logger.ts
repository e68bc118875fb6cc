// The emulator logs through the server package's Logger: one shape for the runtime it is built on
// and for its own components, which add their fields with `withFields`.
export type { JsonLoggerOptions, LogFields, Logger, LogLevel } from "@transfer-call/server";
export { createJsonLogger, isLogLevel, silentLogger, withFields } from "@transfer-call/server";
