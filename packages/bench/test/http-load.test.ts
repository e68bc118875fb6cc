import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpLoad, parseResponse } from "../src/load/http-load.js";
import { httpMessage } from "../src/server/load.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A real node:http server on 127.0.0.1 that answers with `answer`; resolves to its port and what it saw. */
async function serve(answer: (body: string, res: ServerResponse, n: number) => void) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("latin1");
      seen.push(`${req.method} ${req.url} ${req.headers["x-n"]} ${body}`);
      answer(body, res, seen.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.closeIdleConnections();
  return { port: (server.address() as AddressInfo).port, seen, server };
}

/** A bodiless GET of `/`, the request of the tests that only count. */
const getRoot = () => httpMessage("GET", "/", { host: "127.0.0.1" }, "");
/** An empty 200. */
const ok = (_body: string, res: ServerResponse) => res.writeHead(200, { "content-length": "0" }).end();

describe("httpLoad, the benches' load generator", () => {
  it("sends the messages it is given, one in flight per connection, and counts every response", async () => {
    const { port, seen } = await serve((body, res) => res.writeHead(202).end(`{"echo":${body}}`));
    let n = 0;
    const bodies: string[] = [];
    const result = await httpLoad({
      port,
      connections: 4,
      amount: 50,
      next: () => httpMessage("POST", "/things?x=1", { host: "127.0.0.1", "x-n": String(n++) }, `{"n":${n}}`),
      onResponse: (status, body) => bodies.push(`${status} ${body}`),
    });
    expect(result).toMatchObject({ responses: 50, non2xx: 0, errors: 0, timeouts: 0 });
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((s) => s.split(" ")[2])).size).toBe(50);
    expect(seen[0]).toMatch(/^POST \/things\?x=1 \d+ \{"n":\d+\}$/);
    expect(bodies[0]).toMatch(/^202 \{"echo":\{"n":\d+\}\}$/);
    expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p50);
    expect(result.reqPerSec).toBeGreaterThan(0);
  });

  it("counts answers outside 2xx, and reads chunked and bodiless responses", async () => {
    const { port } = await serve((_body, res, n) => {
      if (n % 3 === 0) res.writeHead(204).end();
      else if (n % 3 === 1) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.write("part one, ");
        res.end("part two");
      } else res.writeHead(404, { "content-length": "2" }).end("no");
    });
    const bodies: string[] = [];
    const result = await httpLoad({
      port,
      connections: 1,
      amount: 6,
      next: getRoot,
      onResponse: (status, body) => bodies.push(`${status}:${body}`),
    });
    expect(result).toMatchObject({ responses: 6, non2xx: 4, errors: 0 });
    expect(bodies.slice(0, 3)).toEqual(["500:part one, part two", "404:no", "204:"]);
  });

  it("loads for a duration and stops, with every connection closed", async () => {
    const { port, server } = await serve(ok);
    const result = await httpLoad({
      port,
      connections: 2,
      durationS: 0.3,
      next: getRoot,
    });
    expect(result.responses).toBeGreaterThan(0);
    expect(result.errors + result.timeouts + result.non2xx).toBe(0);
    const open = () => new Promise<number>((resolve) => server.getConnections((_e, count) => resolve(count)));
    // The server hears of the closes on its next turns of the event loop.
    await expect.poll(open, { timeout: 2000 }).toBe(0);
  });

  it("paces requests to the rate asked for", async () => {
    const { port } = await serve(ok);
    const started = performance.now();
    const result = await httpLoad({
      port,
      connections: 4,
      amount: 20,
      rate: 100,
      next: getRoot,
    });
    expect(result.responses).toBe(20);
    // The 20th request is due 190 ms after the start at 100 a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(185);
  });

  it("counts a request nobody answers as a timeout and goes on on a new connection", async () => {
    const { port } = await serve((_b, res, n) => {
      if (n !== 2) ok(_b, res);
    });
    const result = await httpLoad({
      port,
      connections: 1,
      amount: 4,
      timeoutS: 0.2,
      next: getRoot,
    });
    expect(result).toMatchObject({ responses: 3, timeouts: 1, errors: 0 });
  });

  it("counts refused connections as errors instead of waiting", async () => {
    const { port, server } = await serve(() => {});
    await new Promise((resolve) => server.close(resolve));
    servers.length = 0;
    const result = await httpLoad({
      port,
      connections: 2,
      amount: 3,
      next: getRoot,
    });
    expect(result.responses).toBe(0);
    expect(result.errors).toBe(3);
  });

  it("parses a response only once all of it is in", () => {
    const whole = Buffer.from("HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n");
    expect(parseResponse(whole.subarray(0, 30))).toBeUndefined();
    expect(parseResponse(whole.subarray(0, 48))).toBeUndefined();
    expect(parseResponse(whole)).toEqual({ status: 202, body: "hello", length: 49 });
    const chunked = Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    expect(parseResponse(chunked.subarray(0, chunked.length - 2))).toBeUndefined();
    expect(parseResponse(chunked)).toEqual({ status: 200, body: "abc", length: chunked.length });
  });
});
