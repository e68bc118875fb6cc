// @ts-check
// Loads a CommonJS script through node:vm with a V8 code cache beside it (`<file>.v8cache`), so
// a run after the first skips compiling it: for a bundle the size of TypeScript that is most of
// its load time. (Node 22 does this for every module with `module.enableCompileCache()`; Node 20
// only offers it for scripts compiled through node:vm.) A cache that V8 rejects (another Node
// version, another build of the script) is ignored and replaced.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/**
 * `import()` inside such a script fails once its code comes from a cache (Node 20 keeps a script's
 * import callback only in the process that compiled it), so code in it imports ES modules through
 * this importer instead (see import-module.ts).
 */
/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("transfer-call.pipeline.import")] ??= (/** @type {string} */ specifier) => import(specifier);

/**
 * @typedef {object} CachedScript
 * @property {Record<string, any>} exports what the script put on `module.exports`
 * @property {() => void} save writes the cache if this run had to compile; call it after the
 *   script's work has run, so the functions that work compiled are in the cache too (a later call
 *   in the same run writes it again, with what that work compiled)
 */

/**
 * @param {string} file absolute path of a CommonJS script
 * @returns {CachedScript}
 */
export function loadWithCodeCache(file) {
  const cacheFile = `${file}.v8cache`;
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // first run: compile, then save
  }
  const source = readFileSync(file, "utf8");
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    save() {
      if (!stale) return;
      const temporary = `${cacheFile}.${process.pid}.${Date.now()}`;
      try {
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile); // atomic: a concurrent run reads the old cache or this one
      } catch {
        // a read-only checkout runs without the cache
      }
    },
  };
}

