// @ts-check
// A small pool of worker threads, one per module, so the pipeline's heavy imports
// (openapi-typescript, Spectral, Ajv + esbuild) load while the TypeSpec compiler runs on the main
// thread. Plain JavaScript, so the launcher can start the workers before it loads TypeScript.
// Workers hold the process open only while a call is pending.
import { Worker } from "node:worker_threads";

/** @typedef {{ resolve(value: unknown): void, reject(error: Error): void }} Pending */

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);
/** @type {Map<string, { worker: Worker, pending: Map<number, Pending> }>} */
const workers = new Map();
let nextId = 0;

/** @param {string} module */
function workerFor(module) {
  let entry = workers.get(module);
  if (entry) return entry;
  const worker = new Worker(ENTRY);
  /** @type {Map<number, Pending>} */
  const pending = new Map();
  worker.on("message", (/** @type {{ id: number, result?: unknown, error?: Error }} */ message) => {
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (message.error) call.reject(Object.assign(new Error(message.error.message), message.error));
    else call.resolve(message.result);
  });
  worker.on("error", (error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
    workers.delete(module);
  });
  worker.unref();
  entry = { worker, pending };
  workers.set(module, entry);
  return entry;
}

/**
 * @param {string} module
 * @param {string | undefined} fn
 * @param {unknown[]} args
 * @returns {Promise<unknown>}
 */
function send(module, fn, args) {
  const { worker, pending } = workerFor(module);
  const id = nextId++;
  worker.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, module, fn, args });
  });
}

/**
 * Starts loading a module in its worker now (and, with `fn`, calls it to warm up); later calls to
 * it find it loaded. Failures surface on the real call.
 * @param {URL} module
 * @param {string} [fn]
 * @param {unknown[]} args
 */
export function preload(module, fn, ...args) {
  void send(module.href, fn, args).catch(() => {});
}

/**
 * Calls an exported function of a module in that module's worker. Arguments and result are
 * structured-cloned.
 * @template T
 * @param {URL} module
 * @param {string} fn
 * @param {unknown[]} args
 * @returns {Promise<T>}
 */
export function callInWorker(module, fn, ...args) {
  return /** @type {Promise<T>} */ (send(module.href, fn, args));
}
