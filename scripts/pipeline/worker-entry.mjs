// @ts-check
// Runs pipeline modules off the main thread. Each message names a module and an export to call;
// a message without `fn` only imports the module, so its load cost overlaps other work.
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";
import { loadWithCodeCache } from "./code-cache.mjs";

/** Modules run from TypeScript sources (tests, watch mode) need tsx; the built pipeline does not. */
/** @type {Promise<unknown> | undefined} */
let tsx;
/** @type {Map<string, import("./code-cache.mjs").CachedScript>} */
const scripts = new Map();

/** @param {string} module @returns {Promise<Record<string, any>>} */
async function load(module) {
  if (module.endsWith(".cjs")) {
    let script = scripts.get(module);
    if (!script) scripts.set(module, (script = loadWithCodeCache(fileURLToPath(module))));
    return script.exports;
  }
  if (module.endsWith(".ts")) tsx ??= import("tsx/esm/api").then((api) => api.register());
  await tsx;
  return import(module);
}

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
port.on("message", async (/** @type {{ id: number, module: string, fn?: string, args: unknown[] }} */ message) => {
  try {
    const mod = await load(message.module);
    const result = message.fn ? await mod[message.fn](...message.args) : undefined;
    port.postMessage({ id: message.id, result });
    // After real work, so the cache holds the functions it compiled, and after the answer.
    if (message.fn) scripts.get(message.module)?.save();
  } catch (error) {
    const e = /** @type {Error} */ (error);
    port.postMessage({
      id: message.id,
      error: { name: e.name, message: e.message, stack: e.stack, problems: /** @type {any} */ (e).problems },
    });
  }
});
