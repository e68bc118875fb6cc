// The last generation's result, kept under .cache/ and keyed by the fingerprint of everything
// that decides it (inputsHash in bin/stamp.mjs: spec/, .spectral.yaml, this package's sources, the lockfile):
// `pnpm generate --check` with unchanged inputs compares the cached files with the working tree
// instead of running the compiler, openapi-typescript, Ajv and Spectral again.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CheckedGeneration } from "./generate.js";

const FILE = ".cache/codegen/generation.json";

/** What a run needs from a generation to check or write the outputs. */
export type CachedGeneration = Pick<CheckedGeneration, "files" | "findings" | "formatting">;

/** The cached generation for the inputs whose hash is `inputs` (see inputsHash), or undefined when there is none. */
export async function readCachedGeneration(root: string, inputs: string): Promise<CachedGeneration | undefined> {
  try {
    const cache = JSON.parse(await readFile(path.join(root, FILE), "utf8"));
    return cache.inputs === inputs ? cache.generation : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps a generation for the next run, under the hash of the inputs it was made from (taken
 * before it started: an edit made while it ran is not in it).
 */
export async function writeCachedGeneration(root: string, inputs: string, generation: CachedGeneration): Promise<void> {
  const { files, findings, formatting } = generation;
  const file = path.join(root, FILE);
  const temporary = `${file}.${process.pid}`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, JSON.stringify({ inputs, generation: { files, findings, formatting } }));
    await rename(temporary, file); // a concurrent run reads the old cache or this one, never half of one
  } catch {
    // a read-only checkout runs without the cache
  }
}
