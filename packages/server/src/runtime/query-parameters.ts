import { apiError } from "./error-table.js";
import type { ParameterSpec } from "./operation-route.js";

/**
 * The declared query parameters of a request-target, decoded as `application/x-www-form-urlencoded`
 * (`+` is a space). Undeclared parameters are ignored, as Azure services do; a declared one sent
 * twice is a 400, since its meaning would be ambiguous, and so is a malformed percent-encoding.
 * Only declared names are ever set, so a `__proto__` in the query string cannot reach the prototype.
 */
export function readQuery(target: string, declared: readonly ParameterSpec[]): Record<string, string> {
  const q = target.indexOf("?");
  if (q < 0 || !declared.length) return {};
  return parse(target, q, declared);
}

function parse(target: string, q: number, declared: readonly ParameterSpec[]): Record<string, string> {
  const query: Record<string, string> = {};
  let start = q + 1;
  while (start <= target.length) {
    let end = target.indexOf("&", start);
    if (end < 0) end = target.length;
    if (end > start) {
      const eq = target.indexOf("=", start);
      const nameEnd = eq >= 0 && eq < end ? eq : end;
      const sent = decode(target.slice(start, nameEnd), "query");
      // The spec's own string is the key: a literal, which V8 looks up as a property key directly,
      // where the sliced one is first looked up in its string table.
      const name = declared.find((parameter) => parameter.name === sent)?.name;
      if (name !== undefined) {
        if (Object.hasOwn(query, name)) throw apiError("duplicateParameter", { name });
        query[name] = nameEnd < end ? decode(target.slice(nameEnd + 1, end), name) : "";
      }
    }
    start = end + 1;
  }
  return query;
}

function decode(raw: string, target: string): string {
  if (!raw.includes("%") && !raw.includes("+")) return raw;
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    throw apiError("invalidQueryEncoding", { name: target });
  }
}
