import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from this file (packages/docs/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The OpenAPI document the page renders: the newest api-version's committed 3.1 output of
 * `pnpm generate` (spec/openapi/3.1.0/openapi.{api-version}.json; api-versions sort by date).
 */
export function openApiSource(root: string = REPO_ROOT): string {
  const dir = "spec/openapi/3.1.0";
  const newest = readdirSync(path.join(root, dir))
    .filter((f) => /^openapi\.[^/]+\.json$/.test(f))
    .sort()
    .at(-1);
  if (!newest) throw new Error(`${dir} holds no openapi.{api-version}.json: run pnpm generate`);
  return `${dir}/${newest}`;
}

/** Where `pnpm build` writes the page; the emulator serves this file at `/docs`. */
export const REFERENCE_PAGE = "packages/docs/dist/index.html";

/** Redoc options: everything the page needs is inline, so nothing is fetched at view time. */
export const REDOC_OPTIONS = {
  expandResponses: "202",
  jsonSampleExpandLevel: 4,
  hideDownloadButton: false,
  pathInMiddlePanel: true,
  requiredPropsFirst: true,
  sortPropsAlphabetically: false,
  expandSingleSchemaField: true,
  theme: {
    typography: {
      fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
      code: { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace" },
    },
  },
} as const;

/** Makes text safe inside a `<script>` element: no `</script`, no `<!--`, no U+2028/2029 surprises. */
export function scriptSafe(text: string): string {
  return text
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "<\\!--")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The one URL the Redoc bundle loads at view time (the sidebar's "API docs by Redocly" logo). */
export const REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

/** A small inline stand-in for that logo, so viewing the page fetches nothing. */
const INLINE_LOGO =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#32329f"/></svg>',
  );

/** The Redoc standalone bundle from the installed `redoc` package, with its CDN logo inlined. */
export async function redocStandalone(): Promise<string> {
  const require = createRequire(import.meta.url);
  const bundle = path.join(path.dirname(require.resolve("redoc/package.json")), "bundles", "redoc.standalone.js");
  return (await readFile(bundle, "utf8")).split(REDOC_CDN_LOGO).join(INLINE_LOGO);
}

/**
 * A self-contained reference page for `document`: the OpenAPI JSON and the Redoc standalone bundle
 * inlined in one HTML file, rendered in the browser by `Redoc.init`. Deterministic for a given
 * document and Redoc version.
 */
export function renderReferencePage(document: Record<string, any>, redoc: string): string {
  const title = `${document.info?.title ?? "API"} ${document.info?.version ?? ""} reference`.trim();
  const spec = scriptSafe(JSON.stringify(document));
  const options = scriptSafe(JSON.stringify(REDOC_OPTIONS));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@transfer-call/docs (Redoc standalone, inlined)">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'">
<title>${escapeHtml(title)}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc-container"></div>
<script>${scriptSafe(redoc)}</script>
<script id="openapi-document" type="application/json">${spec}</script>
<script>
  Redoc.init(
    JSON.parse(document.getElementById("openapi-document").textContent),
    ${options},
    document.getElementById("redoc-container"),
  );
</script>
</body>
</html>
`;
}

/** Reads the committed OpenAPI and the installed Redoc, and returns the page. */
export async function buildReferencePage(root: string = REPO_ROOT): Promise<string> {
  const document = JSON.parse(await readFile(path.join(root, openApiSource(root)), "utf8"));
  return renderReferencePage(document, await redocStandalone());
}
