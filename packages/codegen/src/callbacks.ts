import type { OpenApiDocument } from "./types.js";

/** The marker a TypeSpec operation carries to become a callback of another operation. */
export interface CallbackMarker {
  /** operationId of the operation whose request causes the callback. */
  operationId: string;
  /** The key under that operation's `callbacks`. */
  name: string;
  /** The runtime expression that gives the callback URL, e.g. `{$request.body#/operationCallbackUri}`. */
  expression: string;
}

const MARKER = "x-callback";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * TypeSpec cannot declare OpenAPI callbacks, so the spec declares each callback as an ordinary
 * operation marked `@extension("x-callback", ...)`. This moves every marked operation out of `paths`
 * and into the `callbacks` of the operation it names, keyed on the runtime expression. It returns
 * a new document and leaves the input untouched.
 */
export function moveCallbacks(input: OpenApiDocument): OpenApiDocument {
  const doc = structuredClone(input);
  const operations = new Map<string, Record<string, any>>();
  for (const item of Object.values<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op?.operationId) operations.set(op.operationId, op);
    }
  }
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      const marker: CallbackMarker | undefined = op?.[MARKER];
      if (!marker) continue;
      const owner = operations.get(marker.operationId);
      if (!owner) {
        throw new Error(
          `${path} ${method.toUpperCase()}: x-callback names operation "${marker.operationId}", which the spec does not define`,
        );
      }
      const { [MARKER]: _marker, ...callbackOperation } = op;
      owner.callbacks ??= {};
      owner.callbacks[marker.name] ??= {};
      owner.callbacks[marker.name][marker.expression] ??= {};
      owner.callbacks[marker.name][marker.expression][method] = callbackOperation;
      delete item[method];
    }
    if (!METHODS.some((m) => item[m])) delete doc.paths[path];
  }
  return doc;
}
