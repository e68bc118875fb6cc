// The load generator of every bench: closed-loop HTTP/1.1 over keep-alive connections to 127.0.0.1,
// one request in flight per connection, each request's bytes built by the caller and written in one
// write. It takes about 25 µs of the load's core per request, so each bench server saturates its core
// before the load generator does (autocannon, rebuilding each request from header objects, took
// 50–85 µs per request and capped every server near 12k req/s, bare node:http at half its core).
import net from "node:net";

export interface HttpLoadOptions {
  port: number;
  /** Open connections, each with one request in flight. */
  connections: number;
  /** Sends for this many seconds… */
  durationS?: number;
  /** …or this many requests. */
  amount?: number;
  /** At most this many requests a second over all connections; as fast as answered when absent. */
  rate?: number;
  /** A request unanswered this long counts as a timeout, and its connection is replaced. */
  timeoutS?: number;
  /** The next request: a whole HTTP/1.1 message (latin1), Content-Length set, no `Connection: close`. */
  next(): string;
  /** Every response's status and body (latin1). */
  onResponse?(status: number, body: string): void;
}

export interface HttpLoadResult {
  /** Responses received. */
  responses: number;
  /** Responses received within the sending window, per second of it. */
  reqPerSec: number;
  latencyMs: { p50: number; p99: number };
  non2xx: number;
  /** Connections that failed or closed with a request in flight (and refused connects). */
  errors: number;
  timeouts: number;
}

/** A parsed response: its status, body, and the bytes it took; undefined while incomplete. */
export function parseResponse(buffer: Buffer): { status: number; body: string; length: number } | undefined {
  const headEnd = buffer.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const head = buffer.toString("latin1", 0, headEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  const contentLength = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (contentLength) {
    const end = bodyStart + Number(contentLength[1]);
    if (buffer.length < end) return undefined;
    return { status, body: buffer.toString("latin1", bodyStart, end), length: end };
  }
  if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) return parseChunked(buffer, status, bodyStart);
  // No length and not chunked: a status without a body (1xx, 204, 304) on a kept-alive connection.
  return { status, body: "", length: bodyStart };
}

function parseChunked(buffer: Buffer, status: number, start: number) {
  let at = start;
  let body = "";
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf("\r\n\r\n", lineEnd);
      return end < 0 ? undefined : { status, body, length: end + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    body += buffer.toString("latin1", lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/** Runs one load against 127.0.0.1:`port` and resolves when it is over and every connection is closed. */
export function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const { port, connections, amount, rate } = options;
  if (options.durationS === undefined && amount === undefined)
    throw new RangeError("httpLoad needs a duration or an amount");
  const timeoutMs = (options.timeoutS ?? 10) * 1000;
  const started = performance.now();
  const deadline = options.durationS === undefined ? Infinity : started + options.durationS * 1000;
  const latencies: number[] = [];
  const result = { responses: 0, non2xx: 0, errors: 0, timeouts: 0 };
  let inWindow = 0;
  let sent = 0;
  let finish: () => void = () => {};

  const sending = () => performance.now() < deadline && (amount === undefined || sent < amount);
  /** Requests answered, failed or timed out. */
  const settled = () => result.responses + result.errors + result.timeouts;
  const over = () => !sending() && settled() === sent;

  class Connection {
    socket!: net.Socket;
    pending: Buffer | undefined;
    sentAt = 0;
    inFlight = false;
    closed = false;

    constructor() {
      this.open();
    }

    open(): void {
      const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
      this.socket = socket;
      this.pending = undefined;
      socket.on("connect", () => this.schedule());
      socket.on("data", (chunk: Buffer) => this.read(chunk));
      socket.on("error", () => {});
      socket.on("close", () => {
        if (this.socket !== socket || this.closed) return;
        if (this.inFlight) this.fail("errors");
        else if (!socket.bytesWritten && sending()) {
          sent += 1; // a refused connection fails the request it was opened for
          this.fail("errors");
        }
        if (sending()) setTimeout(() => this.open(), 10);
        else this.end();
      });
    }

    schedule(): void {
      if (!sending()) this.end();
      else if (rate === undefined) this.send();
      else this.pace(rate);
    }

    /** Takes the next paced slot, and sends when it is due. */
    pace(rate: number): void {
      const due = started + (sent / rate) * 1000;
      sent += 1; // reserved: the paced slot is this connection's
      const delay = due - performance.now();
      if (delay > 0) setTimeout(() => this.write(), delay);
      else this.write();
    }

    send(): void {
      sent += 1;
      this.write();
    }

    write(): void {
      this.inFlight = true;
      this.sentAt = performance.now();
      this.socket.write(options.next(), "latin1");
    }

    read(chunk: Buffer): void {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      const response = parseResponse(this.pending);
      if (!response) return;
      this.pending = response.length < this.pending.length ? this.pending.subarray(response.length) : undefined;
      const now = performance.now();
      this.inFlight = false;
      result.responses += 1;
      if (now <= deadline) inWindow += 1;
      latencies.push(now - this.sentAt);
      if (response.status < 200 || response.status > 299) result.non2xx += 1;
      options.onResponse?.(response.status, response.body);
      if (over()) finish();
      else this.schedule();
    }

    fail(kind: "errors" | "timeouts"): void {
      this.inFlight = false;
      result[kind] += 1;
      if (over()) finish();
    }

    /** A request in flight too long: counted, and the connection replaced. */
    expire(now: number): void {
      if (!this.inFlight || now - this.sentAt < timeoutMs) return;
      this.fail("timeouts");
      const old = this.socket;
      this.open();
      old.destroy();
    }

    end(): void {
      if (!this.inFlight && over()) finish();
    }

    close(): void {
      this.closed = true;
      this.socket.destroy();
    }
  }

  return new Promise((resolve) => {
    const pool = Array.from({ length: connections }, () => new Connection());
    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const connection of pool) connection.expire(now);
      if (over()) finish();
    }, 50);
    let done = false;
    finish = () => {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      for (const connection of pool) connection.close();
      const elapsedS = (Math.min(performance.now(), deadline) - started) / 1000;
      const sorted = Float64Array.from(latencies).sort();
      resolve({
        ...result,
        reqPerSec: elapsedS > 0 ? inWindow / elapsedS : 0,
        latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99) },
      });
    };
  });
}
