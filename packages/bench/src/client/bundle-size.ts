import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The minified and gzipped size of an app's bundle, its imports resolved from `resolveDir`. */
export async function bundleSize(
  contents: string,
  platform: "browser" | "node",
  resolveDir: string,
): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    logLevel: "silent",
    conditions: ["source"],
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}
