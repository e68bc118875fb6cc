// `pnpm api:check` end to end, on a scratch git repository made from this repo's spec: a base
// commit, then edits to spec/ on top. Shows the exit policy (0 / 1 / 2 with the reason), the
// api-version rules (a released version is frozen, a new one is compared with the previous one)
// and the override, drift, spec-line locations, and the four output formats.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { applyDrift, findDrift, generateFiles, OWNED_DIRS } from "@transfer-call/codegen";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { muteSpec } from "../../../test/journeys/support/mute-operation.js";
import { SARIF_VERSION } from "../src/format-sarif.js";
import { CannotRunError } from "../src/git-base.js";
import { renderReport } from "../src/report-formats.js";
import { type ApiCheckReport, runApiCheck } from "../src/run-check.js";

const exec = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../../..");
let work: string;
const startDir = process.cwd();

const git = (...args: string[]) => exec("git", args, { cwd: work });
const edit = async (file: string, from: string | RegExp, to: string) => {
  const abs = path.join(work, file);
  const text = await readFile(abs, "utf8");
  const next = text.replace(from, to);
  expect(next, `edit of ${file} did not apply`).not.toBe(text);
  await writeFile(abs, next);
};
const regenerate = async () => {
  const { files } = await generateFiles(work);
  await applyDrift(work, files, await findDrift(work, files, OWNED_DIRS));
};
const reset = async () => {
  await git("checkout", "--quiet", "--", ".");
  await git("clean", "-fdq");
};
/** The 1-based line of the first line of `file` that matches. */
const lineOf = async (file: string, pattern: RegExp) =>
  (await readFile(path.join(work, file), "utf8")).split("\n").findIndex((l) => pattern.test(l)) + 1;

