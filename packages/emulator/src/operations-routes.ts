import { existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { CallbackDeliverer } from "./delivery/callback-deliverer.js";
import { latestApiVersion, openApiDocumentsJson } from "./generated/openapi-document.gen.js";
import type { EmulatorStore } from "./stores/emulator-store.js";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** What the operational routes read. */
export interface OperationsContext {
  store: EmulatorStore;
  deliverer: CallbackDeliverer;
  docsDir: string | undefined;
  startedAt: number;
}

/**
 * Serves the routes that are not part of the API, without auth: `GET /health`, the reference page
 * at `/docs`, and the OpenAPI documents: the newest api-version's at `/openapi.json`, each
 * version's at `/openapi/{api-version}.json`. Returns false for every other request.
 */
export async function serveOperationsRoute(
  req: IncomingMessage,
  res: ServerResponse,
  context: OperationsContext,
): Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  if (path === "/health") {
    await serveHealth(res, context);
    return true;
  }
  if (path === "/openapi.json") {
    send(res, 200, CONTENT_TYPES[".json"]!, openApiDocumentsJson[latestApiVersion]!);
    return true;
  }
  const versioned = VERSIONED_DOCUMENT.exec(path);
  if (versioned && Object.hasOwn(openApiDocumentsJson, versioned[1]!)) {
    send(res, 200, CONTENT_TYPES[".json"]!, openApiDocumentsJson[versioned[1]!]!);
    return true;
  }
  if (path === "/docs" || path.startsWith("/docs/")) {
    serveDocs(res, context.docsDir, decodeURIComponent(path.slice("/docs".length)));
    return true;
  }
  return false;
}

/** `/openapi/{api-version}.json`: one api-version's OpenAPI 3.1 document. */
const VERSIONED_DOCUMENT = /^\/openapi\/([\w-]+)\.json$/;

async function serveHealth(res: ServerResponse, context: OperationsContext): Promise<void> {
  const reachable = await context.store.ping();
  let pending: number | null = null;
  if (reachable) pending = await context.store.deliveries.size().catch(() => null);
  const body = {
    status: reachable ? "ok" : "degraded",
    uptimeSeconds: Math.round((Date.now() - context.startedAt) / 1000),
    store: { kind: context.store.kind, location: context.store.location, reachable },
    deliveries: { pending, ...context.deliverer.stats },
  };
  send(res, reachable ? 200 : 503, "application/json", JSON.stringify(body));
}

function serveDocs(res: ServerResponse, docsDir: string | undefined, rest: string): void {
  if (docsDir && existsSync(join(docsDir, "index.html"))) {
    const root = resolve(docsDir);
    const file = resolve(root, `.${normalize(rest === "" || rest === "/" ? "/index.html" : rest)}`);
    if ((file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) {
      send(res, 200, CONTENT_TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
      return;
    }
    send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    return;
  }
  const page =
    "<!doctype html><meta charset=utf-8><title>Transfer call emulator</title>" +
    "<h1>Transfer call emulator</h1>" +
    "<p>The API reference page has not been built. Run <code>pnpm build</code> at the repository root " +
    "and start the emulator with <code>EMULATOR_DOCS_DIR</code> pointing at the folder holding its <code>index.html</code>.</p>" +
    '<p>The OpenAPI document of the newest api-version is at <a href="/openapi.json">/openapi.json</a> (each version\'s at /openapi/{api-version}.json); health at <a href="/health">/health</a>.</p>';
  send(res, 200, CONTENT_TYPES[".html"]!, page);
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
