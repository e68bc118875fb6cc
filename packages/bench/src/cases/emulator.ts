/**
 * Bench case for the emulator (issue 5): the transfer endpoint of the emulator (call state,
 * event building and a queued delivery per request, in-memory store) against the bare server stub
 * with a handler that only answers 202, measured in the same run on 127.0.0.1; and the latency
 * from sending a transfer to its CallTransferAccepted event arriving at a node:http receiver.
 * Prints nothing; returns figures (see helper-brief "Bench case shape").
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, startEmulator } from "@transfer-call/emulator";
import { createTransferService, operationsExcept } from "@transfer-call/server";
import type { BenchCase } from "../bench-case.js";

const REQUESTS = 2_000;
const CONCURRENCY = 16;
const accessKey = randomBytes(32).toString("base64");

function signedInit(endpoint: string, callId: string, body: string): [URL, RequestInit] {
  const url = new URL(`calling/callConnections/${callId}:transferToParticipant?api-version=2024-09-15`, endpoint);
  const date = new Date().toUTCString();
  const hash = createHash("sha256").update(body).digest("base64");
  const signature = createHmac("sha256", Buffer.from(accessKey, "base64"))
    .update(`POST\n${url.pathname}${url.search}\n${date};${url.host};${hash}`)
    .digest("base64");
  return [
    url,
    {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-ms-date": date,
        "x-ms-content-sha256": hash,
        authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
      },
    },
  ];
}

/** Sends REQUESTS transfers, CONCURRENCY at a time, each on its own call; returns req/s and latency percentiles. */
async function load(runId: string, endpoint: string, callbackUri: string) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const context = `${runId}-${i}`;
        const body = JSON.stringify({
          targetParticipant: { communicationUser: { id: "8:acs:bench" } },
          operationCallbackUri: callbackUri,
          operationContext: context,
        });
        const [url, init] = signedInit(endpoint, `${runId}-call-${i}`, body);
        const t0 = performance.now();
        const response = await fetch(url, init);
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 202) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    reqPerSec: Math.round(REQUESTS / seconds),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures,
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 100) / 100;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}

export async function run(): Promise<BenchCase[]> {
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      for (const event of JSON.parse(Buffer.concat(chunks).toString()) as { data: { operationContext: string } }[]) {
        arrivals.set(event.data.operationContext, at);
        waiting.get(event.data.operationContext)?.();
      }
      res.writeHead(204).end();
    });
  });
  const callbackUri = `${await listen(receiver)}events`;

  const bare = createTransferService({
    handlers: {
      transferToParticipant: (input) => ({ status: 202, body: { operationContext: input.body.operationContext } }),
    },
    notImplemented: operationsExcept("CallConnection_TransferToParticipant"),
    auth: { accessKey },
    repeatability: false,
    logger: silentLogger,
  });
  const bareServer = createServer(bare.handleNode);
  const bareEndpoint = await listen(bareServer);
  await load("stub-warm-up", bareEndpoint, callbackUri);
  const baseline = await load("stub", bareEndpoint, callbackUri);
  await new Promise((resolve) => bareServer.close(resolve));

  const emulator = await startEmulator({
    port: 0,
    accessKey,
    transferDelayMs: 0,
    logger: silentLogger,
    delivery: { pollIntervalMs: 5 },
  });
  await load("emulator-warm-up", emulator.endpoint, callbackUri);
  const measured = await load("emulator", emulator.endpoint, callbackUri);
  // Unloaded latency: one transfer at a time, each waiting for its event.
  const callbackLatencies: number[] = [];
  for (let i = 0; i < 300; i++) {
    const context = `latency-${i}`;
    const arrived = new Promise<void>((resolve) => waiting.set(context, resolve));
    const body = JSON.stringify({
      targetParticipant: { communicationUser: { id: "8:acs:bench" } },
      operationCallbackUri: callbackUri,
      operationContext: context,
    });
    const t0 = performance.now();
    const response = await fetch(...signedInit(emulator.endpoint, `latency-call-${i}`, body));
    await response.arrayBuffer();
    await arrived;
    callbackLatencies.push(arrivals.get(context)! - t0);
  }
  const drained = await emulator.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));

  const ratio = measured.reqPerSec / baseline.reqPerSec;
  return [
    {
      name: "emulator: transfer endpoint vs bare server stub (202-only handler)",
      metrics: {
        emulatorReqPerSec: measured.reqPerSec,
        emulatorP99Ms: measured.p99Ms,
        stubReqPerSec: baseline.reqPerSec,
        stubP99Ms: baseline.p99Ms,
        emulatorNon202: measured.failures,
        stubNon202: baseline.failures,
      },
      ratio: { value: Math.round(ratio * 100) / 100, goal: ">= 0.6x the bare server stub", ok: ratio >= 0.6 },
    },
    {
      name: "emulator: request sent to CallTransferAccepted received, one at a time (transferDelayMs 0)",
      metrics: {
        transfers: callbackLatencies.length,
        p50Ms: percentile(callbackLatencies, 0.5),
        p99Ms: percentile(callbackLatencies, 0.99),
        undeliveredAfterLoad: drained.remaining ?? "unknown",
      },
    },
  ];
}
