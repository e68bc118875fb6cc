import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./documents.js";

/** What the generate pipeline reads and writes; enough of the repo to run it elsewhere. */
const PIPELINE_FILES = [
  "spec",
  "scripts",
  ".spectral.yaml",
  "package.json",
  "pnpm-lock.yaml",
  "tsconfig.json",
  // generation steps may read package sources (the server's validators bundle its format checks)
  "packages/client/src",
  "packages/server/src",
];

/** A scratch copy of the pipeline's part of the repo (node_modules linked), removed by `dispose`. */
export async function copyRepo(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "transfer-call-repo-"));
  for (const rel of PIPELINE_FILES) {
    await cp(path.join(ROOT, rel), path.join(dir, rel), { recursive: true }).catch((error) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
