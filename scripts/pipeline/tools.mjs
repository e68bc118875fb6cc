// @ts-check
// The pipeline's heavy tools, each run in its own worker thread (see worker-pool.mjs).
import path from "node:path";
import { preload } from "./worker-pool.mjs";

/** True in the pipeline that build-pipeline.mjs builds into .cache/pipeline/. */
const BUILT = import.meta.url.includes("/.cache/pipeline/");

/**
 * A tool module beside this one: the TypeScript source when this file runs from scripts/pipeline/
 * (tests, watch mode, api:check through tsx), the built module when it runs from the build that
 * `pnpm generate` makes (see build-pipeline.mjs: the heaviest are CommonJS scripts loaded with a
 * code cache).
 * @param {string} name
 * @param {".mjs" | ".cjs"} built
 */
const tool = (name, built) => new URL(`./${name}${BUILT ? built : ".ts"}`, import.meta.url);

export const OPENAPI_TYPES = tool("openapi-types", ".cjs");
export const SPECTRAL = tool("lint-openapi", ".cjs");
export const SERVER_VALIDATORS = tool("server-validators", ".mjs");

/** @param {string} root */
export const rulesetFile = (root) => path.join(root, ".spectral.yaml");

/**
 * Starts every tool's worker and its imports (Spectral also loads the ruleset), so they overlap
 * the TypeSpec compile on the main thread. The launcher calls this before it loads TypeScript.
 * @param {string} root
 */
export function preloadTools(root) {
  preload(OPENAPI_TYPES);
  preload(SERVER_VALIDATORS);
  preload(SPECTRAL, "lintDocuments", rulesetFile(root), []);
}
