// @ts-check
// `pnpm generate [--check | --watch]`: spec/ → OpenAPI → client types → server artifacts → lint.
// This launcher answers a no-change regenerate from a fingerprint; anything else runs the
// pipeline in scripts/pipeline/, built to plain JavaScript by build-pipeline.mjs.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPipeline } from "./build-pipeline.mjs";
import { upToDate } from "./fingerprint.mjs";
import { loadWithCodeCache } from "./pipeline/code-cache.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const known = new Set(["--check", "--watch", "--force"]);
const unknown = args.filter((a) => !known.has(a));
if (unknown.length) {
  console.error(`generate: unknown option ${unknown.join(" ")}; use --check, --watch or --force`);
  process.exit(2);
}
const mode = args.includes("--check") ? "check" : args.includes("--watch") ? "watch" : "write";

const started = performance.now();
const fresh = mode === "write" && !args.includes("--force") ? upToDate(root) : -1;
if (fresh >= 0) {
  const ms = Math.round(performance.now() - started);
  console.log(`generate: nothing changed, ${fresh} generated files up to date (${ms} ms)`);
} else {
  let built;
  try {
    built = await buildPipeline(root);
  } catch (error) {
    console.error(`generate: scripts/pipeline/ does not build:\n${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
  const pipeline = loadWithCodeCache(fileURLToPath(new URL("main.cjs", built)));
  // Start the heavy tools' workers first: their loading overlaps loading and running the compiler.
  if (mode !== "watch") pipeline.exports.preloadTools(root);
  process.exitCode = await pipeline.exports.main(root, mode);
  pipeline.save();
}
