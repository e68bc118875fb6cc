import { execFile, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Why the check could not run: it exits 2 with this message. */
export class CannotRunError extends Error {
  constructor(
    readonly reason: "spec-does-not-compile" | "unknown-base-ref" | "no-openapi-at-base" | "bad-usage",
    message: string,
  ) {
    super(message);
    this.name = "CannotRunError";
  }
}

async function git(root: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd: root, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
  return stdout;
}

/** The base ref resolved to a commit, with its short form for the report. */
export interface BaseCommit {
  ref: string;
  sha: string;
  short: string;
}

export async function resolveBase(root: string, ref: string): Promise<BaseCommit> {
  try {
    const sha = (await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
    if (!sha) throw new Error("empty");
    return { ref, sha, short: sha.slice(0, 7) };
  } catch {
    throw new CannotRunError(
      "unknown-base-ref",
      `unknown base ref "${ref}": git cannot resolve it to a commit in ${root} (in CI, fetch it first: actions/checkout with fetch-depth: 0)`,
    );
  }
}

/** Whether `file` exists in the tree of `commit`. */
export async function existsAt(root: string, commit: string, file: string): Promise<boolean> {
  try {
    await git(root, ["cat-file", "-e", `${commit}:${file}`]);
    return true;
  } catch {
    return false;
  }
}

/** The committed OpenAPI document at the base commit, parsed. */
export async function readOpenApiAt(root: string, base: BaseCommit, file: string): Promise<Record<string, any>> {
  if (!(await existsAt(root, base.sha, file))) {
    throw new CannotRunError(
      "no-openapi-at-base",
      `no OpenAPI at base: ${file} does not exist at ${base.ref} (${base.short})`,
    );
  }
  const text = await git(root, ["show", `${base.sha}:${file}`]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CannotRunError(
      "no-openapi-at-base",
      `no OpenAPI at base: ${file} at ${base.ref} is not JSON (${(error as Error).message})`,
    );
  }
}

/** Extracts `folder` of the base commit into a new temp directory (git archive | tar) and returns that directory. */
export async function extractAt(root: string, base: BaseCommit, folder: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "api-check-base-"));
  await new Promise<void>((resolve, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", base.sha, folder], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tar = spawn("tar", ["-x", "-C", dir], { stdio: ["pipe", "ignore", "pipe"] });
    archive.stdout.pipe(tar.stdin);
    let stderr = "";
    archive.stderr.on("data", (d) => (stderr += d));
    tar.stderr.on("data", (d) => (stderr += d));
    archive.on("error", reject);
    tar.on("error", reject);
    tar.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git archive ${folder} at ${base.short} failed: ${stderr}`)),
    );
  });
  return dir;
}

/**
 * Every api-version's OpenAPI document committed at the base
 * (spec/openapi/{openapi}/openapi.{api-version}.json), by api-version, oldest first. None at all is
 * an error, unless `optional`.
 */
export async function readOpenApiDocsAt(
  root: string,
  base: BaseCommit,
  openapi: "3.0.0" | "3.1.0" = "3.0.0",
  optional = false,
): Promise<Map<string, Record<string, any>>> {
  const dir = `spec/openapi/${openapi}`;
  const listing = await git(root, ["ls-tree", "--name-only", base.sha, `${dir}/`]).catch(() => "");
  const files = listing
    .split("\n")
    .flatMap((file) => {
      const apiVersion = /\/openapi\.([^/]+)\.json$/.exec(file)?.[1];
      return apiVersion ? [[file, apiVersion] as const] : [];
    })
    .sort((a, b) => a[1].localeCompare(b[1]));
  if (!files.length && !optional) await readOpenApiAt(root, base, `${dir}/openapi.{api-version}.json`); // throws: none there
  const docs = new Map<string, Record<string, any>>();
  for (const [file, apiVersion] of files) docs.set(apiVersion, await readOpenApiAt(root, base, file));
  return docs;
}
