// A bench server child: BENCH_SERVER_TARGET says which server (bare node:http, ours, Fastify 5 doing
// the same work); BENCH_SERVER_AUTH=off starts it without its HMAC check. It reports its port and,
// when asked, its CPU time over IPC. It runs as an esbuild bundle (spawn.ts), not through tsx.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { specAjvPlugin } from "@transfer-call/codegen/validation";
import {
  contentSha256,
  createHmacVerifier,
  createTransferService,
  listen,
  operationsExcept,
  parseImfFixdate,
  silentLogger,
} from "@transfer-call/server";
import type { ServerTarget } from "../args.js";
import { reportToParent, startBareTransfer } from "./child-side.js";
import { ACCESS_KEY, API_VERSION, TRANSFER_OPERATION, TRANSFER_PATH_TEMPLATE } from "./load.js";
import { ReplayStore } from "./replay-store.js";
import type { RouteSchemas } from "./route-schemas.js";

/** Ours' defaults, which the Fastify baseline takes too. */
const TTL_MS = 5 * 60_000;
const MAX_RECORDS = 10_000;
const CLOCK_SKEW_MS = 5 * 60_000;

/** Ours; `oneVersion` serves only the api-version the load names, as a single-version build would. */
async function startOurs(checksSignature: boolean, oneVersion = false): Promise<number> {
  const service = createTransferService({
    ...(oneVersion ? { apiVersions: [API_VERSION] } : {}),
    auth: checksSignature ? { accessKey: ACCESS_KEY } : false,
    logger: silentLogger,
    handlers: {
      transferToParticipant: ({ body }) => ({ status: 202, body: { operationContext: body.operationContext } }),
    },
    notImplemented: operationsExcept(TRANSFER_OPERATION),
  });
  return (await listen(service, { host: "127.0.0.1", port: 0 })).port;
}

/** A path template in Fastify's syntax: a literal ":" doubled, each {parameter} matching any text. */
const fastifyPath = (template: string) => template.replaceAll(":", "::").replace(/\{(\w+)\}/g, ":$1(^.+)");

interface BenchRequest {
  rawBody: Buffer;
  contentHash: string;
  repeatabilityId: string | undefined;
}

/**
 * Fastify 5 doing what ours does for this route: the same JSON schemas (from the committed OpenAPI),
 * the same HMAC verifier in a hook, and repeatable requests over a Map (claim, replay with
 * `Repeatability-Result: accepted`, 409 on another request with the same id, the First-Sent window).
 */
async function startFastify(checksSignature: boolean, schemas: RouteSchemas): Promise<number> {
  const { default: Fastify } = await import("fastify");
  const verify = createHmacVerifier(ACCESS_KEY);
  const replays = new ReplayStore(TTL_MS, MAX_RECORDS);
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true }, plugins: [specAjvPlugin] },
  });
  const state = (request: unknown) => request as BenchRequest;
  const refuse = (code: number, errorCode: string, message: string, target: string) => ({
    code,
    body: { error: { code: errorCode, message, target } },
  });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    state(request).rawBody = body as Buffer;
    state(request).contentHash = contentSha256(body as Buffer);
    try {
      done(null, JSON.parse((body as Buffer).toString("utf8")));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  if (checksSignature)
    app.addHook("preValidation", (request, reply, done) => {
      const result = verify(
        {
          method: request.method,
          pathAndQuery: request.url,
          headers: (name) => request.headers[name] as string | undefined,
          body: state(request).rawBody,
        },
        { contentHash: state(request).contentHash },
      );
      if (result.ok) done();
      else reply.code(401).send({ error: { code: "Unauthorized", message: result.reason } });
    });
  app.addHook("preHandler", (request, reply, done) => {
    const id = request.headers["repeatability-request-id"];
    if (typeof id !== "string") return done();
    const now = Date.now();
    const firstSent = parseImfFixdate(String(request.headers["repeatability-first-sent"]));
    let refusal: { code: number; body: unknown } | undefined;
    if (firstSent === undefined || firstSent > now + CLOCK_SKEW_MS || firstSent < now - TTL_MS)
      refusal = refuse(400, "InvalidValue", "Repeatability-First-Sent is not acceptable.", "Repeatability-First-Sent");
    else {
      const claim = replays.claim(id, `${request.method} ${request.url} ${state(request).contentHash}`, now);
      if (claim.kind === "replay") {
        reply.code(claim.response.status).headers(claim.response.headers).header("repeatability-result", "accepted");
        reply.send(claim.response.body);
        return;
      }
      if (claim.kind === "conflict")
        refusal = refuse(409, "Conflict", "This id was used for a different request.", "Repeatability-Request-ID");
      if (claim.kind === "in-progress")
        refusal = refuse(409, "RequestInProgress", "This request is still running.", "Repeatability-Request-ID");
    }
    if (refusal) {
      reply.code(refusal.code).header("repeatability-result", "rejected").send(refusal.body);
      return;
    }
    state(request).repeatabilityId = id;
    reply.header("repeatability-result", "accepted");
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const id = state(request).repeatabilityId;
    if (id !== undefined) {
      if (reply.statusCode >= 500) replays.release(id);
      else
        replays.complete(id, {
          status: reply.statusCode,
          headers: { "content-type": String(reply.getHeader("content-type")) },
          body: String(payload),
        });
    }
    done(null, payload);
  });
  app.post(
    fastifyPath(TRANSFER_PATH_TEMPLATE),
    {
      schema: {
        querystring: schemas.querystring,
        headers: schemas.headers,
        body: schemas.body,
      },
    },
    (request, reply) => {
      const body = request.body as { operationContext?: string };
      reply.code(202).send({ operationContext: body.operationContext });
    },
  );
  await app.listen({ host: "127.0.0.1", port: 0 });
  return (app.server.address() as AddressInfo).port;
}

/** Starts one bench server on 127.0.0.1 and answers its port. */
export function startBenchServer(
  target: ServerTarget,
  checksSignature: boolean,
  schemas: RouteSchemas,
): Promise<number> {
  if (target === "bare") return startBareTransfer();
  if (target === "ours") return startOurs(checksSignature);
  if (target === "ours-one-version") return startOurs(checksSignature, true);
  return startFastify(checksSignature, schemas);
}

if (process.env.BENCH_SERVER_TARGET && process.send) {
  const port = await startBenchServer(
    process.env.BENCH_SERVER_TARGET as ServerTarget,
    process.env.BENCH_SERVER_AUTH !== "off",
    JSON.parse(readFileSync(process.env.BENCH_FASTIFY_SCHEMAS!, "utf8")) as RouteSchemas,
  );
  reportToParent(port);
}
