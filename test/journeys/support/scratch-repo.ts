import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, "../../..");

/** What a scratch copy leaves out: installs, builds and caches (each package's own links are rebuilt). */
const SKIPPED = new Set(["node_modules", "dist", ".cache", ".git", "test-results", "coverage"]);

/**
 * A scratch copy of the whole repository, in a temporary folder, that runs as the repository does:
 * its packages are linked to each other inside the copy (a change to the copy's server is what the
 * copy's emulator imports), third-party packages come from this repository's install, and the
 * codegen package keeps its built dist/. It is a git repository with one commit, the copy as it
 * was, so `pnpm api:check --base HEAD` compares against it.
 */
export async function scratchRepo(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "transfer-call-journey-"));
  await cp(ROOT, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      if (source.startsWith(path.join(ROOT, "packages/codegen/dist"))) return true;
      return !SKIPPED.has(name) && !name.endsWith(".tgz");
    },
  });
  await linkNodeModules(dir);
  const git = (...args: string[]) => exec("git", args, { cwd: dir });
  await git("init", "--quiet");
  await git("add", "-A");
  await git("-c", "user.name=journey", "-c", "user.email=journey@example.com", "commit", "--quiet", "-m", "base");
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Root node_modules: every entry linked to this repository's, but the workspace packages, which point into the copy. */
async function linkNodeModules(dir: string): Promise<void> {
  const modules = path.join(ROOT, "node_modules");
  await mkdir(path.join(dir, "node_modules"));
  for (const entry of await readdir(modules)) {
    if (entry === "@transfer-call") continue;
    await symlink(path.join(modules, entry), path.join(dir, "node_modules", entry));
  }
  for (const pkg of await readdir(path.join(ROOT, "packages"))) {
    const own = path.join(ROOT, "packages", pkg, "node_modules");
    // pnpm's links are relative: kept as they are, a workspace link resolves inside the copy and a
    // third-party one through the copy's root node_modules.
    await cp(own, path.join(dir, "packages", pkg, "node_modules"), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => path.basename(source) !== ".tmp",
    }).catch((error) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await mkdir(path.join(dir, "node_modules/@transfer-call"));
  for (const name of await readdir(path.join(modules, "@transfer-call"))) {
    await symlink(`../../packages/${name}`, path.join(dir, "node_modules/@transfer-call", name));
  }
}

/** Replaces text in a file of the copy; fails when the text is not there (the edit would be lost). */
export async function edit(dir: string, file: string, from: string, to: string): Promise<void> {
  const abs = path.join(dir, file);
  const text = await readFile(abs, "utf8");
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(abs, text.replace(from, to));
}

/** Runs a command in the copy; resolves with its output and exit code (never rejects on a non-zero exit). */
export async function run(
  dir: string,
  command: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
