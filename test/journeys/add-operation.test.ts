// The journey "add an operation" (README), done in a scratch copy of the repository: upstream's
// CallConnection_Mute is added to spec/ and `pnpm generate` runs; then the packages type-check with
// it, the client's generated `mute` sends the exact request with repeatability headers to a real
// server stub, which routes and validates it, the emulator answers 501 for it, the reference page
// lists it, `pnpm api:check` passes classifying it as a non-breaking addition, and a bundle that
// calls only transferToParticipant does not grow.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSIONS } from "../../packages/client/src/index.js";
import { buildReferencePage } from "../../packages/docs/src/index.js";
import { muteSpec } from "./support/mute-operation.js";
import { edit, ROOT, run, scratchRepo } from "./support/scratch-repo.js";

const MUTE_PATH = "/calling/callConnections/{callConnectionId}/participants:mute";
let scratch: Awaited<ReturnType<typeof scratchRepo>>;
let dir: string;
let generated: Awaited<ReturnType<typeof run>>;
let typecheck: Awaited<ReturnType<typeof run>>;
let apiCheck: Awaited<ReturnType<typeof run>>;
let journey: Awaited<ReturnType<typeof run>>;

/** The minified browser bundle of an app that only transfers a call, built from a repository's client. */
async function transferOnlyBundle(root: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { CallAutomationClient } from "./src/index.ts";
        export const go = (cs: string) => new CallAutomationClient(cs).transferToParticipant("id", { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } });`,
      resolveDir: path.join(root, "packages/client"),
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    conditions: ["source"],
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  scratch = await scratchRepo();
  dir = scratch.dir;
  // 1. The spec: the operation in its own file, imported by main.tsp, formatted as `pnpm format` does.
  await writeFile(path.join(dir, "spec/mute.tsp"), muteSpec(API_VERSIONS));
  await edit(dir, "spec/main.tsp", 'import "./events.tsp";\n', 'import "./events.tsp";\nimport "./mute.tsp";\n');
  await run(dir, "pnpm", ["exec", "tsp", "format", "spec/mute.tsp"]);
  // 2. pnpm generate.
  generated = await run(dir, "node", ["scripts/generate.mjs"]);
  // 3. Type-check the packages with a program that uses the new operation; pnpm api:check alongside.
  await mkdir(path.join(dir, "journey"));
  await copyFile(
    path.join(ROOT, "test/journeys/fixtures/mute-journey.ts.txt"),
    path.join(dir, "journey/mute-journey.ts"),
  );
  await writeFile(
    path.join(dir, "tsconfig.journey.json"),
    JSON.stringify({
      extends: "./tsconfig.json",
      include: ["packages/*/src", "journey"],
      exclude: ["**/node_modules", "**/dist", "packages/*/src/generated/*.gen.js"],
    }),
  );
  [typecheck, apiCheck] = await Promise.all([
    run(dir, "node", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.journey.json"]),
    run(dir, "node", ["--import", "tsx", "scripts/api-check.ts", "--base", "HEAD"]),
  ]);
  // 4. Run it: client → server stub, client → emulator.
  journey = await run(dir, "node", ["--conditions=source", "--import", "tsx", "journey/mute-journey.ts"]);
}, 300_000);
afterAll(() => scratch?.dispose());

describe("adding an operation to the spec (CallConnection_Mute, in a scratch copy)", () => {
  it("generates, and the packages type-check with a program that calls it", () => {
    expect(generated.code, generated.stderr + generated.stdout).toBe(0);
    expect(generated.stdout).toMatch(/0 lint findings/);
    expect(typecheck.code, typecheck.stdout).toBe(0);
  });

  it("gives the client a mute function that sends the exact request, with repeatability headers", () => {
    expect(journey.code, journey.stderr).toBe(0);
    const seen = JSON.parse(journey.stdout.trim().split("\n").at(-1)!);
    expect(seen.muted).toEqual({
      status: 200,
      data: { operationContext: "muting" },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(seen.sent.method).toBe("POST");
    expect(seen.sent.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/calling\/callConnections\/call%2F1\/participants:mute\?api-version=2026-03-12$/,
    );
    expect(seen.sent.headers["repeatability-request-id"]).toBe(seen.muted.requestId);
    expect(seen.sent.headers["repeatability-first-sent"]).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(seen.sent.headers.authorization).toMatch(
      /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=/,
    );
    expect(seen.sent.body).toEqual({
      targetParticipants: [{ kind: "communicationUser", communicationUser: { id: "8:acs:journey" } }],
      operationContext: "muting",
    });
  });

  it("routes and validates it on the server: the handler gets the typed input, a bad body is a 400 naming the field", () => {
    const seen = JSON.parse(journey.stdout.trim().split("\n").at(-1)!);
    expect(seen.received).toEqual([
      {
        apiVersion: "2026-03-12",
        path: { callConnectionId: "call/1" },
        headers: {
          "Repeatability-Request-ID": seen.muted.requestId,
          "Repeatability-First-Sent": seen.sent.headers["repeatability-first-sent"],
        },
        body: seen.sent.body,
      },
    ]);
    expect(seen.badBody.status).toBe(400);
    expect(seen.badBody.error.error).toMatchObject({ code: "BadRequest", target: "targetParticipants" });
  });

  it("keeps the emulator starting: it answers 501 NotImplemented naming the operation", () => {
    const seen = JSON.parse(journey.stdout.trim().split("\n").at(-1)!);
    expect(seen.emulated).toEqual({
      status: 501,
      error: {
        error: {
          code: "NotImplemented",
          message: "The operation CallConnection_Mute is not implemented by this service yet.",
        },
      },
    });
    expect(seen.notImplementedElsewhere).toEqual(["CallConnection_Mute"]);
  });

  it("lists it on the reference page", async () => {
    const html = await buildReferencePage(dir);
    expect(html).toContain(MUTE_PATH);
    expect(html).toContain("CallConnection_Mute");
  });

  it("passes pnpm api:check as a non-breaking addition", () => {
    expect(apiCheck.code, apiCheck.stdout + apiCheck.stderr).toBe(0);
    expect(apiCheck.stdout).toMatch(/0 breaking/);
    // The operation's own entry: classified non-breaking, at the new path.
    const entry = apiCheck.stdout.split("\n  · ").find((item) => item.includes("operation-added"));
    expect(entry).toMatch(/^non-breaking operation-added/);
    expect(entry).toContain(MUTE_PATH);
    expect(apiCheck.stdout).toContain("Result: PASS");
  });

  it("leaves the bundle of an app that only transfers calls the same size, with nothing of mute in it", async () => {
    const [before, after] = await Promise.all([transferOnlyBundle(ROOT), transferOnlyBundle(dir)]);
    // The minifier may name its variables differently; the code is the same.
    expect(after.length).toBe(before.length);
    expect(after).not.toMatch(/mute/i);
  });
});
