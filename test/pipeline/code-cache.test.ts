import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT } from "../support/documents.js";

const run = promisify(execFile);
const LOADER = pathToFileURL(path.join(ROOT, "scripts/pipeline/code-cache.mjs")).href;

/** Loads the script in a fresh process (a code cache only matters across processes) and reports. */
async function loadInChild(script: string): Promise<{ answer: unknown; usedCache: boolean }> {
  const program = `
    import { loadWithCodeCache } from ${JSON.stringify(LOADER)};
    import { existsSync } from "node:fs";
    const hadCache = existsSync(${JSON.stringify(`${script}.v8cache`)});
    const loaded = loadWithCodeCache(${JSON.stringify(script)});
    const answer = await loaded.exports.answer(20);
    loaded.save();
    console.log(JSON.stringify({ answer, hadCache }));
  `;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", program]);
  const { answer, hadCache } = JSON.parse(stdout) as { answer: unknown; hadCache: boolean };
  return { answer, usedCache: hadCache };
}

describe("loadWithCodeCache (the built pipeline's loader)", () => {
  let dir: string;
  let script: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "code-cache-"));
    script = path.join(dir, "tool.cjs");
    await writeFile(
      script,
      [
        'const path = require("node:path");',
        'exports.answer = async (n) => ({ sum: n + 22, file: path.basename(__filename), viaImporter: typeof (await globalThis[Symbol.for("transfer-call.pipeline.import")]("node:os")).cpus });',
      ].join("\n"),
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("runs a CommonJS script, writes its cache after the work, and a later process runs from it", async () => {
    const first = await loadInChild(script);
    expect(first).toEqual({ answer: { sum: 42, file: "tool.cjs", viaImporter: "function" }, usedCache: false });
    expect(existsSync(`${script}.v8cache`)).toBe(true);
    const cache = await readFile(`${script}.v8cache`);

    const second = await loadInChild(script);
    expect(second).toEqual({ answer: { sum: 42, file: "tool.cjs", viaImporter: "function" }, usedCache: true });
    // An accepted cache is left as it is.
    expect((await readFile(`${script}.v8cache`)).equals(cache)).toBe(true);
  });

  it("ignores a cache V8 rejects and replaces it", async () => {
    await loadInChild(script);
    await writeFile(`${script}.v8cache`, Buffer.from("not a V8 code cache"));
    const again = await loadInChild(script);
    expect(again.answer).toEqual({ sum: 42, file: "tool.cjs", viaImporter: "function" });
    expect((await readFile(`${script}.v8cache`)).toString()).not.toBe("not a V8 code cache");
  });

  it("ignores a cache made from another version of the script, even one of the same length", async () => {
    // V8 itself accepts a cache for any source of the same length and runs the cached code.
    const before = "exports.answer = async (n) => ({ sum: n + 1 });\n";
    const after = "exports.answer = async (n) => ({ sum: n + 2 });\n";
    await writeFile(script, before);
    expect((await loadInChild(script)).answer).toEqual({ sum: 21 });
    await writeFile(script, after);
    expect(after.length).toBe(before.length);
    expect((await loadInChild(script)).answer).toEqual({ sum: 22 });
  });
});
