import { fileURLToPath } from "node:url";
import { CallAutomationClient as SdkClient } from "@azure/communication-call-automation";
import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import { bearerTokenCredential, CallAutomationClient, LATEST_API_VERSION, type paths } from "@transfer-call/client";
import createClient from "openapi-fetch";
import { type BenchCase, median, round } from "../bench-case.js";
import { bundleSize } from "../client/bundle-size.js";
import { secondOperationCase } from "../client/second-operation.js";
import { API_VERSION } from "../server/load.js";

/**
 * The client package against openapi-fetch alone and the official SDK, in one run:
 * 1. the bundle of one full transfer call (esbuild, minified, gzip -9);
 * 2. per-call time with the transport stubbed in-process: ours (bearer, i.e. no signing work)
 *    vs openapi-fetch alone sending the same request with the same headers;
 * 3. the µs HMAC signing adds per call, ours vs the official SDK, each measured as
 *    (access key) − (static bearer token) with the same stubbed transport (ours signs with
 *    node:crypto here: Node takes the `node` condition);
 * 4. the bundle of one transfer call when the spec has a second operation (client/second-operation.ts).
 */

/** The bench package: bundles resolve the workspace and npm packages from here. */
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const KEY = Buffer.from("bench-key-bench-key-bench-key-32").toString("base64");
const ENDPOINT = "https://contoso.communication.azure.com";
const CONNECTION_STRING = `endpoint=${ENDPOINT}/;accesskey=${KEY}`;
const TARGET = { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } as const;
const PATH = "/calling/callConnections/{callConnectionId}:transferToParticipant" as const;
const REPLY = '{"operationContext":"ctx"}';

const ENTRIES = {
  ours: `import { CallAutomationClient } from "@transfer-call/client";
export const go = (cs, id) => new CallAutomationClient(cs).transferToParticipant(id, { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } });`,
  openapiFetch: `import createClient from "openapi-fetch";
export const go = (url, id) => createClient({ baseUrl: url }).POST(${JSON.stringify(PATH)}, { params: { path: { callConnectionId: id }, query: { "api-version": "${API_VERSION}" } }, body: { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } } });`,
  sdk: `import { CallAutomationClient } from "@azure/communication-call-automation";
export const go = (cs, id) => new CallAutomationClient(cs, { apiVersion: "${API_VERSION}" }).getCallConnection(id).transferCallToParticipant({ phoneNumber: "+14255550123" });`,
};

/**
 * µs per call: alternating rounds of `iterations` sequential calls. Each figure is the median over
 * rounds; each difference (`[a, b]` → a − b) is the median of the per-round differences, so a slow
 * spell of a loaded machine hits both sides of it alike.
 */
async function perCall(
  fns: Record<string, () => Promise<unknown>>,
  iterations: number,
  rounds: number,
  differences: Record<string, [string, string]>,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) for (let i = 0; i < iterations; i++) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const started = performance.now();
      for (let i = 0; i < iterations; i++) await fn();
      samples[name]!.push(((performance.now() - started) * 1000) / iterations);
    }
  }
  const figures = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  for (const [name, [a, b]] of Object.entries(differences)) {
    figures[name] = median(samples[a]!.map((value, i) => value - samples[b]![i]!));
  }
  return figures;
}

