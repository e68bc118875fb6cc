// @ts-check
// Builds the package's TypeScript sources 1:1 into plain JavaScript in dist/ (esbuild transforms
// each file on its own; nothing is bundled, every dependency is imported from node_modules as
// published), so `pnpm generate` runs without a TypeScript loader and the tests import the very
// same files. The build is reused until a source, this file or the lockfile changes; checking
// that reads a few dozen small files.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package folder (packages/codegen). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = "build-manifest.json";

/** @param {string} dir @returns {string[]} the package's TypeScript sources, package-relative, sorted */
function sources(dir) {
  return readdirSync(path.join(dir, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** @param {string} dir @param {string[]} files */
function sourcesHash(dir, files) {
  const h = createHash("sha256");
  const lockfile = path.join(dir, "../../pnpm-lock.yaml");
  for (const file of [...files, "bin/build.mjs"])
    h.update(file)
      .update("\0")
      .update(readFileSync(path.join(dir, file)));
  h.update(existsSync(lockfile) ? readFileSync(lockfile) : "no lockfile");
  return h.digest("hex");
}

/**
 * Makes dist/ match src/, building only when a source changed.
 * @param {string} [dir] the package folder
 * @returns {Promise<boolean>} whether it built
 */
export async function ensureBuilt(dir = PACKAGE_DIR) {
  const files = sources(dir);
  const hash = sourcesHash(dir, files);
  const manifest = path.join(dir, "dist", MANIFEST);
  try {
    if (JSON.parse(readFileSync(manifest, "utf8")).sources === hash) return false;
  } catch {
    // no build yet, or an unreadable one: build
  }
  const { build } = await import("esbuild");
  rmSync(path.join(dir, "dist"), { recursive: true, force: true });
  await build({
    absWorkingDir: dir,
    entryPoints: files,
    outdir: "dist",
    outbase: "src",
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    logLevel: "silent",
  });
  writeFileSync(manifest, JSON.stringify({ sources: hash }));
  return true;
}

// `node bin/build.mjs` (the package's `build` script) builds when needed.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await ensureBuilt();
  console.log(built ? "codegen: built dist/" : "codegen: dist/ up to date");
}
