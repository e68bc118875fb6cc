import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { oneCallBundle } from "./support/one-call-bundle.js";

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The modules that contribute code to an app's bundle (after tree-shaking). */
async function bundledModules(code: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: code, resolveDir: PACKAGE, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    outfile: path.join(PACKAGE, "tree-shaking.out.js"),
    metafile: true,
    logLevel: "silent",
    conditions: ["source"],
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
}

// What stays out of an app that only transfers calls is a property of the module graph, not a
// size: checked here from esbuild's metafile (the bench reports the bytes).
describe("tree-shaking of the transfer call", () => {
  it("leaves out openapi-fetch, the raw client and the callback-event parser", async () => {
    const modules = await bundledModules(
      `import { CallAutomationClient } from "./src/index.ts";
       export const go = (cs: string) => new CallAutomationClient(cs).transferToParticipant("id", { targetParticipant: { kind: "communicationUser", communicationUser: { id: "8:acs:x" } } });`,
    );
    expect(modules.some((m) => m.includes("src/call-automation-client.ts"))).toBe(true);
    expect(modules.filter((m) => m.includes("openapi-fetch"))).toEqual([]);
    expect(modules.filter((m) => /raw-client|transfer-events|transfer-outcome|json-schema/.test(m))).toEqual([]);
  });

  it("keeps the one-call bundle, with every api-version the client accepts, within 4 KB gz", async () => {
    const code = await oneCallBundle(PACKAGE);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(4096);
    // The version check is in it: the list of supported versions ships with the client.
    expect(new TextDecoder().decode(code)).toContain("2023-03-06");
  });

  it("brings openapi-fetch in only when the raw client is used", async () => {
    const modules = await bundledModules(
      `import { CallAutomationClient, createRawClient } from "./src/index.ts";
       export const raw = (cs: string) => createRawClient(new CallAutomationClient(cs));`,
    );
    expect(modules.some((m) => m.includes("openapi-fetch"))).toBe(true);
  });
});
