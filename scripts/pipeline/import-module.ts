/** Where the built pipeline's loader leaves its importer (see code-cache.mjs). */
export const IMPORTER = Symbol.for("transfer-call.pipeline.import");

/**
 * Imports an ES module through Node's loader. The built pipeline is a script compiled through
 * node:vm from a code cache, and such a script cannot call `import()` itself (Node 20 drops a
 * script's import callback when its code comes from a cache written by another process), so the
 * loader that compiled it leaves an importer on globalThis. Run from source, this is `import()`.
 */
export function importModule(specifier: string): Promise<Record<string, unknown>> {
  const importer = (globalThis as Record<symbol, unknown>)[IMPORTER] as
    | ((specifier: string) => Promise<Record<string, unknown>>)
    | undefined;
  return importer ? importer(specifier) : import(specifier);
}
