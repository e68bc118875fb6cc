import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createTransferService, listen, type TransferServiceOptions } from "../../src/index.js";
import type { Logger } from "../../src/runtime/logger.js";

/** A logger that remembers what it was told. */
export function memoryLogger(): Logger & {
  entries: { level: string; message: string; fields?: Record<string, unknown> }[];
} {
  const entries: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void entries.push({ level, message, ...(fields ? { fields } : {}) });
  return { entries, error: at("error"), warn: at("warn"), info: at("info") };
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the service through its node:http adapter on 127.0.0.1, port 0. */
export async function serveNode(options: TransferServiceOptions): Promise<TestServer> {
  const service = createTransferService(options);
  const running = await listen(service, { host: "127.0.0.1", port: 0, closeGraceMs: 100 });
  return { url: running.url, close: running.close };
}

/**
 * Serves the service through its fetch adapter: a real node:http server turns each request into a
 * Web `Request`, hands it to `service.fetch` and writes the `Response` back, as a fetch-based host does.
 */
export async function serveFetch(options: TransferServiceOptions): Promise<TestServer> {
  const service = createTransferService(options);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.on("error", () => {});
    const url = `http://${req.headers.host ?? "127.0.0.1"}${req.url}`;
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method!,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    service.fetch(request).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const ADAPTERS = { "node:http": serveNode, fetch: serveFetch } as const;
