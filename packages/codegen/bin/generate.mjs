#!/usr/bin/env node
// @ts-check
// `pnpm generate [--check | --watch | --force]`: spec/ → OpenAPI → each package's src/generated → lint.
// This launcher answers a no-change regenerate from the stamp; anything else makes sure dist/ is
// built from src/ and runs the generator from there. `--force` runs every tool, whatever the
// stamp and the cached generation say.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, PACKAGE_DIR } from "./build.mjs";
import { upToDate } from "./stamp.mjs";

const root = path.resolve(PACKAGE_DIR, "../..");
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
  try {
    await ensureBuilt();
  } catch (error) {
    console.error(`generate: packages/codegen/src does not build:\n${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
  /** @type {typeof import("../src/cli.ts")} */
  const cli = await import(pathToFileURL(path.join(PACKAGE_DIR, "dist/cli.js")).href);
  process.exitCode = await cli.main(root, mode, { force: args.includes("--force") });
}
