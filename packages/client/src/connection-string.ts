import { isBase64 } from "./base64.js";
import { CallAutomationError } from "./call-automation-error.js";

/** The two parts of a connection string. */
export interface ParsedConnectionString {
  endpoint: string;
  accessKey: string;
}

function invalid(message: string): CallAutomationError {
  return new CallAutomationError({ code: "InvalidConnectionString", message });
}

/**
 * Parses `endpoint=https://NAME.communication.azure.com/;accesskey=BASE64KEY`. Keys are
 * case-insensitive, whitespace around parts and a trailing `;` are allowed; the access key keeps
 * any `=` padding. Throws a `CallAutomationError` (`InvalidConnectionString`) naming what is wrong,
 * never echoing the key.
 */
export function parseConnectionString(connectionString: string): ParsedConnectionString {
  if (typeof connectionString !== "string" || connectionString.trim() === "") {
    throw invalid(
      "The connection string is empty; expected endpoint=https://NAME.communication.azure.com/;accesskey=BASE64KEY",
    );
  }
  const parts = new Map<string, string>();
  for (const part of connectionString.split(";")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw invalid(`The connection string part "${part.trim().slice(0, 20)}" is not key=value`);
    const key = part.slice(0, eq).trim().toLowerCase();
    if (parts.has(key)) throw invalid(`The connection string names "${key}" twice`);
    parts.set(key, part.slice(eq + 1).trim());
  }
  const endpoint = parts.get("endpoint");
  const accessKey = parts.get("accesskey");
  if (!endpoint) throw invalid('The connection string has no "endpoint=" part');
  if (!accessKey) throw invalid('The connection string has no "accesskey=" part');
  if (!isBase64(accessKey)) throw invalid("The connection string's accesskey is not base64");
  return { endpoint, accessKey };
}
