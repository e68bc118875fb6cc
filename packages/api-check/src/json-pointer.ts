/** JSON Pointer (RFC 6901) helpers and a walk through an OpenAPI document that follows local `$ref`s. */

export type JsonPath = (string | number)[];

/** `["paths", "/a/{b}"]` → `#/paths/~1a~1{b}`. */
export function toPointer(path: JsonPath): string {
  return `#${path.map((key) => `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}

/** `#/components/schemas/X` → `["components", "schemas", "X"]`. */
export function fromPointer(pointer: string): string[] {
  return pointer
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Where a walk ended: the node, and the last `$ref` target it went through (the owning component). */
export interface WalkResult {
  node: unknown;
  /** The path of the last component a `$ref` led into, or [] when none was crossed. */
  anchor: string[];
  /** The keys walked after entering `anchor`. */
  rest: JsonPath;
  found: boolean;
}

function deref(root: unknown, node: unknown, seen: Set<string>): { node: unknown; ref?: string[] } {
  let ref: string[] | undefined;
  while (node && typeof node === "object" && typeof (node as any).$ref === "string") {
    const target = (node as any).$ref as string;
    if (!target.startsWith("#/") || seen.has(target)) break;
    seen.add(target);
    ref = fromPointer(target);
    node = ref.reduce<any>((n, key) => (n == null ? undefined : n[key]), root);
  }
  return { node, ref };
}

const COMBINERS = new Set(["allOf", "anyOf", "oneOf"]);

function step(root: unknown, node: unknown, keys: JsonPath, i: number, anchor: string[], rest: JsonPath): WalkResult {
  if (i === keys.length) return { node, anchor, rest, found: true };
  const { node: target, ref } = deref(root, node, new Set());
  if (ref) {
    anchor = ref;
    rest = [];
  }
  const key = keys[i]!;
  const index = keys[i + 1];
  const missing: WalkResult = { node: undefined, anchor, rest: [...rest, ...keys.slice(i)], found: false };
  if (target == null || typeof target !== "object") return missing;
  if (COMBINERS.has(String(key)) && typeof index === "number") {
    // api-smart-diff normalises compositions (merges allOf, wraps a bare $ref in allOf, reorders
    // members): try the reported member first, then the others, then the composition as absent.
    const members = (target as any)[key];
    if (Array.isArray(members)) {
      const order = [index, ...members.keys()].filter((v, j, all) => all.indexOf(v) === j && v < members.length);
      for (const j of order) {
        const r = step(root, members[j], keys, i + 2, anchor, [...rest, key, j]);
        if (r.found) return r;
      }
    }
    if (key === "allOf") {
      const r = step(root, target, keys, i + 2, anchor, rest);
      if (r.found) return r;
    }
  }
  if (!(key in (target as object))) return missing;
  return step(root, (target as any)[key], keys, i + 1, anchor, [...rest, key]);
}

/**
 * Follows `path` through `root` the way api-smart-diff reports it: on resolved, normalised
 * documents, where a `$ref` stands for its target. Before each step a `$ref` is followed; the last
 * node is not.
 */
export function walk(root: unknown, path: JsonPath): WalkResult {
  return step(root, root, path, 0, [], []);
}

/** The component-anchored pointer of a walk: `#/components/schemas/X/properties/y` when a `$ref` was crossed. */
export function anchoredPointer(result: WalkResult, fallback: JsonPath): string {
  return result.anchor.length ? toPointer([...result.anchor, ...result.rest]) : toPointer(fallback);
}
