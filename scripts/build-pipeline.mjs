// @ts-check
// Builds scripts/pipeline/ into plain ES modules under .cache/pipeline/ with esbuild, so
// `pnpm generate` runs without a TypeScript loader. (A loader such as tsx runs its hooks on one
// extra thread per thread that uses it and routes every import through it: with the TypeSpec
// compiler's hundreds of modules that costs seconds.) The build is reused until one of its inputs
// changes (its own sources or the lockfile); checking that takes a few milliseconds.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { hashFile } from "./fingerprint.mjs";

const OUT = ".cache/pipeline";
const ENTRIES = ["main.ts", "tools.mjs", "worker-entry.mjs", "openapi-types.ts", "lint-openapi.ts", "server-validators.ts"];

/**
 * @param {string} root
 * @returns {Promise<URL>} the folder of the built modules
 */
export async function buildPipeline(root) {
  const outDir = path.join(root, OUT);
  const manifestFile = path.join(outDir, "manifest.json");
  const dirUrl = pathToFileURL(outDir + path.sep);
  try {
    /** @type {{ inputs: Record<string, string> }} */
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (Object.entries(manifest.inputs).every(([file, digest]) => hashFile(root, file) === digest)) return dirUrl;
  } catch {
    // no build yet, or an unreadable one: build
  }
  const { build } = await import("esbuild");
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES.map((e) => `scripts/pipeline/${e}`),
    outdir: OUT,
    outExtension: { ".js": ".mjs" },
    entryNames: "[name]",
    chunkNames: "chunk-[hash]", // beside the entries: modules find their siblings by relative URL
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Dependencies are bundled too: a worker then loads one file instead of hundreds of modules
    // (openapi-typescript with TypeScript, Spectral with Ajv). Kept out: the TypeSpec compiler and
    // its libraries (they read their own .tsp files beside their code), esbuild (a native binary)
    // and tsx.
    external: ["@typespec/*", "esbuild", "tsx", "tsx/*"],
    mainFields: ["module", "main"],
    // What bundled CommonJS code expects to find in module scope.
    banner: {
      js: [
        'import { createRequire as __createRequire } from "node:module";',
        'import { fileURLToPath as __fileURLToPath } from "node:url";',
        "const require = __createRequire(import.meta.url);",
        "const __filename = __fileURLToPath(import.meta.url);",
        'const __dirname = __fileURLToPath(new URL(".", import.meta.url));',
      ].join(" "),
    },
    metafile: true,
    logLevel: "silent",
    sourcemap: "inline",
  });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .filter((file) => !file.includes("node_modules"))
      .map((file) => [file, hashFile(root, file)]),
  );
  for (const file of ["scripts/build-pipeline.mjs", "pnpm-lock.yaml"]) inputs[file] = hashFile(root, file);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(manifestFile, JSON.stringify({ inputs }, null, 2));
  return dirUrl;
}
