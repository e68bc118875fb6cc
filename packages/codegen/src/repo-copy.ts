// A scratch copy of what `pnpm generate` reads and writes, for runs that must leave the repository
// alone: the generator's tests and the `--watch` bench.
import { cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (from src/ and dist/ alike). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** What `pnpm generate` reads and writes; enough of the repo to run it elsewhere. */
const GENERATE_FILES = [
  "spec",
  "scripts/generate.mjs",
  ".spectral.yaml",
  "package.json",
  "pnpm-lock.yaml",
  "tsconfig.json",
  "packages/codegen",
  "packages/client/src",
  "packages/server/src",
  "packages/emulator/src",
];

/**
 * A scratch copy of the repo's generated and generating part (the codegen package with its
 * built dist/, node_modules linked), removed by `dispose`.
 */
export async function copyRepo(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "transfer-call-repo-"));
  for (const rel of GENERATE_FILES) {
    await cp(path.join(ROOT, rel), path.join(dir, rel), {
      recursive: true,
      filter: (source) => path.basename(source) !== "node_modules",
    }).catch((error) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  await mkdir(path.join(dir, "packages/codegen"), { recursive: true });
  await symlink(
    path.join(ROOT, "packages/codegen/node_modules"),
    path.join(dir, "packages/codegen/node_modules"),
    "dir",
  );
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
