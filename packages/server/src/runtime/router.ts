import type { ApiError } from "./api-error.js";
import { apiError } from "./error-table.js";

/**
 * A router for OpenAPI path templates, including literal text after a parameter in the same
 * segment (`/calls/{id}:transfer`). It matches the raw, still percent-encoded path, so an encoded
 * `/` (`%2F`) or `:` (`%3A`) inside an id never splits a segment or fakes the literal suffix;
 * parameters are percent-decoded after matching. A parameter never spans a `/`. Literal text is
 * anchored to the end of its segment, so `/calls/abc:mute` does not match `/calls/{id}:transfer`.
 */

/** The outcome of looking up a method and path. */
export type RouteMatch<T> =
  | { kind: "found"; route: T; params: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string[] };

interface CompiledTemplate<T> {
  method: string;
  pattern: RegExp;
  names: string[];
  route: T;
}

const PARAM = /\{([^{}]+)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a path template into an anchored expression with one capture per parameter. */
export function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  if (!template.startsWith("/")) throw new Error(`path template must start with "/": ${template}`);
  const names: string[] = [];
  let source = "^";
  let last = 0;
  for (const m of template.matchAll(PARAM)) {
    source += escapeRegExp(template.slice(last, m.index));
    names.push(m[1]!);
    // Greedy within the segment: with literal text after it, the literal is matched at the segment's end.
    source += "([^/]+)";
    last = m.index! + m[0].length;
  }
  source += `${escapeRegExp(template.slice(last))}$`;
  return { pattern: new RegExp(source), names };
}

/** The path and query of a request-target such as `/a/b?x=1`. */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf("?");
  return q < 0 ? { path: target, query: "" } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Routes method + raw path to one of a fixed set of templates. */
export class Router<T> {
  readonly #routes: CompiledTemplate<T>[] = [];

  add(method: string, template: string, route: T): this {
    const { pattern, names } = compileTemplate(template);
    this.#routes.push({ method: method.toUpperCase(), pattern, names, route });
    return this;
  }

  /** Looks up a route; the path must be the raw (percent-encoded) path without the query. */
  match(method: string, rawPath: string): RouteMatch<T> {
    let allow: string[] | undefined;
    for (const r of this.#routes) {
      const m = r.pattern.exec(rawPath);
      if (!m) continue;
      if (r.method !== method) {
        (allow ??= []).push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < r.names.length; i++) params[r.names[i]!] = decodeParam(r.names[i]!, m[i + 1]!);
      return { kind: "found", route: r.route, params };
    }
    if (allow) return { kind: "method-not-allowed", allow: [...new Set(allow)].sort() };
    return { kind: "not-found" };
  }
}

function decodeParam(name: string, raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw apiError("invalidPathEncoding", { name });
  }
}

/** The 404 or 405 for a failed match, in the API's error format. */
export function routeError(
  match: Exclude<RouteMatch<unknown>, { kind: "found" }>,
  method: string,
  path: string,
): ApiError {
  if (match.kind === "method-not-allowed") return apiError("methodNotAllowed", { method, allow: match.allow });
  return apiError("notFound", { path });
}
