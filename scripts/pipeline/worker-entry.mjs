// @ts-check
// Runs pipeline modules off the main thread. Each message names a module and an export to call;
// a message without `fn` only imports the module, so its load cost overlaps other work.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
port.on("message", async (/** @type {{ id: number, module: string, fn?: string, args: unknown[] }} */ message) => {
  try {
    const mod = await import(message.module);
    const result = message.fn ? await mod[message.fn](...message.args) : undefined;
    port.postMessage({ id: message.id, result });
  } catch (error) {
    const e = /** @type {Error} */ (error);
    port.postMessage({ id: message.id, error: { name: e.name, message: e.message, stack: e.stack, problems: /** @type {any} */ (e).problems } });
  }
});
