import type { JsonPath } from "./json-pointer.js";

/**
 * api-smart-diff does not look inside OpenAPI `callbacks`, and its schema rules assume request
 * semantics for anything outside a response. A callback body, though, is sent BY the service TO
 * the consumer: for compatibility it is a response. Before diffing, every callback operation is
 * hoisted into `paths` under a synthetic key, with its request body recast as a `200` response, so
 * the library classifies it with response semantics. `original` maps the findings back.
 */

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const PREFIX = "/~callback";

interface Hoisted {
  /** Path of the callback's path item in the real document (the method follows). */
  itemPath: JsonPath;
}

export interface HoistedDocument {
  doc: Record<string, any>;
  /** Synthetic path key → where the callback operation really lives. */
  callbacks: Map<string, Hoisted>;
}

export function hoistCallbacks(input: Record<string, any>): HoistedDocument {
  const doc = structuredClone(input);
  const callbacks = new Map<string, Hoisted>();
  for (const [pathKey, item] of Object.entries<Record<string, any>>(input.paths ?? {})) {
    for (const method of METHODS) {
      const owner = item?.[method];
      if (!owner?.callbacks) continue;
      delete doc.paths[pathKey][method].callbacks;
      for (const [name, expressions] of Object.entries<Record<string, any>>(owner.callbacks)) {
        for (const [expression, callbackItem] of Object.entries<Record<string, any>>(expressions ?? {})) {
          for (const callbackMethod of METHODS) {
            const op = callbackItem?.[callbackMethod];
            if (!op) continue;
            const key = `${PREFIX}/${owner.operationId ?? `${method}${pathKey}`}/${name}`;
            const { requestBody, responses: _ack, callbacks: _nested, ...rest } = op;
            doc.paths[key] ??= {};
            doc.paths[key][callbackMethod] = {
              ...rest,
              responses: requestBody
                ? { "200": { description: requestBody.description ?? "", content: requestBody.content } }
                : {},
            };
            callbacks.set(key, { itemPath: ["paths", pathKey, method, "callbacks", name, expression] });
          }
        }
      }
    }
  }
  return { doc, callbacks };
}

/** True when a diff path lies in a hoisted callback. */
export function isCallbackPath(path: JsonPath): boolean {
  return path[0] === "paths" && String(path[1] ?? "").startsWith(`${PREFIX}/`);
}

/** Maps a path in the hoisted document back to the real document. */
export function originalPath(hoisted: HoistedDocument, path: JsonPath): JsonPath {
  if (!isCallbackPath(path)) return path;
  const target = hoisted.callbacks.get(String(path[1]));
  if (!target) return path;
  const operation = [...target.itemPath, ...path.slice(2, 3)];
  const rest = path.slice(3);
  if (rest[0] === "responses" && rest[1] === "200") return [...operation, "requestBody", ...rest.slice(2)];
  return [...operation, ...rest];
}
