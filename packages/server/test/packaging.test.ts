import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFixture, type PackedPackage, packPackage } from "../../client/test/support/packing.js";
import { rawSocket } from "./support/raw-http.js";
import { TRANSFER_PATH, UPSTREAM_EXAMPLE } from "./support/scenarios.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

// The server as a new user gets it: `pnpm pack` alone (its prepack builds dist/), installed with
// npm into a project outside the workspace with no registry access (it has no dependencies), and
// started as its own process.
let packed: PackedPackage;
let fixture: string;

beforeAll(async () => {
  await rm(path.join(PACKAGE_DIR, "dist"), { recursive: true, force: true });
  packed = await packPackage(PACKAGE_DIR, "transfer-server-pack-");
  fixture = await installFixture(packed, "app", "@transfer-call/server", { offline: true });
}, 120_000);

afterAll(async () => {
  if (packed) await rm(packed.workDir, { recursive: true, force: true });
});

const MAIN = `
import { createTransferService, listen, silentLogger } from "@transfer-call/server";
const service = createTransferService({
  handlers: {
    transferToParticipant: ({ body }) => ({ status: 202, body: { operationContext: body.operationContext } }),
  },
  auth: false,
  logger: silentLogger,
});
const server = await listen(service, { host: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ url: server.url }));
process.once("SIGTERM", () => server.close().then(() => console.log(JSON.stringify({ closed: true }))));
`;

/** Starts the fixture app and resolves with its URL once it listens. */
async function start(): Promise<{ child: ChildProcess; url: string; lines: AsyncIterator<string> }> {
  await writeFile(path.join(fixture, "main.js"), MAIN);
  const child = spawn(process.execPath, ["main.js"], { cwd: fixture, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error("the fixture app exited before it listened");
  return { child, url: JSON.parse(first.value).url, lines };
}

describe("the published server package", () => {
  it("is built by pnpm pack itself: the tarball ships dist/ with the generated validators", () => {
    for (const file of ["index.js", "index.d.ts", "runtime/listen.js", "generated/validators.2026-03-12.gen.js"]) {
      expect(packed.files).toContain(`package/dist/${file}`);
    }
  });

  it("installs outside the workspace as the packed files, not a link into it", async () => {
    const installed = path.join(fixture, "node_modules/@transfer-call/server");
    expect(JSON.parse(await readFile(path.join(installed, "package.json"), "utf8")).name).toBe("@transfer-call/server");
    expect((await readFile(path.join(installed, "dist/index.js"), "utf8")).length).toBeGreaterThan(0);
    expect(path.relative(path.resolve(PACKAGE_DIR, "../.."), installed).startsWith("..")).toBe(true);
  });

  it("starts, serves the transfer, answers bad input and malformed HTTP in the API's format, and closes", async () => {
    const { child, url, lines } = await start();
    try {
      const accepted = await fetch(url + TRANSFER_PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(UPSTREAM_EXAMPLE),
      });
      expect(accepted.status).toBe(202);
      expect(await accepted.json()).toEqual({ operationContext: UPSTREAM_EXAMPLE.operationContext });

      const invalid = await fetch(url + TRANSFER_PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ operationContext: "no target" }),
      });
      expect(invalid.status).toBe(400);
      expect((await invalid.json()).error).toMatchObject({ code: "BadRequest", target: "targetParticipant" });

      const malformed = await rawSocket(url, [{ data: "NOT-HTTP\r\n\r\n" }]);
      expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(malformed.split("\r\n\r\n")[1]!).error.code).toBe("BadRequest");

      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(JSON.parse((await lines.next()).value)).toEqual({ closed: true });
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
