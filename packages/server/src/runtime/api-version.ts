import { apiError } from "./error-table.js";

/**
 * The api-version check: the versions come from the spec's `ApiVersion` enum through generation.
 * A missing or unsupported version is a 400 that lists the supported ones, as Azure services do.
 * Answers the version as the spec spells it, "" for an operation without versions: the generated
 * literal, which V8 uses as a property key without first looking it up in its string table.
 */
export function checkApiVersion(value: string | string[] | undefined, supported: readonly string[]): string {
  if (!supported.length) return "";
  const version = supported.find((known) => known === value);
  if (version !== undefined) return version;
  if (value === undefined) throw apiError("missingApiVersion", { supported });
  const shown = typeof value === "string" ? `"${value.slice(0, 64)}"` : "given more than once";
  throw apiError("unsupportedApiVersion", { shown, supported });
}
