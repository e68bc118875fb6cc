import { ApiError, ErrorCodes } from "./api-error.js";
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
  // Clients send the same query on every call (for this API, `api-version=...`): the last one read
  // is remembered, and a request with the same query and declared parameters gets a copy of it.
  const last = lastRead;
  if (
    last !== undefined &&
    last.declared === declared &&
    target.length - q - 1 === last.query.length &&
    target.endsWith(last.query)
  ) {
    return { ...last.result };
  }
  const query = parse(target, q, declared);
  lastRead = { declared, query: target.slice(q + 1), result: { ...query } };
  return query;
}

let lastRead:
  | { declared: readonly ParameterSpec[]; query: string; result: Readonly<Record<string, string>> }
  | undefined;

function parse(target: string, q: number, declared: readonly ParameterSpec[]): Record<string, string> {
  const query: Record<string, string> = {};
  let start = q + 1;
  while (start <= target.length) {
    let end = target.indexOf("&", start);
    if (end < 0) end = target.length;
    if (end > start) {
      const eq = target.indexOf("=", start);
      const nameEnd = eq >= 0 && eq < end ? eq : end;
      const name = decode(target.slice(start, nameEnd), "query");
      let known = false;
      for (let i = 0; i < declared.length; i++) if (declared[i]!.name === name) known = true;
      if (known) {
        if (Object.hasOwn(query, name))
          throw new ApiError(
            400,
            ErrorCodes.duplicateParameter,
            `The query parameter ${name} was given more than once.`,
            { target: name },
          );
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
    throw new ApiError(
      400,
      ErrorCodes.badRequest,
      `The query parameter ${target} is not valid percent-encoded UTF-8.`,
      { target },
    );
  }
}
