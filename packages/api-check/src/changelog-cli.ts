// `pnpm api:changelog [--output <file>]`: the per-api-version changelog, in Markdown, derived from
// the committed OpenAPI documents and the spec (changelog.ts). Exit 0, or 2 on a bad command line.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildChangelog } from "./changelog.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const CHANGELOG_USAGE = `usage: pnpm api:changelog [--output <file>] [--root <dir>]

Prints, for every api-version (newest first), what changed from the previous one: added, removed
and renamed fields, required changes and enum members, in requests, responses and events. Derived
from spec/openapi/3.0.0/openapi.{api-version}.json and the spec's @renamedFrom, never hand-written.

  --output <file>   write the Markdown to <file> instead of stdout
  --root <dir>      the repository (default: the one this script belongs to)`;

/** Runs `pnpm api:changelog` with the given arguments and returns the exit code. */
export async function changelogMain(argv: string[]): Promise<number> {
  let output: string | undefined;
  let root = REPO_ROOT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if ((arg === "--output" || arg === "--root") && value && !value.startsWith("--")) {
      if (arg === "--output") output = path.resolve(value);
      else root = path.resolve(value);
      i++;
    } else if (arg === "--help" || arg === "-h") {
      console.log(CHANGELOG_USAGE);
      return 0;
    } else {
      console.error(
        `api:changelog: ${arg.startsWith("--") ? `${arg} needs a value or is unknown` : `unknown argument ${arg}`}\n\n${CHANGELOG_USAGE}`,
      );
      return 2;
    }
  }
  const markdown = await buildChangelog(root);
  if (!output) process.stdout.write(markdown);
  else {
    await mkdir(path.dirname(output), { recursive: true });
    await writeFile(output, markdown);
    console.error(`api:changelog: wrote ${path.relative(process.cwd(), output) || output}`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = await changelogMain(process.argv.slice(2));
