import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { type BaseCommit, existsAt, extractAt } from "./git-base.js";

/** The client package's public entry, bundled as a browser app would. */
export const CLIENT_ENTRY = "packages/client/src/index.ts";

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

export interface BundleDelta {
  head: BundleSize | null;
  base: BundleSize | null;
  /** Why a side is n/a, when it is. */
  notes: string[];
}

/**
 * Bundles `entry` with esbuild (ESM, browser, minified, tree-shaken) and measures it raw and gzipped.
 * Bare imports resolve from `root`'s node_modules, so a base checkout extracted to a temp dir
 * bundles against the same installed dependencies as the head.
 */
export async function bundleSize(entry: string, root: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    conditions: ["source"],
    nodePaths: [path.join(root, "packages/client/node_modules"), path.join(root, "node_modules")],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

/** The client bundle at head (working tree) and at the base commit; a side without the client is null. */
export async function clientBundleDelta(root: string, base: BaseCommit): Promise<BundleDelta> {
  const notes: string[] = [];
  const headEntry = path.join(root, CLIENT_ENTRY);
  const failed = (side: string) => (e: Error) => {
    notes.push(`${side} does not bundle: ${e.message.split("\n")[0]}`);
    return null;
  };
  let head: BundleSize | null = null;
  if (existsSync(headEntry)) head = await bundleSize(headEntry, root).catch(failed("head"));
  else notes.push(`no ${CLIENT_ENTRY} at head`);
  let baseSize: BundleSize | null = null;
  if (await existsAt(root, base.sha, CLIENT_ENTRY)) {
    const dir = await extractAt(root, base, "packages/client");
    try {
      baseSize = await bundleSize(path.join(dir, CLIENT_ENTRY), root).catch(failed("base"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    notes.push(`no ${CLIENT_ENTRY} at ${base.ref}`);
  }
  return { head, base: baseSize, notes };
}
