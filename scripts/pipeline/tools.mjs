// @ts-check
// The pipeline's heavy tools, each run in its own worker thread (see worker-pool.mjs).
import path from "node:path";
import { preload } from "./worker-pool.mjs";

export const OPENAPI_TYPES = new URL("./openapi-types.ts", import.meta.url);
export const SPECTRAL = new URL("./lint-openapi.ts", import.meta.url);
export const SERVER_VALIDATORS = new URL("./server-validators.ts", import.meta.url);

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
