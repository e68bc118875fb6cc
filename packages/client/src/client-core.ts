import type { ApiVersion } from "./api-types.js";
import type { RequestSender } from "./request-sender.js";

/** What every operation of one client sends with: its endpoint, api-version, sender and error mode. */
export interface ClientCore {
  readonly endpoint: string;
  readonly apiVersion: ApiVersion;
  readonly send: RequestSender;
  readonly throwOnError: boolean;
}

// Kept outside the client class so that a generated operation reaches the core without the class
// importing every operation (each operation is its own export and tree-shakes on its own).
const cores = new WeakMap<object, ClientCore>();

/** Records the core of a client; its constructor calls this once. */
export function registerClientCore(client: object, core: ClientCore): void {
  cores.set(client, core);
}

/** The core of a client made by `new CallAutomationClient(...)`. */
export function clientCore(client: object): ClientCore {
  const core = cores.get(client);
  if (!core) throw new TypeError("Not a CallAutomationClient");
  return core;
}