/** operationContext of the transfer request, made required: the demo's breaking edit. */
const makeOperationContextRequired = () =>
  edit(
    "spec/transfer.tsp",
    /(model TransferToParticipantRequest \{[\s\S]*?)operationContext\?: string;/,
    "$1operationContext: string;",
  );

/** Every api-version the spec describes today, oldest first. */
const RELEASED = ["2023-03-06", "2023-10-15", "2024-04-15", "2024-09-15", "2025-05-15", "2025-06-15", "2026-03-12"];

/** The version's section of the report. */
const section = (report: ApiCheckReport, apiVersion: string) => {
  const found = report.versions.find((v) => v.apiVersion === apiVersion);
  expect(found, `no section for ${apiVersion}`).toBeDefined();
  return found!;
};

/**
 * A new newest api-version, as a maintainer adds one: a member of `Versions`, the document's
 * `ApiVersion` for it, and the transfer declared for it with an example (the generator requires one).
 */
const addApiVersion = async (apiVersion: string) => {
  const id = `v${apiVersion.replaceAll("-", "_")}`;
  await edit(
    "spec/api-version.tsp",
    '  v2026_03_12: "2026-03-12",\n',
    `  v2026_03_12: "2026-03-12",\n\n  /** A test version. */\n  ${id}: "${apiVersion}",\n`,
  );
  await edit(
    "spec/api-version.tsp",
    "  @added(Versions.v2026_03_12)\n  v2026_03_12: Versions.v2026_03_12,\n",
    `  @added(Versions.v2026_03_12)\n  @removed(Versions.${id})\n  v2026_03_12: Versions.v2026_03_12,\n\n  @added(Versions.${id})\n  ${id}: Versions.${id},\n`,
  );
  await edit(
    "spec/transfer-versions.tsp",
    "  @added(Versions.v2026_03_12)\n",
    `  @added(Versions.v2026_03_12)\n  @removed(Versions.${id})\n`,
  );
  await edit(
    "spec/transfer-versions.tsp",
    /(transferToParticipant2026_03_12 is TransferToParticipant<ApiVersion>;\n)/,
    `$1\n  @added(Versions.${id})\n  @opExample(\n    #{\n      parameters: #{ apiVersion: Versions.${id}, ...E.upstream },\n      returnType: E.upstreamAccepted,\n    },\n    E.upstreamTitle\n  )\n  transferToParticipant${id.slice(1)} is TransferToParticipant<ApiVersion>;\n`,
  );
};

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "api-check-run-"));
  for (const entry of ["spec", ".spectral.yaml", "packages/client/src", "packages/client/package.json"]) {
    await cp(path.join(repoRoot, entry), path.join(work, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}node_modules`),
    });
  }
  await symlink(path.join(repoRoot, "node_modules"), path.join(work, "node_modules"));
  await mkdir(path.join(work, "packages/client"), { recursive: true });
  await symlink(path.join(repoRoot, "packages/client/node_modules"), path.join(work, "packages/client/node_modules"));
  await writeFile(path.join(work, ".gitignore"), "node_modules\n");
  await git("init", "--quiet", "--initial-branch=main");
  await git("config", "user.email", "test@example.com");
  await git("config", "user.name", "api-check test");
  // a first commit without any OpenAPI, for the "no OpenAPI at the base" case
  await git("add", ".gitignore");
  await git("commit", "--quiet", "-m", "empty");
  await git("tag", "before-openapi");
  await regenerate(); // a baseline consistent with this spec, whatever the shared working tree holds
  await git("add", "-A");
  await git("commit", "--quiet", "-m", "base");
  // as the CLI does: Spectral resolves documents and .spectral.yaml overrides against the cwd
  process.chdir(work);
}, 120_000);

afterAll(async () => {
  process.chdir(startDir);
  if (work) await rm(work, { recursive: true, force: true });
});

describe("api:check on an unchanged spec", () => {
  let report: ApiCheckReport;
  beforeAll(async () => {
    await reset();
    report = await runApiCheck({ root: work, base: "main", env: {} });
  }, 120_000);

  it("passes with no changes, no lint findings, no drift", () => {
    expect(report.exitCode).toBe(0);
    expect(report.changes).toEqual([]);
    expect(report.lint, JSON.stringify(report.lint)).toEqual([]);
    expect(report.drift).toEqual([]);
    expect(report.apiVersion).toEqual({ base: "2026-03-12", head: "2026-03-12", changed: false });
  });

  it("compares every api-version with itself at the base: all released, all unchanged", () => {
    expect(report.versions.map((v) => [v.apiVersion, v.status, v.comparedWith?.apiVersion, v.changes.length])).toEqual(
      RELEASED.map((v) => [v, "released", v, 0]),
    );
    const text = renderReport(report, "text");
    for (const v of RELEASED)
      expect(text).toContain(`api-version ${v} (released: frozen, compared with itself at the base): unchanged`);
  });

  it("bundles the client at head and at the base, with a zero delta", () => {
    expect(report.bundle.head?.gzipBytes).toBeGreaterThan(500);
    expect(report.bundle.base).toEqual(report.bundle.head);
    expect(renderReport(report, "text")).toContain("+0.00 KB gz (+0.0%)");
  });
});

describe("api:check on a breaking edit (operationContext made required)", () => {
  let report: ApiCheckReport;
  let line: number;
  beforeAll(async () => {
    await reset();
    await makeOperationContextRequired();
    await regenerate();
    line = await lineOf("spec/transfer.tsp", /^\s*operationContext: string;/);
    report = await runApiCheck({ root: work, base: "main", env: {} });
  }, 120_000);

  it("fails (exit 1) with a required-property-added change located at the spec line, in every released api-version", () => {
    expect(report.exitCode).toBe(1);
    // the model is shared by every api-version, so every released one changed: each is frozen
    for (const apiVersion of RELEASED) {
      const changes = section(report, apiVersion).changes;
      const change = changes.find((c) => c.rule === "required-property-added");
      expect(change, apiVersion).toMatchObject({
        classification: "breaking",
        severity: "error",
        pointer: "#/components/schemas/TransferToParticipantRequest/required/1",
        source: { file: "spec/transfer.tsp", line },
        usages: ["request body of CallConnection_TransferToParticipant"],
        apiVersion,
        frozen: { classification: "breaking", severity: "error" },
      });
      expect(changes.filter((c) => c.classification === "breaking")).toHaveLength(1);
    }
    expect(report.verdict.join("\n")).toMatch(
      new RegExp(
        `7 change\\(s\\) to released api-version\\(s\\) ${RELEASED.join(", ")}: a released api-version is frozen`,
      ),
    );
  });

  it("text: the change, where it is, and the verdict", () => {
    const text = renderReport(report, "text");
    expect(text).toContain(`✗ breaking     required-property-added  spec/transfer.tsp:${line}`);
    expect(text).toContain("`operationContext` is now required");
    expect(text).toContain("in released api-version 2026-03-12, which is frozen (in a new api-version: breaking)");
    expect(text).toContain("Result: FAIL");
  });

  it("markdown: a summary table and one row per change", () => {
    const md = renderReport(report, "markdown");
    expect(md).toContain("## API check: ❌ fail");
    expect(md).toContain("| breaking | 7 |");
    expect(md).toContain("| `2024-09-15` | released: frozen, compared with itself at the base | 1 | 0 | 0 | 0 |");
    expect(md).toContain("#### api-version `2026-03-12` (released: frozen, compared with itself at the base)");
    expect(md).toMatch(
      new RegExp(`\\| 🔴 \\| breaking \\| \`required-property-added\` \\|.*\\| \`spec/transfer.tsp:${line}\` \\|`),
    );
  });

  it("github: an ::error annotation on the spec line", () => {
    const annotations = renderReport(report, "github").trim().split("\n");
    expect(annotations).toContain(
      `::error file=spec/transfer.tsp,line=${line},title=API breaking%3A required-property-added::` +
        "`operationContext` is now required (request body of CallConnection_TransferToParticipant) at #/components/schemas/TransferToParticipantRequest/required/1" +
        ` in api-versions ${RELEASED.join(", ")} (released, frozen)`,
    );
    expect(annotations.at(-1)).toMatch(/^::error title=api-check failed::7 change\(s\) to released api-version/);
  });

  it("sarif: valid SARIF 2.1.0 structure, the result on the spec line, its rule in the table", () => {
    const sarif = JSON.parse(renderReport(report, "sarif"));
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(SARIF_SUBSET_SCHEMA);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.version).toBe(SARIF_VERSION);
    const run = sarif.runs[0];
    const result = run.results.find(
      (r: any) => r.ruleId === "required-property-added" && r.properties.apiVersion === "2026-03-12",
    );
    expect(result.level).toBe("error");
    expect(result.message.text).toMatch(
      /^api-version 2026-03-12 \(released, frozen\): `operationContext` is now required/,
    );
    expect(run.results.filter((r: any) => r.ruleId === "required-property-added")).toHaveLength(RELEASED.length);
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "spec/transfer.tsp", uriBaseId: "%SRCROOT%" },
      region: { startLine: line },
    });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe("required-property-added");
  });

  it("passes when overridden: --allow-breaking, or API_CHECK_ALLOW_BREAKING from the PR label", async () => {
    const flagged = await runApiCheck({ root: work, base: "main", allowBreaking: true, env: {} });
    expect(flagged.exitCode).toBe(0);
    expect(flagged.breakingAllowedBy).toBe("--allow-breaking");
    expect(renderReport(flagged, "github")).toContain(`::warning file=spec/transfer.tsp,line=${line},`);
    const labelled = await runApiCheck({ root: work, base: "main", env: { API_CHECK_ALLOW_BREAKING: "true" } });
    expect(labelled.exitCode).toBe(0);
    expect(labelled.breakingAllowedBy).toContain("breaking-change-approved");
    const unlabelled = await runApiCheck({ root: work, base: "main", env: { API_CHECK_ALLOW_BREAKING: "false" } });
    expect(unlabelled.exitCode).toBe(1);
  }, 120_000);

  it("the CLI exits 1 and writes the formats it is asked for", async () => {
    const out = path.join(work, "out");
    const result = await exec(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        path.join(repoRoot, "scripts/api-check.ts"),
        "--root",
        work,
        "--base",
        "main",
        "--format",
        "text",
        "--format",
        "sarif",
        "--output",
        path.join(out, "r.sarif"),
        "--format",
        "markdown",
        "--output",
        path.join(out, "r.md"),
      ],
      { cwd: work, env: { ...process.env, API_CHECK_ALLOW_BREAKING: "" } },
    ).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("required-property-added");
    expect(JSON.parse(await readFile(path.join(out, "r.sarif"), "utf8")).version).toBe("2.1.0");
    expect(await readFile(path.join(out, "r.md"), "utf8")).toContain("## API check: ❌ fail");
  }, 120_000);
});

