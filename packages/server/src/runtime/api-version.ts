import { apiError } from "./error-table.js";

/**
 * The api-version check: the versions come from the spec's `ApiVersion` enum through generation.
 * A missing or unsupported version is a 400 that lists the supported ones, as Azure services do.
 */
export function checkApiVersion(value: string | string[] | undefined, supported: readonly string[]): void {
  if (!supported.length || (typeof value === "string" && supported.includes(value))) return;
  if (value === undefined) throw apiError("missingApiVersion", { supported });
  const shown = typeof value === "string" ? `"${value.slice(0, 64)}"` : "given more than once";
  throw apiError("unsupportedApiVersion", { shown, supported });
}
