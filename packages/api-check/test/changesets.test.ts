// The release flow's config (.changeset/config.json) against this workspace: `changeset status`
// accepts it and plans the release a changeset asks for, in a scratch git repository with the
// workspace's package manifests; a config naming an unknown package is refused.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
const changeset = path.join(root, "node_modules/@changesets/cli/bin.js");
let work: string;
const git = (...args: string[]) => exec("git", args, { cwd: work });
const status = () => exec(process.execPath, [changeset, "status", "--output=plan.json"], { cwd: work });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "changesets-"));
  for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json"]) {
    await cp(path.join(root, file), path.join(work, file));
  }
  for (const pkg of ["client", "server", "emulator", "docs"]) {
    await cp(path.join(root, "packages", pkg, "package.json"), path.join(work, "packages", pkg, "package.json"));
  }
  await symlink(path.join(root, "node_modules"), path.join(work, "node_modules"));
  await writeFile(path.join(work, ".gitignore"), "node_modules\nplan.json\n");
  await git("init", "--quiet", "--initial-branch=main");
  await git("config", "user.email", "test@example.com");
  await git("config", "user.name", "changesets test");
  await git("add", "-A");
  await git("commit", "--quiet", "-m", "base");
  await git("checkout", "--quiet", "-b", "spec-change");
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe(".changeset/config.json", () => {
  it("names only packages of this workspace, links client and server, skips private ones", async () => {
    const config = JSON.parse(await readFile(path.join(root, ".changeset/config.json"), "utf8"));
    expect(config.linked).toEqual([["@transfer-call/client", "@transfer-call/server"]]);
    expect(config.baseBranch).toBe("main");
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    for (const pkg of ["client", "server"]) {
      const manifest = JSON.parse(await readFile(path.join(root, "packages", pkg, "package.json"), "utf8"));
      expect(manifest.private).not.toBe(true);
    }
  });

  it("changeset status plans the release a changeset asks for", async () => {
    await writeFile(
      path.join(work, ".changeset/require-operation-context.md"),
      '---\n"@transfer-call/client": major\n"@transfer-call/server": major\n---\n\n`operationContext` is now required (api-version 2025-05-01).\n',
    );
    await writeFile(path.join(work, "packages/client/CHANGE.md"), "changed\n");
    await git("add", "-A");
    await git("commit", "--quiet", "-m", "spec change with a changeset");
    await status();
    const plan = JSON.parse(await readFile(path.join(work, "plan.json"), "utf8"));
    const releases = Object.fromEntries(plan.releases.map((r: any) => [r.name, [r.type, r.newVersion]]));
    // the private emulator depends on the server: listed, but not versioned (privatePackages.version: false)
    expect(releases, JSON.stringify(releases)).toEqual({
      "@transfer-call/client": ["major", "1.0.0"],
      "@transfer-call/server": ["major", "1.0.0"],
      "@transfer-call/emulator": ["none", "0.1.0"],
    });
    expect(plan.changesets[0].summary).toContain("operationContext");
  }, 60_000);

  it("a config naming a package that does not exist is refused", async () => {
    const file = path.join(work, ".changeset/config.json");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace('"@transfer-call/server"', '"@transfer-call/no-such-package"'));
    const failure = await status().then(
      () => null,
      (e: { stderr: string; stdout: string }) => e,
    );
    await writeFile(file, good);
    expect(failure).not.toBeNull();
    expect(failure!.stdout + failure!.stderr).toContain("@transfer-call/no-such-package");
  }, 60_000);
});