describe("api:check policy", () => {
  it("a new api-version is compared with the previous one: its breaking changes are warnings (exit 0)", async () => {
    await reset();
    await addApiVersion("2026-09-01");
    // a field the new version drops: breaking against 2026-03-12, and only there
    await edit(
      "spec/transfer.tsp",
      /(@added\(Versions\.v2024_09_15\)\n)( {2}sourceCallerIdNumber)/,
      "$1  @removed(Versions.v2026_09_01)\n$2",
    );
    await regenerate();
    const report = await runApiCheck({ root: work, base: "main", env: {} });
    expect(report.exitCode, report.verdict.join("\n")).toBe(0);
    expect(report.apiVersion).toEqual({ base: "2026-03-12", head: "2026-09-01", changed: true });
    const added = section(report, "2026-09-01");
    expect(added.status).toBe("new");
    expect(added.comparedWith).toEqual({ apiVersion: "2026-03-12", side: "head" });
    const removed = added.changes.find((c) => c.rule === "property-removed");
    expect(removed).toMatchObject({
      classification: "breaking",
      severity: "warning",
      pointer: "#/components/schemas/TransferToParticipantRequest/properties/sourceCallerIdNumber",
      apiVersion: "2026-09-01",
    });
    expect(added.changes.find((c) => c.rule === "api-version-changed")).toBeDefined();
    expect(added.changes.filter((c) => c.severity === "error")).toEqual([]);
    // the released versions only list the new one (`Versions`): not a change to their contract
    for (const apiVersion of RELEASED) {
      const changes = section(report, apiVersion).changes;
      expect(
        changes.map((c) => c.rule),
        apiVersion,
      ).toEqual(["api-version-listed"]);
      expect(changes[0]!.message).toBe("api-version `2026-09-01` listed");
    }
    expect(report.breakingAllowedBy).toBeUndefined();
    expect(report.verdict.join("\n")).toContain(
      "breaking change(s) in the new api-version 2026-09-01 (vs 2026-03-12): allowed, reported as warnings",
    );
    const text = renderReport(report, "text");
    expect(text).toContain("api-version 2026-09-01 (new: compared with 2026-03-12):");
    expect(text).toMatch(/! breaking +property-removed +spec\/transfer\.tsp:\d+/);
    expect(renderReport(report, "github")).toMatch(
      /::warning file=spec\/transfer\.tsp,line=\d+,title=API breaking%3A property-removed::property `sourceCallerIdNumber` removed .* in api-version 2026-09-01\n/,
    );
    const md = renderReport(report, "markdown");
    expect(md).toContain("#### api-version `2026-09-01` (new: compared with 2026-03-12)");
    // the new version's changelog, as `pnpm api:changelog` will print it once the version is committed
    const changelog = md.slice(md.indexOf("### Changelog: api-version `2026-09-01`"));
    expect(changelog).toContain("1 change(s) from 2026-03-12, 1 of them breaking.");
    expect(changelog).toContain(
      "| property `sourceCallerIdNumber` removed | `TransferToParticipantRequest.sourceCallerIdNumber` | request | breaking |",
    );
  }, 120_000);

  it("a new api-version does not excuse a change to the released ones (exit 1, naming them)", async () => {
    await reset();
    await makeOperationContextRequired();
    await addApiVersion("2026-09-01");
    await regenerate();
    const report = await runApiCheck({ root: work, base: "main", env: {} });
    expect(report.exitCode).toBe(1);
    expect(report.apiVersion).toEqual({ base: "2026-03-12", head: "2026-09-01", changed: true });
    expect(section(report, "2026-03-12").changes.find((c) => c.rule === "required-property-added")).toMatchObject({
      classification: "breaking",
      severity: "error",
    });
    // the same edit, seen from the new version, is not a change: 2026-09-01 has it from the start
    expect(section(report, "2026-09-01").changes.find((c) => c.rule === "required-property-added")).toBeUndefined();
    expect(report.breakingAllowedBy).toBeUndefined();
    expect(report.verdict.join("\n")).toContain(
      `to released api-version(s) ${RELEASED.join(", ")}: a released api-version is frozen`,
    );
  }, 120_000);

  it("an operation added to a released api-version fails, naming the version (it belongs in a new one)", async () => {
    await reset();
    // the journey's operation (test/journeys/add-operation.test.ts), declared from 2026-03-12 on
    await writeFile(path.join(work, "spec/mute.tsp"), muteSpec(["2026-03-12"]));
    await edit("spec/main.tsp", 'import "./events.tsp";\n', 'import "./events.tsp";\nimport "./mute.tsp";\n');
    await regenerate();
    const report = await runApiCheck({ root: work, base: "main", env: {} });
    // nothing else fails: no lint or formatting finding, no drift
    expect([report.lint.filter((f) => f.severity === "error"), report.formatting, report.drift]).toEqual([[], [], []]);
    expect(report.exitCode).toBe(1);
    expect(report.versions.filter((v) => v.changes.length).map((v) => v.apiVersion)).toEqual(["2026-03-12"]);
    expect(section(report, "2026-03-12").changes).toContainEqual(
      expect.objectContaining({
        rule: "operation-added",
        classification: "breaking",
        severity: "error",
        pointer: "#/paths/~1calling~1callConnections~1{callConnectionId}~1participants:mute/post",
        apiVersion: "2026-03-12",
        frozen: { classification: "non-breaking", severity: "note" },
      }),
    );
    expect(report.verdict.join("\n")).toMatch(
      /\d+ change\(s\) to released api-version\(s\) 2026-03-12: a released api-version is frozen/,
    );
  }, 120_000);

  it("an edit inside one released api-version fails, naming that version and the field", async () => {
    await reset();
    // sourceCallerIdNumber arrived in 2024-09-15; claiming 2025-05-15 takes it out of 2024-09-15
    await edit(
      "spec/transfer.tsp",
      /@added\(Versions\.v2024_09_15\)(\s+sourceCallerIdNumber)/,
      "@added(Versions.v2025_05_15)$1",
    );
    await regenerate();
    const report = await runApiCheck({ root: work, base: "main", env: {} });
    expect(report.exitCode).toBe(1);
    const changed = report.versions.filter((v) => v.changes.length).map((v) => v.apiVersion);
    expect(changed).toEqual(["2024-09-15"]);
    const changes = section(report, "2024-09-15").changes;
    expect(changes).toContainEqual(
      expect.objectContaining({
        rule: "property-removed",
        classification: "breaking",
        severity: "error",
        pointer: "#/components/schemas/TransferToParticipantRequest/properties/sourceCallerIdNumber",
        side: "base",
        apiVersion: "2024-09-15",
        frozen: { classification: "breaking", severity: "error" },
      }),
    );
    // its example lost the field too: a docs-only change, and frozen all the same
    expect(changes.every((c) => c.severity === "error" && c.apiVersion === "2024-09-15")).toBe(true);
    expect(report.verdict.join("\n")).toContain(
      `${changes.length} change(s) to released api-version(s) 2024-09-15: a released api-version is frozen`,
    );
    expect(renderReport(report, "text")).toContain("in released api-version 2024-09-15, which is frozen");
  }, 120_000);

  it("fails on generated files out of date with spec/ (edited, not regenerated)", async () => {
    await reset();
    await edit(
      "spec/transfer.tsp",
      "/** The operation context provided by client. */",
      "/** The operation context the client provided. */",
    );
    const report = await runApiCheck({ root: work, base: "main", env: {} });
    expect(report.exitCode).toBe(1);
    expect(report.drift.map((d) => d.path)).toContain("spec/openapi/3.0.0/openapi.2026-03-12.json");
    // the description is shared by every api-version: a docs-only change in each, frozen in each
    for (const apiVersion of RELEASED) {
      const changes = section(report, apiVersion).changes;
      expect(
        changes.map((c) => c.frozen?.classification ?? c.classification),
        apiVersion,
      ).toEqual(["docs-only"]);
    }
    expect(report.verdict.join("\n")).toContain("run `pnpm generate`");
  }, 120_000);

  it("exit 2 when the spec does not compile, naming file and line", async () => {
    await reset();
    await edit("spec/transfer.tsp", "operationContext?: string;", "operationContext?: strnig;");
    const error = await runApiCheck({ root: work, base: "main", env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(CannotRunError);
    expect(error.reason).toBe("spec-does-not-compile");
    expect(error.message).toMatch(/spec\/transfer\.tsp:\d+:\d+ - error .*strnig/);
  }, 120_000);

  it("exit 2 on an unknown base ref", async () => {
    const error = await runApiCheck({ root: work, base: "no-such-branch", env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(CannotRunError);
    expect(error.reason).toBe("unknown-base-ref");
    expect(error.message).toContain('unknown base ref "no-such-branch"');
  });

  it("exit 2 when the base has no OpenAPI", async () => {
    const error = await runApiCheck({ root: work, base: "before-openapi", env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(CannotRunError);
    expect(error.reason).toBe("no-openapi-at-base");
    expect(error.message).toContain("spec/openapi/3.0.0/openapi.{api-version}.json does not exist at before-openapi");
  });

  it("the CLI exits 2 with the reason", async () => {
    const result = await exec(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        path.join(repoRoot, "scripts/api-check.ts"),
        "--root",
        work,
        "--base",
        "no-such-branch",
      ],
      { cwd: work },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("api:check could not run (unknown-base-ref)");
  });
});

/** The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that code scanning relies on. */
const SARIF_SUBSET_SCHEMA = {
  type: "object",
  required: ["version", "runs"],
  properties: {
    version: { const: "2.1.0" },
    $schema: { type: "string", format: "uri" },
    runs: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["tool", "results"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name", "rules"],
                properties: {
                  name: { type: "string" },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "shortDescription", "defaultConfiguration"],
                      properties: {
                        id: { type: "string" },
                        shortDescription: { type: "object", required: ["text"] },
                        fullDescription: { type: "object", required: ["text"] },
                        defaultConfiguration: {
                          type: "object",
                          properties: { level: { enum: ["none", "note", "warning", "error"] } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["ruleId", "message", "locations", "level"],
              properties: {
                ruleId: { type: "string" },
                ruleIndex: { type: "integer", minimum: 0 },
                level: { enum: ["none", "note", "warning", "error"] },
                message: { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } },
                locations: {
                  type: "array",
                  minItems: 1,
                  items: {
                    type: "object",
                    required: ["physicalLocation"],
                    properties: {
                      physicalLocation: {
                        type: "object",
                        required: ["artifactLocation", "region"],
                        properties: {
                          artifactLocation: {
                            type: "object",
                            required: ["uri"],
                            properties: { uri: { type: "string", pattern: "^[^/]" } },
                          },
                          region: {
                            type: "object",
                            required: ["startLine"],
                            properties: { startLine: { type: "integer", minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
