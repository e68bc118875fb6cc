import { execFile, spawn } from "node:child_process";
import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { compileSpec, GENERATED_BANNER, generateFiles, moveCallbacks } from "@transfer-call/codegen";
import { copyRepo, ROOT } from "@transfer-call/codegen/repo-copy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

async function generate(dir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/generate.mjs", ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string };
  }
}

const API_VERSIONS = ["2023-03-06", "2023-10-15", "2024-04-15", "2024-09-15", "2025-05-15", "2025-06-15", "2026-03-12"];

describe("pnpm generate", () => {
  it("is deterministic: two runs give byte-identical files, equal to the committed ones", async () => {
    const first = await generateFiles(ROOT);
    const second = await generateFiles(ROOT);
    expect(second.files).toEqual(first.files);
    for (const file of first.files) {
      expect(await readFile(path.join(ROOT, file.path), "utf8"), file.path).toBe(file.content);
    }
    // One OpenAPI 3.0 and one 3.1 document per api-version, oldest first.
    expect(first.documents.map((v) => v.apiVersion)).toEqual(API_VERSIONS);
    const documents = first.files.map((f) => f.path).filter((p) => p.startsWith("spec/openapi/"));
    expect(documents).toEqual(
      API_VERSIONS.flatMap((v) => ["3.0.0", "3.1.0"].map((openapi) => `spec/openapi/${openapi}/openapi.${v}.json`)),
    );
    for (const v of first.documents) {
      expect(v["3.0.0"].info.version).toBe(v.apiVersion);
      expect(v["3.1.0"].components.schemas.ApiVersion.enum).toEqual([v.apiVersion]);
    }
    expect(first.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "packages/client/src/generated/openapi.gen.ts",
        ...API_VERSIONS.map((v) => `packages/client/src/generated/openapi.${v}.gen.ts`),
        ...API_VERSIONS.map((v) => `packages/server/src/generated/validators.${v}.gen.js`),
        "packages/emulator/src/generated/openapi-document.gen.ts",
      ]),
    );
    const operations = first.files.find((f) => f.path === "packages/client/src/generated/operations.gen.ts")!;
    expect(operations.content).toContain(`export const API_VERSIONS = ${JSON.stringify(API_VERSIONS)} as const;`);
    expect(operations.content).toContain('export const LATEST_API_VERSION = "2026-03-12" as const;');
    // Every generated source file says where it came from.
    for (const file of first.files.filter((f) => !f.path.endsWith(".json"))) {
      expect(file.content.startsWith(GENERATED_BANNER), file.path).toBe(true);
    }
  });

  it("hands over each OpenAPI version's documents once they are all emitted: the objects it returns", async () => {
    // generateFiles starts the steps that read only 3.0 on these (the second run of the test above
    // does, and writes what the first wrote).
    const seen: { openapi: string; apiVersions: string[]; documents: unknown[] }[] = [];
    const spec = await compileSpec(ROOT, {
      expectedVersions: API_VERSIONS.length,
      onEmitted: (openapi, docs) =>
        seen.push({ openapi, apiVersions: docs.map((d) => d.apiVersion), documents: docs.map((d) => d.document) }),
    });
    expect(seen.map((s) => s.openapi)).toEqual(["3.0.0", "3.1.0"]);
    for (const { openapi, apiVersions, documents } of seen) {
      expect(apiVersions).toEqual(API_VERSIONS);
      for (const [i, doc] of documents.entries()) expect(doc).toBe(spec[i]![openapi as "3.0.0" | "3.1.0"]);
    }
    // Expecting more api-versions than the spec has, nothing is handed over early.
    const none: string[] = [];
    await compileSpec(ROOT, { expectedVersions: API_VERSIONS.length + 1, onEmitted: (openapi) => none.push(openapi) });
    expect(none).toEqual([]);
  });

  describe("in a scratch copy of the repo", () => {
    let repo: Awaited<ReturnType<typeof copyRepo>>;
    beforeAll(async () => {
      repo = await copyRepo();
    });
    afterAll(() => repo.dispose());

    it("--check passes on a clean tree", async () => {
      const result = await generate(repo.dir, "--check");
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/generated files match spec\/, 0 lint findings/);
      expect(result.code).toBe(0);
    });

    it("--check answers from the cached generation while the inputs are unchanged; --force runs every tool", async () => {
      const again = await generate(repo.dir, "--check");
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/0 lint findings \([\d.]+ s, inputs unchanged: from the last run's cache\)/);
      const forced = await generate(repo.dir, "--check", "--force");
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/generated files match spec\/, 0 lint findings \([\d.]+ s\)$/m);
    });

    it("--check fails on a hand-edited generated file, naming it and the command that fixes it", async () => {
      const edited = "packages/client/src/generated/openapi.gen.ts";
      await appendFile(path.join(repo.dir, edited), "\nexport type HandEdit = 1;\n");
      const result = await generate(repo.dir, "--check");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`changed ${edited}`);
      expect(result.stderr).toContain("pnpm generate");
    });

    it("regenerates what drifted, says what it wrote, then answers from the fingerprint", async () => {
      const stale = "spec/openapi/3.0.0/extra.json";
      await writeFile(path.join(repo.dir, stale), "{}\n");
      const first = await generate(repo.dir);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("wrote 1 (packages/client/src/generated/openapi.gen.ts)");
      expect(first.stdout).toContain(`removed ${stale}`);
      const second = await generate(repo.dir);
      expect(second.stdout).toMatch(/nothing changed, \d+ generated files up to date/);
      expect((await generate(repo.dir, "--check")).code).toBe(0);
    });

    it("--check fails when the spec changed but nobody regenerated", async () => {
      const file = path.join(repo.dir, "spec/transfer.tsp");
      const original = await readFile(file, "utf8");
      await writeFile(file, original.replace("The call connection id.", "The id of the call connection."));
      const result = await generate(repo.dir, "--check");
      expect(result.code).toBe(1);
      for (const v of API_VERSIONS) {
        expect(result.stderr).toContain(`changed spec/openapi/3.0.0/openapi.${v}.json`);
        expect(result.stderr).toContain(`changed spec/openapi/3.1.0/openapi.${v}.json`);
      }
      await writeFile(file, original);
    });

    it("fails on Spectral findings in the emitted documents, naming the rule and where", async () => {
      const file = path.join(repo.dir, "spec/errors.tsp");
      const original = await readFile(file, "utf8");
      await writeFile(file, original.replace("  /** The error code. */\n", ""));
      const result = await generate(repo.dir, "--check");
      expect(result.code).toBe(1);
      for (const v of API_VERSIONS) {
        expect(result.stderr).toMatch(
          new RegExp(`spec/openapi/3\\.0\\.0/openapi\\.${v}\\.json:\\d+:\\d+ error acs-property-description`),
        );
        expect(result.stderr).toMatch(
          new RegExp(`spec/openapi/3\\.1\\.0/openapi\\.${v}\\.json:\\d+:\\d+ error acs-property-description`),
        );
      }
      await writeFile(file, original);
    });

    it("names the file and line of a compile error", async () => {
      const file = path.join(repo.dir, "spec/errors.tsp");
      const original = await readFile(file, "utf8");
      await writeFile(file, original.replace("code: string;", "code: strin;"));
      const result = await generate(repo.dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/spec\/errors\.tsp:\d+:\d+ - error invalid-ref: Unknown identifier strin/);
      await writeFile(file, original);
    });

    it("fails, naming the api-version, when a version's operation has no example", async () => {
      const file = path.join(repo.dir, "spec/transfer-versions.tsp");
      const original = await readFile(file, "utf8");
      const withoutExamples = original.replace(
        /(@removed\(Versions\.v2024_09_15\)\n)[\s\S]*?( {2}transferToParticipant2024_04_15 is)/,
        "$1$2",
      );
      expect(withoutExamples).not.toBe(original);
      await writeFile(file, withoutExamples);
      try {
        const result = await generate(repo.dir, "--check");
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          "error no-example: api-version 2024-04-15: CallConnection_TransferToParticipant has no example",
        );
        expect(result.stderr).not.toMatch(/api-version (?!2024-04-15)[\d-]+: .* has no example/);
      } finally {
        await writeFile(file, original);
      }
    });

    it("runs the spec's own JavaScript decorators", async () => {
      // JavaScript the spec imports is loaded by Node beside the compiler's libraries, and its
      // decorators run.
      const main = path.join(repo.dir, "spec/main.tsp");
      const original = await readFile(main, "utf8");
      await writeFile(
        path.join(repo.dir, "spec/checks.js"),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source written to a file.
        'export function $probe(context, target) {\n  context.program.reportDiagnostic({ code: "probe-ran", severity: "error", message: `probed ${target.name}`, target: context.decoratorTarget });\n}\n',
      );
      await writeFile(
        path.join(repo.dir, "spec/checks.tsp"),
        'import "./checks.js";\n\nextern dec probe(target: unknown);\n\n@probe\nmodel Probed {}\n',
      );
      await writeFile(
        main,
        original.replace('import "./events.tsp";\n', 'import "./events.tsp";\nimport "./checks.tsp";\n'),
      );
      try {
        const result = await generate(repo.dir, "--check");
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/spec\/checks\.tsp:5:1 - error probe-ran: probed Probed/);
        expect(result.stderr).not.toContain("Warning");
      } finally {
        await writeFile(main, original);
        await rm(path.join(repo.dir, "spec/checks.js"));
        await rm(path.join(repo.dir, "spec/checks.tsp"));
      }
    });

    it("--watch prints a line per run once its files are written, then the lint's line, or the compile error", async () => {
      const child = spawn(process.execPath, ["scripts/generate.mjs", "--watch"], { cwd: repo.dir });
      const lines: string[] = [];
      let buffer = "";
      child.stdout.on("data", (chunk) => {
        buffer += chunk;
        const parts = buffer.split("\n");
        buffer = parts.pop()!;
        lines.push(...parts);
      });
      /** The first line from index `from` on that matches, and its index. */
      const waitFor = async (pattern: RegExp, from = 0) => {
        // Each run regenerates every api-version's artifacts: allow for a loaded machine.
        for (let i = 0; i < 1200; i++) {
          const at = lines.findIndex((l, n) => n >= from && pattern.test(l));
          if (at >= 0) return { line: lines[at]!, at };
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`no line matched ${pattern}; got:\n${lines.join("\n")}`);
      };
      const LINT = /^\S+ lint: /;
      try {
        await waitFor(/^watching spec\//);
        await waitFor(LINT);
        const file = path.join(repo.dir, "spec/transfer.tsp");
        const original = await readFile(file, "utf8");
        let from = lines.length;
        await writeFile(file, original.replace("The call connection id.", "The id of the call in progress."));
        const rewrite = await waitFor(/spec\/transfer\.tsp → rewrote/, from);
        expect(rewrite.line).toContain("spec/openapi/3.0.0/openapi.2026-03-12.json");
        expect(rewrite.line).toMatch(/\(\d+ ms\); lint follows$/);
        // The lint's line follows the regenerated one: every document changed, so all 14 are linted.
        const lint = await waitFor(LINT, rewrite.at + 1);
        expect(lint.line).toMatch(/ lint: 0 finding\(s\) \(14 of 14 documents linted, \d+ ms\)$/);
        from = lines.length;
        await writeFile(file, original.replace("@post", "@post @nope"));
        const failure = await waitFor(/spec\/transfer\.tsp → compile error/, from);
        expect(failure.line).toMatch(/compile error spec\/transfer\.tsp:\d+:\d+ - error/);
        from = lines.length;
        await writeFile(file, original);
        const restored = await waitFor(/spec\/transfer\.tsp → rewrote/, from);
        await waitFor(LINT, restored.at + 1);
        // The clean lint of the run that restored the outputs left the stamp behind: `pnpm generate` has nothing to do.
        expect((await generate(repo.dir)).stdout).toMatch(/nothing changed, \d+ generated files up to date/);
        // A folder made while watching is watched too; a spec file left unformatted is the lint's finding.
        await mkdir(path.join(repo.dir, "spec/drafts"));
        await new Promise((r) => setTimeout(r, 200));
        from = lines.length;
        await writeFile(path.join(repo.dir, "spec/drafts/note.tsp"), "model   Note {}\n");
        const unchanged = await waitFor(/spec\/drafts\/note\.tsp → outputs unchanged/, from);
        const formatting = await waitFor(LINT, unchanged.at + 1);
        expect(formatting.line).toMatch(/ lint: 1 finding\(s\) \(0 of 14 documents linted, \d+ ms\)$/);
        expect(lines[formatting.at + 1]).toMatch(/^ {2}spec\/drafts\/note\.tsp:1:1 - error format: /);
      } finally {
        child.kill("SIGINT");
        await rm(path.join(repo.dir, "spec/drafts"), { recursive: true, force: true });
      }
    }, 180_000);
  });
});

describe("callbacks post-processing", () => {
  it("moves an x-callback operation under the operation it names", () => {
    const doc = {
      paths: {
        "/things": { post: { operationId: "Thing_Create" } },
        "/x-callback/events": {
          post: {
            operationId: "Thing_Events",
            "x-callback": { operationId: "Thing_Create", name: "events", expression: "{$request.body#/url}" },
          },
        },
      },
    };
    const moved = moveCallbacks(doc);
    expect(Object.keys(moved.paths)).toEqual(["/things"]);
    expect(moved.paths["/things"].post.callbacks.events["{$request.body#/url}"].post).toEqual({
      operationId: "Thing_Events",
    });
    expect(doc.paths["/x-callback/events"]).toBeDefined();
  });

  it("fails clearly when the named operation does not exist", () => {
    const doc = {
      paths: {
        "/x": { post: { operationId: "A_B", "x-callback": { operationId: "Missing_Op", name: "n", expression: "e" } } },
      },
    };
    expect(() => moveCallbacks(doc)).toThrow(/names operation "Missing_Op"/);
  });
});
