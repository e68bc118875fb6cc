import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from this file (packages/docs/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The OpenAPI documents the page offers, oldest api-version first: the committed 3.1 outputs of
 * `pnpm generate` (spec/openapi/3.1.0/openapi.{api-version}.json; api-versions sort by date).
 */
export function openApiSources(root: string = REPO_ROOT): string[] {
  const dir = "spec/openapi/3.1.0";
  const files = readdirSync(path.join(root, dir))
    .filter((f) => /^openapi\.[^/]+\.json$/.test(f))
    .sort();
  if (!files.length) throw new Error(`${dir} holds no openapi.{api-version}.json: run pnpm generate`);
  return files.map((f) => `${dir}/${f}`);
}

/** The document the page shows first: the newest api-version's. */
export function openApiSource(root: string = REPO_ROOT): string {
  return openApiSources(root).at(-1)!;
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

/** The id of the inline JSON element that holds one api-version's document. */
const documentId = (apiVersion: string) => `openapi-${apiVersion}`;

/**
 * A self-contained reference page for `documents` (one per api-version, oldest first): each
 * OpenAPI JSON and the Redoc standalone bundle inlined in one HTML file. A labelled `<select>`
 * picks the api-version (the newest by default, or `?api-version=` in the URL); the page renders
 * the chosen document with `Redoc.init`. Deterministic for given documents and Redoc version.
 */
export function renderReferencePage(
  documents: Record<string, any> | readonly Record<string, any>[],
  redoc: string,
): string {
  const docs = Array.isArray(documents) ? documents : [documents];
  const newest = docs.at(-1) ?? {};
  const versionOf = (doc: Record<string, any>) => String(doc.info?.version ?? "");
  const title = `${newest.info?.title ?? "API"} ${versionOf(newest)} reference`.trim();
  const options = scriptSafe(JSON.stringify(REDOC_OPTIONS));
  const choices = docs
    .map((doc) => {
      const v = escapeHtml(versionOf(doc));
      return `<option value="${v}"${doc === newest ? " selected" : ""}>${v}${doc === newest ? " (newest)" : ""}</option>`;
    })
    .reverse()
    .join("");
  const inline = docs
    .map(
      (doc) =>
        `<script id="${escapeHtml(documentId(versionOf(doc)))}" type="application/json">${scriptSafe(JSON.stringify(doc))}</script>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@transfer-call/docs (Redoc standalone, inlined)">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'">
<title>${escapeHtml(title)}</title>
<style>
body { margin: 0; padding: 0; }
.version-picker { display: flex; gap: 0.5em; align-items: center; padding: 0.5em 1em; border-bottom: 1px solid #ddd; font: 14px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.version-picker select { font: inherit; padding: 0.2em 0.4em; }
</style>
</head>
<body>
<header class="version-picker">
<label for="api-version">api-version</label>
<select id="api-version">${choices}</select>
<span id="api-version-status" role="status" aria-live="polite"></span>
</header>
<main id="redoc-container"></main>
<script>${scriptSafe(redoc)}</script>
${inline}
<script>
(function () {
  var select = document.getElementById("api-version");
  var status = document.getElementById("api-version-status");
  var container = document.getElementById("redoc-container");
  var options = ${options};
  function show(apiVersion) {
    var doc = JSON.parse(document.getElementById("openapi-" + apiVersion).textContent);
    document.title = (doc.info.title + " " + apiVersion + " reference").trim();
    status.textContent = "Showing api-version " + apiVersion + ".";
    Redoc.init(doc, options, container);
  }
  var asked = new URLSearchParams(location.search).get("api-version");
  if (asked && document.getElementById("openapi-" + asked)) select.value = asked;
  select.addEventListener("change", function () {
    var url = new URL(location.href);
    url.searchParams.set("api-version", select.value);
    url.hash = "";
    history.replaceState(null, "", url);
    show(select.value);
  });
  show(select.value);
})();
</script>
</body>
</html>
`;
}

/** Reads every api-version's committed OpenAPI and the installed Redoc, and returns the page. */
export async function buildReferencePage(root: string = REPO_ROOT): Promise<string> {
  const documents = await Promise.all(
    openApiSources(root).map(async (file) => JSON.parse(await readFile(path.join(root, file), "utf8"))),
  );
  return renderReferencePage(documents, await redocStandalone());
}
