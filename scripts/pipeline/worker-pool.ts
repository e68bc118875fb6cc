import { Worker } from "node:worker_threads";

/**
 * A small pool of worker threads, one per module, so the pipeline's heavy imports
 * (openapi-typescript, Spectral) load while the TypeSpec compiler runs on the main thread.
 * Workers hold the process open only while a call is pending.
 */
interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);
const workers = new Map<string, { worker: Worker; pending: Map<number, Pending> }>();
let nextId = 0;

function workerFor(module: string) {
  let entry = workers.get(module);
  if (entry) return entry;
  const worker = new Worker(ENTRY);
  const pending = new Map<number, Pending>();
  worker.on("message", (message: { id: number; result?: unknown; error?: Error & { problems?: unknown } }) => {
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

/** Starts loading a module in its worker now; later calls to it find it loaded. */
export function preload(module: URL): void {
  void send(module.href, undefined, []).catch(() => {});
}

/** Calls an exported function of a module in that module's worker. Arguments and result are structured-cloned. */
export function callInWorker<T>(module: URL, fn: string, ...args: unknown[]): Promise<T> {
  return send(module.href, fn, args) as Promise<T>;
}
