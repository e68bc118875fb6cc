// What every bench child shares: the child's side of spawn.ts's IPC protocol, and the bare node:http
// baseline both the server and the emulator bench start from.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Tells the parent (spawn.ts) the child's port, then answers its "cpu" and "exit" messages. */
export function reportToParent(port: number): void {
  process.on("message", (message) => {
    if (message === "cpu") process.send!({ cpu: process.cpuUsage() });
    if (message === "exit") process.exit(0);
  });
  process.send!({ port });
}

/** The JSON body of a transfer, as the bare baseline reads it. */
export interface BareTransfer {
  operationContext?: string;
  operationCallbackUri?: string;
  targetParticipant?: unknown;
}

/**
 * A bare node:http server on 127.0.0.1: it parses a transfer's JSON body and answers 202 with its
 * operationContext, then calls `after` (if given) with the request-target and the body. Resolves to its port.
 */
export async function startBareTransfer(after?: (target: string, body: BareTransfer) => void): Promise<number> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BareTransfer;
      const out = JSON.stringify({ operationContext: body.operationContext });
      res.writeHead(202, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(out),
      });
      res.end(out);
      after?.(req.url ?? "", body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
