import { build } from "esbuild";

/** An app that makes one signed transfer call, as the bundle-size checks bundle it. */
export const ONE_CALL_APP = `import { CallAutomationClient } from "./src/index.ts";
export const go = (cs: string) => new CallAutomationClient(cs).transferToParticipant("id", { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } });`;

/**
 * The minified bundle of ONE_CALL_APP against the client package in `packageDir` (its TypeScript
 * sources), for a platform, as an app's bundler makes it.
 */
export async function oneCallBundle(packageDir: string, platform: "browser" | "node" = "browser"): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents: ONE_CALL_APP, resolveDir: packageDir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    logLevel: "silent",
    conditions: ["source"],
  });
  return result.outputFiles[0]!.contents;
}
