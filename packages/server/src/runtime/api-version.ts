import { ApiError, ErrorCodes } from "./api-error.js";

/**
 * The api-version check: the versions come from the spec's `ApiVersion` enum through generation.
 * A missing or unsupported version is a 400 that lists the supported ones, as Azure services do.
 */
export function checkApiVersion(value: string | string[] | undefined, supported: readonly string[]): void {
  if (!supported.length || (typeof value === "string" && supported.includes(value))) return;
  // Only a refused request pays for the list.
  const list = supported.join(", ");
  if (value === undefined) {
    throw new ApiError(
      400,
      ErrorCodes.missingApiVersion,
      `The api-version query parameter is required; supported versions: ${list}.`,
      {
        target: "api-version",
      },
    );
  }
  const shown = typeof value === "string" ? `"${value.slice(0, 64)}"` : "given more than once";
  throw new ApiError(
    400,
    ErrorCodes.unsupportedApiVersion,
    `The api-version ${shown} is not supported; supported versions: ${list}.`,
    {
      target: "api-version",
    },
  );
}