export async function run(): Promise<BenchCase[]> {
  // 1. Bundles.
  const ours = await bundleSize(ENTRIES.ours, "browser", PACKAGE_DIR);
  const openapiFetch = await bundleSize(ENTRIES.openapiFetch, "browser", PACKAGE_DIR);
  let sdk: { min: number; gz: number };
  let sdkPlatform = "browser";
  try {
    sdk = await bundleSize(ENTRIES.sdk, "browser", PACKAGE_DIR);
  } catch {
    sdkPlatform = "node";
    sdk = await bundleSize(ENTRIES.sdk, "node", PACKAGE_DIR);
  }
  const sizeGoal = 4 * 1024;

  // 2. Per-call overhead with the transport stubbed.
  const reply = () => new Response(REPLY, { status: 202, headers: { "content-type": "application/json" } });
  const stubFetch = async () => reply();
  const oursBearer = new CallAutomationClient(ENDPOINT, bearerTokenCredential("token"), { fetch: stubFetch });
  const oursHmac = new CallAutomationClient(CONNECTION_STRING, { fetch: stubFetch });
  const plain = createClient<paths>({ baseUrl: ENDPOINT, fetch: stubFetch });
  const request = { targetParticipant: TARGET, operationContext: "ctx" };
  const fns = {
    ours: () => oursBearer.transferToParticipant("c1", request),
    openapiFetch: () =>
      plain.POST(PATH, {
        params: {
          path: { callConnectionId: "c1" },
          query: { "api-version": LATEST_API_VERSION },
          header: {
            "Repeatability-Request-ID": crypto.randomUUID(),
            "Repeatability-First-Sent": new Date().toUTCString(),
          },
        },
        headers: { Authorization: "Bearer token" },
        body: request,
      }),
    oursHmac: () => oursHmac.transferToParticipant("c1", request),
  };

  // 3. The official SDK with its transport stubbed (a custom HttpClient), HMAC vs bearer.
  const httpClient: HttpClient = {
    async sendRequest(req: PipelineRequest) {
      return {
        request: req,
        status: 202,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: REPLY,
      };
    },
  };
  const tokenCredential = { getToken: async () => ({ token: "token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const sdkOptions = { apiVersion: API_VERSION, httpClient, retryOptions: { maxRetries: 0 } };
  const sdkHmac = new SdkClient(CONNECTION_STRING, sdkOptions).getCallConnection("c1");
  const sdkBearer = new SdkClient(ENDPOINT, tokenCredential, sdkOptions).getCallConnection("c1");
  const sdkFns = {
    sdkBearer: () => sdkBearer.transferCallToParticipant({ phoneNumber: "+14255550123" }, { operationContext: "ctx" }),
    sdkHmac: () => sdkHmac.transferCallToParticipant({ phoneNumber: "+14255550123" }, { operationContext: "ctx" }),
  };

  const times = await perCall({ ...fns, ...sdkFns }, 1000, 15, {
    oursHmacCost: ["oursHmac", "ours"],
    sdkHmacCost: ["sdkHmac", "sdkBearer"],
  });
  const overhead = times.ours! / times.openapiFetch!;
  const oursHmacCost = times.oursHmacCost!;
  const sdkHmacCost = times.sdkHmacCost!;

  return [
    {
      name: "client: bundle of one transfer call with auth + retries (min+gz)",
      metrics: {
        oursGzBytes: ours.gz,
        oursMinBytes: ours.min,
        openapiFetchAloneGzBytes: openapiFetch.gz,
        officialSdkGzBytes: sdk.gz,
        officialSdkMinBytes: sdk.min,
        officialSdkPlatform: sdkPlatform,
      },
      ratio: { value: round(ours.gz / 1024, 2), goal: "<= 4 KB gz", ok: ours.gz <= sizeGoal },
    },
    {
      name: "client: per-call time, fetch stubbed (ours with bearer vs openapi-fetch alone, same request)",
      metrics: {
        oursUs: round(times.ours!),
        openapiFetchUs: round(times.openapiFetch!),
        officialSdkBearerUs: round(times.sdkBearer!),
      },
      ratio: { value: round(overhead), goal: "<= 1.2x openapi-fetch alone", ok: overhead <= 1.2 },
    },
    {
      name: "client: µs HMAC-SHA256 signing adds per call (access key − bearer), ours vs official SDK",
      metrics: {
        oursHmacUs: round(times.oursHmac!),
        oursAddedUs: round(oursHmacCost),
        officialSdkHmacUs: round(times.sdkHmac!),
        officialSdkAddedUs: round(sdkHmacCost),
      },
      ratio: {
        value: round(oursHmacCost / sdkHmacCost),
        goal: "<= 1x the official SDK's",
        ok: oursHmacCost <= sdkHmacCost,
      },
    },
    await secondOperationCase(),
  ];
}
