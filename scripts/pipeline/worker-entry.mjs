// @ts-check
// Runs pipeline modules off the main thread. Each message names a module and an export to call;
// a message without `fn` only imports the module, so its load cost overlaps other work.
import { parentPort } from "node:worker_threads";

/** Modules run from TypeScript sources (tests, watch mode) need tsx; the built pipeline does not. */
/** @type {Promise<unknown> | undefined} */
let tsx;
async function load(/** @type {string} */ module) {
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
  } catch (error) {
    const e = /** @type {Error} */ (error);
    port.postMessage({ id: message.id, error: { name: e.name, message: e.message, stack: e.stack, problems: /** @type {any} */ (e).problems } });
  }
});
