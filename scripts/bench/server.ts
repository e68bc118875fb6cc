// Bench: the server stub's transfer endpoint against a bare node:http handler and Fastify 5,
// each in a child process (so the load generator's CPU is separate), loaded by autocannon on
// 127.0.0.1 from this process. The same file is the child: BENCH_SERVER_TARGET says which server;
// BENCH_SERVER_AUTH=off starts it without its HMAC check (`pnpm profile:server --unsigned`).
// The child runs as an esbuild bundle of this file (the server stub compiled as it ships, not
// through tsx's development transform), written under node_modules/.cache.
import { type ChildProcess, fork } from "node:child_process";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchCase, median, round } from "./types.js";

export type Target = "ours" | "bare" | "fastify";

const ACCESS_KEY = Buffer.from("bench access key, thirty-two bytes").toString("base64");
const PATH =
  "/calling/callConnections/18dea47f-b081-4107-9a5c-4300819d2c6c:transferToParticipant?api-version=2024-09-15";
const BODY = JSON.stringify({
  targetParticipant: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
  customCallingContext: { voipHeaders: {}, sipHeaders: { "X-MS-Custom-ticket": "T-1234" } },
  operationCallbackUri: "https://app.contoso.com/callback/transfers",
  operationContext: "bench-transfer",
});
// Servers are measured in their steady state: in a fresh process V8's optimising compiler works on
// background threads (counted in the process's CPU time) for the first seconds of load, and the
// repeatability store's first generations fill; half a second of warm-up left both in the measurement.
const WARMUP_S = 2;
const DURATION_S = 3;
/** Each server is measured this many times, interleaved with the others; figures are medians. */
const ROUNDS = 5;
const CONNECTIONS = 16;

// ---------------------------------------------------------------- child: the servers

async function startTarget(target: Target, checksSignature: boolean): Promise<number> {
  if (target === "bare") {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const out = JSON.stringify({ operationContext: body.operationContext });
        res.writeHead(202, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(out),
        });
        res.end(out);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return (server.address() as AddressInfo).port;
  }
  if (target === "ours") {
    const { createTransferService, listen, silentLogger } = await import("../../packages/server/src/index.js");
    const service = createTransferService({
      auth: checksSignature ? { accessKey: ACCESS_KEY } : false,
      logger: silentLogger,
      handlers: {
        transferToParticipant: ({ body }) => ({ status: 202, body: { operationContext: body.operationContext } }),
      },
    });
    return (await listen(service, { host: "127.0.0.1", port: 0 })).port;
  }
  return startFastify(checksSignature);
}

async function startFastify(checksSignature: boolean): Promise<number> {
  const { default: Fastify } = await import("fastify");
  const { readFileSync } = await import("node:fs");
  const { verifyWithKey, decodeAccessKey } = await import("../../packages/server/src/runtime/hmac-signature.js");
  const { isImfFixdate } = await import("../../packages/server/src/runtime/http-date.js");
  const doc = JSON.parse(
    readFileSync(path.join(process.env.BENCH_ROOT ?? ROOT, "spec/openapi/3.0.0/openapi.2024-09-15.json"), "utf8"),
  );
  const definitions = JSON.parse(
    JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"spec#/definitions/'),
  );
  const key = decodeAccessKey(ACCESS_KEY);
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, formats: { "http-date": isImfFixdate } } },
  });
  app.addSchema({ $id: "spec", definitions });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body, done) => {
    (req as unknown as { rawBody: Buffer }).rawBody = body as Buffer;
    try {
      done(null, JSON.parse((body as Buffer).toString("utf8")));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  if (checksSignature)
    app.addHook("preValidation", async (request, reply) => {
      const result = verifyWithKey(
        {
          method: request.method,
          pathAndQuery: request.url,
          headers: (name) => request.headers[name] as string | undefined,
          body: (request as unknown as { rawBody: Buffer }).rawBody,
        },
        key,
      );
      if (!result.ok) return reply.code(401).send({ error: { code: "Unauthorized", message: result.reason } });
    });
  app.post(
    "/calling/callConnections/:callConnectionId(^.+)::transferToParticipant",
    {
      schema: {
        querystring: {
          type: "object",
          required: ["api-version"],
          properties: { "api-version": { $ref: "spec#/definitions/ApiVersion" } },
        },
        headers: {
          type: "object",
          properties: {
            "repeatability-request-id": { type: "string", format: "uuid" },
            "repeatability-first-sent": { type: "string", format: "http-date" },
          },
        },
        body: { $ref: "spec#/definitions/TransferToParticipantRequest" },
        response: { 202: { $ref: "spec#/definitions/TransferCallResponse" } },
      },
    },
    async (request, reply) => {
      const body = request.body as { operationContext?: string };
      return reply.code(202).send({ operationContext: body.operationContext });
    },
  );
  await app.listen({ host: "127.0.0.1", port: 0 });
  return (app.server.address() as AddressInfo).port;
}

if (process.env.BENCH_SERVER_TARGET && process.send) {
  const port = await startTarget(process.env.BENCH_SERVER_TARGET as Target, process.env.BENCH_SERVER_AUTH !== "off");
  process.on("message", (message) => {
    if (message === "cpu") process.send!({ cpu: process.cpuUsage() });
    if (message === "exit") process.exit(0);
  });
  process.send({ port });
}

// ---------------------------------------------------------------- parent: the load

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
export const autocannon = (options: Record<string, unknown>) =>
  (createRequire(import.meta.url)("autocannon") as Autocannon)(options);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The environment that makes the bundled child start a server: which one, whether it checks HMAC
 * signatures, and the repository root (the bundle lives under node_modules/.cache, so it cannot find
 * the spec, which Fastify's schemas come from, on its own).
 */
export function childEnv(target: Target, checksSignature = true): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BENCH_SERVER_TARGET: target,
    BENCH_SERVER_AUTH: checksSignature ? "on" : "off",
    BENCH_ROOT: ROOT,
  };
}

