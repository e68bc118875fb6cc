import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A package as a new user gets it: packed by `pnpm pack`, in a temp dir outside the workspace. */
export interface PackedPackage {
  /** The temp dir holding the tarball and the fixture apps; the caller removes it. */
  workDir: string;
  tarball: string;
  /** Every path in the tarball, e.g. `package/dist/index.js`. */
  files: string[];
}

/**
 * Packs `packageDir` the way a new user would, with plain `pnpm pack` (its `prepack` builds
 * `dist/`), into a fresh temp dir outside the workspace, so nothing resolves through the
 * workspace's node_modules.
 */
export async function packPackage(packageDir: string, prefix: string): Promise<PackedPackage> {
  const workDir = await mkdtemp(path.join(tmpdir(), prefix));
  await run("pnpm", ["pack", "--pack-destination", workDir], { cwd: packageDir });
  const file = (await readdir(workDir)).find((f) => f.endsWith(".tgz"));
  if (!file) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  const tarball = path.join(workDir, file);
  const { stdout } = await run("tar", ["-tzf", tarball]);
  return { workDir, tarball, files: stdout.split("\n").filter(Boolean) };
}

/**
 * Makes a fixture app in `workDir/name` that depends on the tarball and installs it with npm.
 * `offline` forbids the registry altogether (for a package with no dependencies); otherwise npm
 * may fetch what its cache lacks. Install scripts never run.
 */
export async function installFixture(
  packed: PackedPackage,
  name: string,
  packageName: string,
  options: { offline?: boolean } = {},
): Promise<string> {
  const fixture = path.join(packed.workDir, name);
  await mkdir(fixture);
  await writeFile(
    path.join(fixture, "package.json"),
    JSON.stringify({
      name: `fixture-${name}`,
      private: true,
      type: "module",
      dependencies: { [packageName]: `file:${packed.tarball}` },
    }),
  );
  const network = options.offline ? "--offline" : "--prefer-offline";
  await run("npm", ["install", network, "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: fixture });
  return fixture;
}
