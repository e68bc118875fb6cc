// The journey "add an operation" (README), done in a scratch copy of the repository: released
// api-versions are frozen, so upstream's CallConnection_Mute arrives in a new api-version,
// 2026-09-01 — the version is added to spec/ as "Add an api-version" says, the operation only in it —
// and `pnpm generate` runs. Then the released versions' documents are unchanged but for listing the
// new version, the packages type-check with it, the client's generated `mute` sends the exact request
// with repeatability headers to a real server stub, which routes and validates it, the emulator
// answers 501 for it, the reference page lists it, `pnpm api:check` passes classifying it as a
// non-breaking addition in the new version (compared with the previous one), and a bundle that calls
// only transferToParticipant does not grow. Adding it to a released version instead fails
// api:check: packages/api-check/test/api-check-run.test.ts.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSIONS, LATEST_API_VERSION } from "../../packages/client/src/index.js";
import { oneCallBundle } from "../../packages/client/test/support/one-call-bundle.js";
import { buildReferencePage } from "../../packages/docs/src/index.js";
import { muteSpec } from "./support/mute-operation.js";
import { addApiVersion } from "./support/new-api-version.js";
import { edit, ROOT, run, scratchRepo } from "./support/scratch-repo.js";

const MUTE_PATH = "/calling/callConnections/{callConnectionId}/participants:mute";
/** The api-version the operation arrives in; today's newest is the previous one. */
const NEW_VERSION = "2026-09-01";
const PREVIOUS = LATEST_API_VERSION;
/** The released api-versions' committed documents, 3.0 and 3.1 (paths in the repository). */
const RELEASED_DOCUMENTS = API_VERSIONS.flatMap((v) =>
  ["3.0.0", "3.1.0"].map((openapi) => `spec/openapi/${openapi}/openapi.${v}.json`),
);
let released: Map<string, { before: string; after: string }>;
let scratch: Awaited<ReturnType<typeof scratchRepo>>;
let dir: string;
let generated: Awaited<ReturnType<typeof run>>;
let typecheck: Awaited<ReturnType<typeof run>>;
let apiCheck: Awaited<ReturnType<typeof run>>;
let journey: Awaited<ReturnType<typeof run>>;

/** The minified browser bundle of an app that only transfers a call, built from a repository's client. */
async function transferOnlyBundle(root: string): Promise<string> {
  return new TextDecoder().decode(await oneCallBundle(path.join(root, "packages/client")));
}

beforeAll(async () => {
  scratch = await scratchRepo();
  dir = scratch.dir;
  const readReleased = () => Promise.all(RELEASED_DOCUMENTS.map((file) => readFile(path.join(dir, file), "utf8")));
  const before = await readReleased();
  // 1. The spec: a new api-version, and the operation in its own file, imported by main.tsp, only in
  //    that version; formatted as `pnpm format` does.
  await addApiVersion(dir, NEW_VERSION, PREVIOUS, "Adds muting participants (CallConnection_Mute).");
  await writeFile(path.join(dir, "spec/mute.tsp"), muteSpec([NEW_VERSION]));
  await edit(dir, "spec/main.tsp", 'import "./events.tsp";\n', 'import "./events.tsp";\nimport "./mute.tsp";\n');
  await run(dir, "pnpm", ["exec", "tsp", "format", "spec/mute.tsp"]);
  // 2. pnpm generate.
  generated = await run(dir, "node", ["scripts/generate.mjs"]);
  const after = await readReleased();
  released = new Map(RELEASED_DOCUMENTS.map((file, i) => [file, { before: before[i]!, after: after[i]! }]));
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

describe("adding an operation in a new api-version (CallConnection_Mute in 2026-09-01, in a scratch copy)", () => {
  it("generates, and the packages type-check with a program that calls it", () => {
    expect(generated.code, generated.stderr + generated.stdout).toBe(0);
    expect(generated.stdout).toMatch(/0 lint findings/);
    expect(typecheck.code, typecheck.stdout).toBe(0);
  });

  it("writes the new version's documents, with the operation, and leaves the released ones byte-identical but for listing it", async () => {
    for (const openapi of ["3.0.0", "3.1.0"]) {
      const doc = JSON.parse(
        await readFile(path.join(dir, `spec/openapi/${openapi}/openapi.${NEW_VERSION}.json`), "utf8"),
      );
      expect(doc.info.version).toBe(NEW_VERSION);
      expect(doc.paths[MUTE_PATH].post.operationId).toBe("CallConnection_Mute");
    }
    expect(released.size).toBe(API_VERSIONS.length * 2);
    for (const [file, { before, after }] of released) {
      // Every document lists every api-version (`Versions`): the one thing a new version adds to a
      // released document, and not part of its contract. Without it, the file is the same bytes.
      const doc = JSON.parse(after);
      expect(doc.components.schemas.Versions.enum, file).toEqual([...API_VERSIONS, NEW_VERSION]);
      doc.components.schemas.Versions.enum.pop();
      expect(`${JSON.stringify(doc, null, 2)}\n`, file).toBe(before);
      expect(after, file).not.toContain("CallConnection_Mute");
    }
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
      /^http:\/\/127\.0\.0\.1:\d+\/calling\/callConnections\/call%2F1\/participants:mute\?api-version=2026-09-01$/,
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
        apiVersion: NEW_VERSION,
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
    // Sent with a released api-version, which does not have it: a 400 naming the one that does.
    expect(seen.inReleased.status).toBe(400);
    expect(seen.inReleased.error.error.message).toMatch(new RegExp(`supported versions: ${NEW_VERSION}\\.$`));
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

  it("passes pnpm api:check as a non-breaking addition in the new version, compared with the previous one", () => {
    expect(apiCheck.code, apiCheck.stdout + apiCheck.stderr).toBe(0);
    expect(apiCheck.stdout).toMatch(/0 breaking/);
    // One block per api-version: "api-version <v> (<how it was compared>): …", then its entries.
    const sections = new Map(
      apiCheck.stdout
        .split("\n  api-version ")
        .slice(1)
        .map((block) => [block.slice(0, block.indexOf(" ")), block] as const),
    );
    expect([...sections.keys()]).toEqual([...API_VERSIONS, NEW_VERSION]);
    const added = sections.get(NEW_VERSION)!;
    expect(added).toMatch(new RegExp(`^${NEW_VERSION} \\(new: compared with ${PREVIOUS}\\)`));
    // The operation's own entry: classified non-breaking, at the new path.
    const entry = added.split("\n  · ").find((item) => item.includes("operation-added"));
    expect(entry).toMatch(/^non-breaking operation-added/);
    expect(entry).toContain(MUTE_PATH);
    // The released versions only list the new one: no operation, no error.
    for (const apiVersion of API_VERSIONS) {
      expect(sections.get(apiVersion), apiVersion).not.toMatch(/operation-added|✗/);
    }
    expect(apiCheck.stdout).toContain("Result: PASS");
  });

  it("leaves the bundle of an app that only transfers calls the same size, with nothing of mute in it", async () => {
    const [before, after] = await Promise.all([transferOnlyBundle(ROOT), transferOnlyBundle(dir)]);
    // The client checks its apiVersion against the list of api-versions, which gains the new one;
    // the minifier may name its variables differently; the code is the same.
    const listing = `,"${NEW_VERSION}"]`;
    expect(after).toContain(listing);
    expect(after.replace(listing, "]").length).toBe(before.length);
    expect(after).not.toMatch(/mute/i);
  });
});
