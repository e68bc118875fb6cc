import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { HttpLoadOptions } from "../load/http-load.js";
import { httpMessage, signedHeaders, transferPath } from "../server/load.js";

/**
 * The callback receiver of the emulator bench, in the load generator's process: it answers every
 * POST 204 on a kept-alive connection and notes when each event (by operationContext) arrived.
 */
export class BenchReceiver {
  /** operationContext → performance.now() at arrival, for the contexts being timed. */
  readonly arrivals = new Map<string, number>();
  /** Distinct operationContexts received (a redelivered event counts once). */
  readonly seen = new Set<string>();
  events = 0;
  /** POSTs received. */
  posts = 0;
  #server: Server;
  readonly #sockets = new Set<Socket>();
  #port = 0;

  private constructor() {
    this.#server = this.#create();
  }

  static async start(): Promise<BenchReceiver> {
    const receiver = new BenchReceiver();
    await receiver.#listen(0);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/events`;
  }

  /** Stops answering: the port refuses connections until `resume`. */
  async pause(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Listens again on the same port. */
  async resume(): Promise<void> {
    this.#server = this.#create();
    await this.#listen(this.#port);
  }

  close(): Promise<void> {
    return this.pause();
  }

  #create(): Server {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const at = performance.now();
        this.posts += 1;
        for (const event of JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          data: { operationContext: string };
        }[]) {
          const context = event.data.operationContext;
          this.events += 1;
          this.seen.add(context);
          if (!this.arrivals.has(context)) this.arrivals.set(context, at);
        }
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    return server;
  }

  async #listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }
}

/**
 * httpLoad's requests and response handler for signed transfers, each on a new call with a unique
 * operationContext (`<run>-<n>`) and the receiver's URL as operationCallbackUri; `accepted` gets
 * the operationContext of each transfer answered 202, and `sentAt`, when given, the time each
 * request was built (sent right after).
 */
export function transferLoad(
  port: number,
  run: string,
  callbackUri: string,
  accepted: Set<string>,
  sentAt?: Map<string, number>,
): Pick<HttpLoadOptions, "port" | "next" | "onResponse"> {
  let n = 0;
  const host = `127.0.0.1:${port}`;
  return {
    port,
    onResponse: (status, body) => {
      if (status === 202) accepted.add((JSON.parse(body) as { operationContext: string }).operationContext);
    },
    next: () => {
      const context = `${run}-${n++}`;
      const path = transferPath(context);
      const body = JSON.stringify({
        targetParticipant: {
          kind: "communicationUser",
          rawId: "8:acs:bench",
          communicationUser: { id: "8:acs:bench" },
        },
        operationCallbackUri: callbackUri,
        operationContext: context,
      });
      const message = httpMessage("POST", path, { host, ...signedHeaders(port, new Date(), path, body) }, body);
      sentAt?.set(context, performance.now());
      return message;
    },
  };
}

/** A process's resident set size in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kib / 1024);
}

/** Resolves once `done()` holds, checking every 50 ms, or after `timeoutMs` (answering whether it held). */
export async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
