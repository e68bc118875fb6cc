import { fromPointer } from "./json-pointer.js";

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every local `$ref` target under `node`, as `components/<kind>/<name>` keys. */
function refsIn(node: unknown, skip: ReadonlySet<string>, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsIn(item, skip, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) {
        const [, kind, name] = fromPointer(value);
        out.add(`components/${kind}/${name}`);
      } else if (!skip.has(key)) refsIn(value, skip, out);
    }
  }
  return out;
}

/** The components `start` reaches, directly or through other components. */
function closure(doc: Record<string, any>, start: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const [, kind, name] = key.split("/");
    for (const next of refsIn(doc.components?.[kind!]?.[name!], new Set(), new Set())) queue.push(next);
  }
  return seen;
}

/**
 * Which operations use each component of an OpenAPI document: directly or through other
 * components (transitively through `$ref`s), and callbacks included — a callback operation is
 * named with the operation that declares it, e.g. `Items_Events (callback of Items_Act)`.
 * Keys are `components/<kind>/<name>`; a component no operation reaches has no key.
 */
export function componentUsers(doc: Record<string, any>): Map<string, string[]> {
  const users = new Map<string, Set<string>>();
  const use = (operation: string, node: unknown) => {
    for (const key of closure(doc, refsIn(node, new Set(["callbacks"]), new Set()))) {
      const set = users.get(key) ?? new Set<string>();
      set.add(operation);
      users.set(key, set);
    }
  };
  for (const [pathKey, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    const shared = item?.parameters;
    for (const [method, op] of Object.entries<Record<string, any>>(item ?? {})) {
      if (!METHODS.has(method) || !op) continue;
      const id = op.operationId ?? `${method.toUpperCase()} ${pathKey}`;
      use(id, [op, shared]);
      for (const expressions of Object.values<Record<string, any>>(op.callbacks ?? {}))
        for (const callbackItem of Object.values<Record<string, any>>(expressions ?? {}))
          for (const [callbackMethod, callbackOp] of Object.entries<Record<string, any>>(callbackItem ?? {}))
            if (METHODS.has(callbackMethod) && callbackOp)
              use(
                `${callbackOp.operationId ?? `${callbackMethod.toUpperCase()} callback`} (callback of ${id})`,
                callbackOp,
              );
    }
  }
  return new Map([...users].map(([key, set]) => [key, [...set].sort()]));
}

/** "component X, used by A, B" or "component X, which no operation uses". */
export function componentUsage(users: ReadonlyMap<string, string[]>, kind: string, name: string): string {
  const list = users.get(`components/${kind}/${name}`);
  return list?.length ? `component ${name}, used by ${list.join(", ")}` : `component ${name}, which no operation uses`;
}
