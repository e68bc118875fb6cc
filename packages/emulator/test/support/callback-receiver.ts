import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One POST the receiver got. */
export interface ReceivedCallback {
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  /** 1-based count of requests the receiver got so far, this one included. */
  attempt: number;
  /** What the receiver answered. */
  answered: number | "no answer";
}

/**
 * How the receiver answers the n-th request (1-based): a status; "hang" (no answer until
 * `release()`); or "close-mid-response" (half a response, then the connection is cut).
 */
export type ReceiverBehaviour = (attempt: number) => number | "hang" | "close-mid-response";

/**
 * A real node:http callback receiver on 127.0.0.1 that records what it gets and answers as told.
 * `waitFor` resolves when a recorded callback satisfies a predicate: no sleeps, no timings.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  behaviour: ReceiverBehaviour = () => 200;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #waiters: { predicate: (c: ReceivedCallback) => boolean; resolve: (c: ReceivedCallback) => void }[] = [];
  #attempts = 0;
  readonly #hung: { res: ServerResponse; record: ReceivedCallback }[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Starts a receiver on `port` (0 for a free one). */
  static async start(port = 0): Promise<CallbackReceiver> {
    const server = createServer();
    const receiver = new CallbackReceiver(server);
    server.on("connection", (socket) => {
      receiver.#sockets.add(socket);
      socket.on("close", () => receiver.#sockets.delete(socket));
    });
    server.on("request", (req, res) => void receiver.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The URL to give as operationCallbackUri. */
  url(path = "/events"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Callbacks answered 2xx, in order. */
  get delivered(): ReceivedCallback[] {
    return this.received.filter((c) => typeof c.answered === "number" && c.answered >= 200 && c.answered < 300);
  }

  /** Resolves with the first callback (already received or future) that satisfies `predicate`. */
  waitFor(predicate: (callback: ReceivedCallback) => boolean): Promise<ReceivedCallback> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve }));
  }

  /** Resolves once a callback carrying an event with this operationContext was answered 2xx. */
  waitForDelivery(operationContext: string): Promise<ReceivedCallback> {
    return this.waitFor(
      (c) =>
        typeof c.answered === "number" &&
        c.answered < 300 &&
        Array.isArray(c.body) &&
        c.body.some((e: { data?: { operationContext?: string } }) => e?.data?.operationContext === operationContext),
    );
  }

  /** Resolves with the event carrying this operationContext once a callback with it was answered 2xx. */
  async waitForEvent(operationContext: string): Promise<any> {
    const callback = await this.waitForDelivery(operationContext);
    return (callback.body as { data?: { operationContext?: string } }[]).find(
      (e) => e?.data?.operationContext === operationContext,
    );
  }

  /** Every event received in callbacks answered 2xx, in order. */
  get deliveredEvents(): any[] {
    return this.delivered.flatMap((c) => (Array.isArray(c.body) ? c.body : []));
  }

  /** How many requests wait for an answer ("hang"). */
  get hanging(): number {
    return this.#hung.length;
  }

  /** Answers every hung request with `status`. */
  release(status = 200): void {
    for (const { res, record } of this.#hung.splice(0)) {
      res.writeHead(status).end();
      record.answered = status;
      this.#notify(record);
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const attempt = ++this.#attempts;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const answer = this.behaviour(attempt);
    const record: ReceivedCallback = {
      path: req.url ?? "",
      headers: req.headers,
      body,
      attempt,
      answered: typeof answer === "number" ? answer : "no answer",
    };
    if (answer === "hang") this.#hung.push({ res, record });
    else if (answer === "close-mid-response") {
      res.socket?.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial');
      res.socket?.destroy();
    } else res.writeHead(answer).end();
    this.received.push(record);
    this.#notify(record);
  }

  #notify(record: ReceivedCallback): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(record)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(record);
      }
    }
  }
}
