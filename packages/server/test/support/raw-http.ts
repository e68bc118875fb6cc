import { request } from "node:http";
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through node:http that can repeat a header (array values become separate lines). */
export function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string | string[]>; body?: string | Uint8Array },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Writes raw bytes to the server and collects everything it answers until it closes or `waitMs` passes. */
export function rawSocket(
  url: string,
  chunks: { data: string | Uint8Array; delayMs?: number }[],
  options: { endAfter?: boolean; waitMs?: number } = {},
): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received).toString("latin1"));
    };
    const timer = setTimeout(done, options.waitMs ?? 3000);
    socket.on("data", (c: Buffer) => received.push(c));
    socket.on("close", done);
    socket.on("error", done);
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (chunk.delayMs) await new Promise((r) => setTimeout(r, chunk.delayMs));
        if (socket.destroyed) return;
        socket.write(chunk.data);
      }
      if (options.endAfter) socket.end();
    });
  });
}
