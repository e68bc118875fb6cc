// Runs tool modules off the main thread. Each message names a module and an export to call; a
// message without `fn` only imports the module, so its load cost overlaps other work.
import { parentPort } from "node:worker_threads";

const port = parentPort!;
port.on("message", async (message: { id: number; module: string; fn?: string; args: unknown[] }) => {
  try {
    const mod = (await import(message.module)) as Record<string, (...args: unknown[]) => unknown>;
    const result = message.fn ? await mod[message.fn]!(...message.args) : undefined;
    port.postMessage({ id: message.id, result });
  } catch (error) {
    const e = error as Error & { problems?: unknown };
    port.postMessage({
      id: message.id,
      error: { name: e.name, message: e.message, stack: e.stack, problems: e.problems },
    });
  }
});
