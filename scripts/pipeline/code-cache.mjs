// @ts-check
// Loads a CommonJS script through node:vm with a V8 code cache beside it (`<file>.v8cache`), so
// a run after the first skips compiling it: for a bundle the size of TypeScript that is most of
// its load time. (Node 22 does this for every module with `module.enableCompileCache()`; Node 20
// only offers it for scripts compiled through node:vm.) A cache that V8 rejects (another Node
// version or V8 flags) is ignored and replaced. V8 only checks that the source has the same length,
// and would run the cached code of a same-length edit: so the cache file starts with a line naming
// the script it was made from (size, modification time, inode), and a cache of another is ignored.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/**
 * `import()` inside such a script fails once its code comes from a cache (Node 20 keeps a script's
 * import callback only in the process that compiled it), so code in it imports ES modules through
 * this importer instead (see import-module.ts).
 */
/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("transfer-call.pipeline.import")] ??= (
  /** @type {string} */ specifier,
) => import(specifier);

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
  const stat = statSync(file);
  const made = `${stat.size} ${stat.mtimeMs} ${stat.ino}\n`;
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, made.length).toString("latin1") === made) cachedData = cache.subarray(made.length);
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
        writeFileSync(temporary, Buffer.concat([Buffer.from(made, "latin1"), script.createCachedData()]));
        renameSync(temporary, cacheFile); // atomic: a concurrent run reads the old cache or this one
      } catch {
        // a read-only checkout runs without the cache
      }
    },
  };
}
