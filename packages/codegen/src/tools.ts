// The generator's heavy tools, each run in its own worker thread (see workers.ts).
import path from "node:path";
import { preload } from "./workers.js";

/** A tool module of this package, as built beside this one (workers load JavaScript). */
const tool = (name: string) => new URL(`./${name}.js`, import.meta.url);

export const OPENAPI_TYPES = tool("artifacts/openapi-types");
export const SPECTRAL = tool("lint/spectral");
export const STANDALONE_VALIDATORS = tool("schemas/standalone-validators");

export const rulesetFile = (root: string) => path.join(root, ".spectral.yaml");

/**
 * Starts every tool's worker and its imports (Spectral also loads the ruleset), so they overlap
 * the TypeSpec compile on the main thread. The launcher calls this before the compile starts.
 */
export function preloadTools(root: string): void {
  preload(OPENAPI_TYPES);
  preload(STANDALONE_VALIDATORS);
  preload(SPECTRAL, "lintDocuments", rulesetFile(root), []);
}
