import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "./types.js";

/** How a generated file differs from what is on disk. */
export interface Drift {
  path: string;
  kind: "changed" | "missing" | "stale";
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

async function listOwned(root: string, dirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    try {
      for (const entry of await readdir(path.join(root, dir), { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) {
          found.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
        }
      }
    } catch {
      // a folder that does not exist yet owns no files
    }
  }
  return found;
}

/** Compares the files the generator produced with the working tree. */
export async function findDrift(root: string, files: GeneratedFile[], ownedDirs: string[]): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const file of files) {
    const current = await readOrNull(path.join(root, file.path));
    if (current === null) drift.push({ path: file.path, kind: "missing" });
    else if (current !== file.content) drift.push({ path: file.path, kind: "changed" });
  }
  const produced = new Set(files.map((f) => f.path));
  for (const owned of await listOwned(root, ownedDirs)) {
    if (!produced.has(owned)) drift.push({ path: owned, kind: "stale" });
  }
  return drift.sort((a, b) => a.path.localeCompare(b.path));
}

/** Brings the working tree in line with the drift: writes changed and missing files, removes stale ones. */
export async function applyDrift(root: string, files: GeneratedFile[], drift: Drift[]): Promise<void> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const d of drift) {
    const abs = path.join(root, d.path);
    if (d.kind === "stale") {
      await rm(abs, { force: true });
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, byPath.get(d.path)!.content);
  }
}
