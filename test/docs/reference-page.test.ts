// The reference page (packages/docs): `pnpm build` output rendered in headless Chromium from a
// node:http server on 127.0.0.1. Shows the operation, its parameters and an example render, that
// the page fetches nothing from anywhere else (Redoc is inlined, no CDN), and saves a screenshot;
// then that its api-version picker shows each version's own models.
import { execFile } from "node:child_process";
import { mkdir, readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openApiSource,
  openApiSources,
  REFERENCE_PAGE,
  renderReferencePage,
  scriptSafe,
} from "../../packages/docs/src/index.js";

const root = path.resolve(import.meta.dirname, "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Waits for the element, then asserts it is on screen (playwright-core has no test matchers). */
async function visible(locator: ReturnType<Page["locator"]>): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: 15_000 });
  expect(await locator.isVisible()).toBe(true);
}

let server: http.Server;
let origin: string;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];
let spec: Record<string, any>;

beforeAll(async () => {
  // The same command `pnpm build` runs for this package.
  await promisify(execFile)(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/build.ts"], {
    cwd: path.join(root, "packages/docs"),
  });
  spec = JSON.parse(await readFile(path.join(root, openApiSource(root)), "utf8"));
  const html = await readFile(path.join(root, REFERENCE_PAGE));
  server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    if (pathname === "/docs" || pathname === "/docs/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:", "about:"].includes(url.protocol) && url.origin !== origin)
      foreignRequests.push(request.url());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${origin}/docs`, { waitUntil: "load" });
  await page.locator("h2", { hasText: "Transfer the call to a participant." }).first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("reference page", () => {
  it("is one self-contained file: Redoc and the OpenAPI inlined, no external script or stylesheet", async () => {
    const html = await readFile(path.join(root, REFERENCE_PAGE), "utf8");
    expect((await stat(path.join(root, REFERENCE_PAGE))).size).toBeGreaterThan(500_000);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).toContain("Redoc.init(");
    expect(html).toContain("CallConnection_TransferToParticipant");
  });

  it("renders the operation with its path and verb", async () => {
    const operation = spec.paths["/calling/callConnections/{callConnectionId}:transferToParticipant"].post;
    await visible(page.locator("h2", { hasText: operation.summary }).first());
    const body = await page.locator("body").textContent();
    expect(body).toContain("/calling/callConnections/{callConnectionId}:transferToParticipant");
    expect(body).toMatch(/\bpost\b/i);
  });

  it("renders every parameter of the operation by its wire name", async () => {
    const operation = spec.paths["/calling/callConnections/{callConnectionId}:transferToParticipant"].post;
    const names: string[] = operation.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(["api-version", "callConnectionId", "Repeatability-Request-ID", "Repeatability-First-Sent"]);
    for (const name of names) {
      await visible(page.locator(`td[kind="field"][title="${name}"]`).first());
    }
  });

  it("renders a request example from the spec's examples", async () => {
    const examples =
      spec.paths["/calling/callConnections/{callConnectionId}:transferToParticipant"].post.requestBody.content[
        "application/json"
      ].examples;
    const first = Object.values<any>(examples)[0].value;
    const sample = page
      .locator('[role="tabpanel"]', {
        hasText: first.targetParticipant.communicationUser?.id ?? first.operationContext,
      })
      .first();
    await visible(sample);
    const text = await sample.textContent();
    expect(text).toContain(`"operationContext"`);
    expect(text).toContain(first.operationContext);
  });

  it("fetched nothing beyond 127.0.0.1 and threw no script errors; screenshot saved", async () => {
    await mkdir(path.join(root, "test-results"), { recursive: true });
    const file = path.join(root, "test-results", "reference-page.png");
    await page.locator("h2", { hasText: "Transfer the call to a participant." }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: file, fullPage: false });
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** A request-body field of the rendered operation, by its wire name. */
const field = (name: string) => page.locator(`td[kind="field"][title="${name}"]`);

/** Picks an api-version in the page's picker and waits for Redoc to render that version. */
async function pick(apiVersion: string): Promise<void> {
  await page.getByLabel("api-version").selectOption(apiVersion);
  await page.locator("#api-version-status", { hasText: `Showing api-version ${apiVersion}.` }).waitFor();
  await page.locator("h2", { hasText: "Transfer the call to a participant." }).first().waitFor();
}

/** Opens the `customCallingContext` (or `customContext`) field to show its properties. */
async function expand(name: string): Promise<void> {
  await field(name)
    .first()
    .getByRole("button", { name: `expand ${name}` })
    .click();
  await visible(field("voipHeaders").first());
}

describe("api-version picker", () => {
  const versions = openApiSources(root).map((f) => /openapi\.(.+)\.json$/.exec(f)![1]!);

  it("lists every api-version, newest first and selected, under an accessible label", async () => {
    const picker = page.getByLabel("api-version");
    expect(await picker.evaluate((el) => (el as HTMLSelectElement).value)).toBe(versions.at(-1));
    const listed = await picker
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(listed).toEqual([...versions].reverse());
    expect(versions).toHaveLength(7);
  });

  it("the newest shows teamsPhoneCallDetails inside customCallingContext", async () => {
    await expand("customCallingContext");
    await visible(field("teamsPhoneCallDetails").first());
  });

  it("2024-09-15 shows sourceCallerIdNumber and no teamsPhoneCallDetails", async () => {
    await pick("2024-09-15");
    await visible(field("sourceCallerIdNumber").first());
    await expand("customCallingContext");
    expect(await field("teamsPhoneCallDetails").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("api-version")).toBe("2024-09-15");
    expect(await page.title()).toContain("2024-09-15");
  });

  it("2023-03-06 shows customContext, not customCallingContext nor sourceCallerIdNumber", async () => {
    await pick("2023-03-06");
    await visible(field("customContext").first());
    expect(await field("customCallingContext").count()).toBe(0);
    expect(await field("sourceCallerIdNumber").count()).toBe(0);
  });

  it("opens at the version the URL names (?api-version=), still fetching nothing", async () => {
    await page.goto(`${origin}/docs?api-version=2023-03-06`, { waitUntil: "load" });
    await page.locator("#api-version-status", { hasText: "Showing api-version 2023-03-06." }).waitFor();
    expect(await page.getByLabel("api-version").evaluate((el) => (el as HTMLSelectElement).value)).toBe("2023-03-06");
    await visible(field("customContext").first());
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("page assembly", () => {
  it("keeps inlined text from closing the script element early", () => {
    const html = renderReferencePage(
      { info: { title: "T</script><b>", version: "1" }, description: "</script><!--" },
      "var x = '</script>';",
    );
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain("<title>T&lt;/script&gt;&lt;b&gt; 1 reference</title>");
    expect(scriptSafe("a</SCRIPT>b")).toBe("a<\\/SCRIPT>b");
  });
});
