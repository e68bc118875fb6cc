import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules/.bin/biome");

/** One line longer than the configured width (120), formatted any other way. */
const LONG_LINE =
  "export const sample = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };\n";
const FORMATTED = "export const sample = { first: 1 };\n";

/** `biome check .` in a scratch repository that carries this repository's configuration. */
async function check(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(biome, ["check", "."], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

describe("pnpm lint's formatter and linter (biome.jsonc)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "biome-config-"));
    await copyFile(path.join(root, "biome.jsonc"), path.join(dir, "biome.jsonc"));
    await copyFile(path.join(root, ".gitignore"), path.join(dir, ".gitignore"));
    await run("git", ["init", "-q", "."], { cwd: dir });
    await mkdir(path.join(dir, "packages/sample/src/generated"), { recursive: true });
    await writeFile(path.join(dir, "packages/sample/src/generated/sample.gen.ts"), LONG_LINE);
    await writeFile(path.join(dir, "packages/sample/src/sample.ts"), FORMATTED);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("passes formatted hand-written code and leaves generated code alone", async () => {
    const { code, output } = await check(dir);
    expect(output).not.toContain("sample.gen.ts");
    expect(code).toBe(0);
  });

  it("fails on a hand-written line over the width, naming the file", async () => {
    const file = path.join(dir, "packages/sample/src/too-long.ts");
    await writeFile(file, LONG_LINE);
    try {
      const { code, output } = await check(dir);
      expect(code).not.toBe(0);
      expect(output).toContain("packages/sample/src/too-long.ts");
      expect(output).not.toContain("sample.gen.ts");
    } finally {
      await rm(file);
    }
  });
});
