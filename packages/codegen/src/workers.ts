// One worker thread per tool module, so the heavy imports (openapi-typescript, Spectral, Ajv with
// esbuild) load while the TypeSpec compiler runs on the main thread. Workers run the built dist/
// modules, like everything else; they hold the process open only while a call is pending.
import { Worker } from "node:worker_threads";
import { activeCallMemo } from "./call-memo.js";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const ENTRY = new URL("./worker-entry.js", import.meta.url);
const workers = new Map<string, { worker: Worker; pending: Map<number, Pending> }>();
let nextId = 0;

function workerFor(module: string) {
  let entry = workers.get(module);
  if (entry) return entry;
  const worker = new Worker(ENTRY);
  const pending = new Map<number, Pending>();
  worker.on("message", (message: { id: number; result?: unknown; error?: Error }) => {
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

function send(module: string, fn: string | undefined, args: unknown[]): Promise<unknown> {
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
 */
export function preload(module: URL, fn?: string, ...args: unknown[]): void {
  void send(module.href, fn, args).catch(() => {});
}

/**
 * Calls an exported function of a module in that module's worker; arguments and result are
 * structured-cloned. In the warm `--watch` process, a call the previous run made with the same
 * arguments returns that run's result (call-memo.ts).
 */
export function callInWorker<T>(module: URL, fn: string, ...args: unknown[]): Promise<T> {
  const memo = activeCallMemo;
  if (memo) return memo.call(module.href, fn, args, () => send(module.href, fn, args) as Promise<T>);
  return send(module.href, fn, args) as Promise<T>;
}
