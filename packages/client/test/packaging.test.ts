import { execFile } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startServer } from "./support/local-server.js";
import { installFixture, type PackedPackage, packPackage } from "./support/packing.js";

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const ROOT = path.resolve(PACKAGE_DIR, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");

let packed: PackedPackage;

beforeAll(async () => {
  // No build beforehand: `pnpm pack` alone must produce dist/ (the package's prepack builds it).
  await rm(path.join(PACKAGE_DIR, "dist"), { recursive: true, force: true });
  packed = await packPackage(PACKAGE_DIR, "transfer-client-pack-");
}, 120_000);

afterAll(async () => {
  if (packed) await rm(packed.workDir, { recursive: true, force: true });
});

describe("the published package", () => {
  it("is built by pnpm pack itself: the tarball ships dist/ for both entry points", () => {
    for (const file of ["index.js", "index.d.ts", "events.js", "events.d.ts", "generated/openapi.gen.js"]) {
      expect(packed.files).toContain(`package/dist/${file}`);
    }
  });

  it("is clean under publint (strict, suggestions included)", async () => {
    const { messages } = await publint({ pkgDir: PACKAGE_DIR, level: "suggestion", strict: true, pack: "pnpm" });
    expect(messages).toEqual([]);
  });

  it("is clean under attw with the ESM-only profile, for both entry points", async () => {
    // run() rejects when attw exits non-zero.
    const { stdout } = await run(
      path.join(BIN, "attw"),
      [packed.tarball, "--profile", "esm-only", "--format", "json"],
      {
        cwd: packed.workDir,
      },
    );
    const report = JSON.parse(stdout);
    // The JSON lists every resolution mode; the ESM-only profile ignores CommonJS and node10 by design.
    const esmProblems = report.analysis.problems.filter(
      (p: { resolutionKind: string }) => !["node10", "node16-cjs"].includes(p.resolutionKind),
    );
    expect(esmProblems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([".", "./events", "./package.json"]);
  });

  it("installs into a fresh project, type-checks, and transfers a call against a real server", async () => {
    const fixture = await installFixture(packed, "app", "@transfer-call/client");
    await writeFile(
      path.join(fixture, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"],
          types: [],
          strict: true,
          outDir: "out",
        },
        include: ["main.ts"],
      }),
    );
    await writeFile(
      path.join(fixture, "main.ts"),
      [
        `import { CallAutomationClient, type TransferToParticipantRequest } from "@transfer-call/client";`,
        `import { parseTransferEvents, isCallTransferAccepted } from "@transfer-call/client/events";`,
        `declare const process: { argv: string[]; exitCode: number };`,
        `const client = new CallAutomationClient(process.argv[2]!, { allowInsecureConnection: true });`,
        `const request: TransferToParticipantRequest = { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } }, operationContext: "from-fixture" };`,
        `const result = await client.transferToParticipant("call-1", request);`,
        `if (result.error) { console.log(JSON.stringify(result.error)); process.exitCode = 1; }`,
        `else {`,
        `  const parsed = parseTransferEvents([{ specversion: "1.0", id: "1", source: "s", type: "Microsoft.Communication.CallTransferAccepted", data: { callConnectionId: "call-1", operationContext: result.operationContext } }]);`,
        `  console.log(JSON.stringify({ status: result.response.status, data: result.data, accepted: parsed.events?.filter(isCallTransferAccepted).length }));`,
        `}`,
      ].join("\n"),
    );
    await run(path.join(BIN, "tsc"), ["-p", "tsconfig.json"], { cwd: fixture });

    const key = randomBytes(32).toString("base64");
    const server = await startServer((req, res) => {
      const url = new URL(req.pathAndQuery, "http://x");
      const hash = createHash("sha256").update(req.body).digest("base64");
      const toSign = `${req.method}\n${req.pathAndQuery}\n${req.headers["x-ms-date"]};${req.headers.host};${hash}`;
      const signature = createHmac("sha256", Buffer.from(key, "base64")).update(toSign).digest("base64");
      const ok =
        req.headers.authorization ===
        `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`;
      if (!ok || !url.pathname.endsWith(":transferToParticipant"))
        return sendJson(res, 401, { error: { code: "Unauthorized", message: "bad signature" } });
      sendJson(res, 202, { operationContext: JSON.parse(req.body.toString()).operationContext });
    });
    try {
      const { stdout } = await run(
        "node",
        [path.join(fixture, "out/main.js"), `endpoint=${server.url}/;accesskey=${key}`],
        { cwd: fixture },
      );
      expect(JSON.parse(stdout)).toEqual({ status: 202, data: { operationContext: "from-fixture" }, accepted: 1 });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
    // What was installed is the packed package, not a link into the workspace.
    const installed = JSON.parse(
      await readFile(path.join(fixture, "node_modules/@transfer-call/client/package.json"), "utf8"),
    );
    expect(installed.name).toBe("@transfer-call/client");
  }, 180_000);
});