/** Bundles this file for the child processes: our server code as plain JavaScript, packages external. */
export async function bundleChild(): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = path.join(ROOT, "node_modules/.cache/transfer-call-bench/server-child.mjs");
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

interface Server {
  port: number;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): void;
}

async function spawnTarget(target: Target, childModule: string): Promise<Server> {
  const child: ChildProcess = fork(childModule, [], {
    execArgv: [],
    env: childEnv(target),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
  return {
    port,
    cpu: () =>
      new Promise((resolve) => {
        child.once("message", (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu));
        child.send("cpu");
      }),
    stop: () => {
      child.send("exit");
      setTimeout(() => child.kill(), 1000).unref();
    },
  };
}

function signedHeaders(port: number): Record<string, string> {
  const date = new Date().toUTCString();
  const hash = createHash("sha256").update(BODY).digest("base64");
  const host = `127.0.0.1:${port}`;
  const signature = createHmac("sha256", Buffer.from(ACCESS_KEY, "base64"))
    .update(`POST\n${PATH}\n${date};${host};${hash}`)
    .digest("base64");
  return {
    "content-type": "application/json",
    "x-ms-date": date,
    "x-ms-content-sha256": hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

interface Measured {
  reqPerSec: number;
  p99Ms: number;
  cpuUsPerReq: number;
  non2xx: number;
}

/**
 * The load for one server. Every request carries a fresh Repeatability-Request-ID (so the repeatable
 * path runs the handler and stores a record, never the replay path), or, with repeatability off, a
 * fresh header of the same size under another name, so the load generator does the same work either way.
 */
export function loadOptions(port: number, repeatable: boolean) {
  const headers = signedHeaders(port);
  const idHeader = repeatable ? "repeatability-request-id" : "x-bench-request-id";
  return {
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: [
      {
        method: "POST",
        path: PATH,
        headers,
        body: BODY,
        setupRequest: (req: { headers: Record<string, string> }) => ({
          ...req,
          headers: { ...req.headers, [idHeader]: randomUUID(), "repeatability-first-sent": new Date().toUTCString() },
        }),
      },
    ],
  };
}

/** Loads one server: a warm-up, then the measured window. */
async function measure(childModule: string, target: Target, repeatable: boolean): Promise<Measured> {
  const server = await spawnTarget(target, childModule);
  try {
    const options = loadOptions(server.port, repeatable);
    await autocannon({ ...options, duration: WARMUP_S });
    const before = await server.cpu();
    const result = await autocannon({ ...options, duration: DURATION_S });
    const after = await server.cpu();
    const cpuUs = after.user - before.user + (after.system - before.system);
    return {
      reqPerSec: round(result.requests.average, 0),
      p99Ms: result.latency.p99,
      cpuUsPerReq: round(cpuUs / Math.max(1, result.requests.total), 1),
      non2xx: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    server.stop();
  }
}

export async function run(): Promise<BenchCase[]> {
  const child = await bundleChild();
  const plan: [string, Target, boolean][] = [
    ["bare", "bare", false],
    ["fastify", "fastify", true],
    ["ours", "ours", true],
    ["oursPlain", "ours", false],
    ["fastifyPlain", "fastify", false],
  ];
  const samples = new Map<string, Measured[]>(plan.map(([key]) => [key, []]));
  // Interleaved rounds, every other one in reverse order: a slow spell on this shared machine (they
  // last seconds to minutes) hits the servers of a round alike, and drift within a round evens out.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, target, repeatable] of round % 2 ? [...plan].reverse() : plan)
      samples.get(key)!.push(await measure(child, target, repeatable));
  }
  const pick = (key: string): Measured => {
    const runs = samples.get(key)!;
    return {
      reqPerSec: median(runs.map((r) => r.reqPerSec)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      cpuUsPerReq: median(runs.map((r) => r.cpuUsPerReq)),
      non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    };
  };
  const [bare, fastify, ours, oursPlain, fastifyPlain] = ["bare", "fastify", "ours", "oursPlain", "fastifyPlain"].map(
    pick,
  ) as [Measured, Measured, Measured, Measured, Measured];
  const figures = (m: Measured) => ({
    reqPerSec: m.reqPerSec,
    p99Ms: m.p99Ms,
    cpuUsPerReq: m.cpuUsPerReq,
    failed: m.non2xx,
    rounds: ROUNDS,
  });
  // Ratios are taken within each round, between servers measured minutes apart at most, and their
  // median is reported: a ratio of medians would compare figures from different spells.
  const ratio = (key: string, baseline: string, figure: (m: Measured) => number) =>
    round(median(samples.get(key)!.map((m, i) => figure(m) / figure(samples.get(baseline)![i]!))));
  const reqPerSec = (m: Measured) => m.reqPerSec;
  const cpu = (m: Measured) => m.cpuUsPerReq;
  const vsBare = (key: string) => ratio(key, "bare", reqPerSec);
  const vsFastify = (key: string, baseline: string) => ratio(key, baseline, reqPerSec);
  return [
    { name: "server: bare node:http parse + echo (baseline)", metrics: figures(bare) },
    {
      name: "server: Fastify 5 JSON-schema route + HMAC hook (baseline)",
      metrics: { ...figures(fastify), repeatabilityHeaders: "fresh id per request (ignored)" },
    },
    {
      name: "server: transfer endpoint (HMAC + validation + repeatability, fresh id per request) vs bare node",
      metrics: { ...figures(ours), cpuVsBare: ratio("ours", "bare", cpu) },
      ratio: { value: vsBare("ours"), goal: ">= 0.75x bare node req/s", ok: vsBare("ours") >= 0.75 },
    },
    {
      name: "server: transfer endpoint (repeatability, fresh id per request) vs Fastify 5",
      metrics: {
        reqPerSec: ours.reqPerSec,
        fastifyReqPerSec: fastify.reqPerSec,
        cpuVsFastify: ratio("ours", "fastify", cpu),
      },
      ratio: {
        value: vsFastify("ours", "fastify"),
        goal: ">= 1.1x Fastify req/s",
        ok: vsFastify("ours", "fastify") >= 1.1,
      },
    },
    {
      name: "server: transfer endpoint without repeatability headers vs bare node",
      metrics: { ...figures(oursPlain), cpuVsBare: ratio("oursPlain", "bare", cpu) },
      ratio: { value: vsBare("oursPlain"), goal: ">= 0.75x bare node req/s", ok: vsBare("oursPlain") >= 0.75 },
    },
    {
      name: "server: transfer endpoint without repeatability headers vs Fastify 5",
      metrics: {
        reqPerSec: oursPlain.reqPerSec,
        fastifyReqPerSec: fastifyPlain.reqPerSec,
        cpuVsFastify: ratio("oursPlain", "fastifyPlain", cpu),
      },
      ratio: {
        value: vsFastify("oursPlain", "fastifyPlain"),
        goal: ">= 1.1x Fastify req/s",
        ok: vsFastify("oursPlain", "fastifyPlain") >= 1.1,
      },
    },
  ];
}
