/** The report's output formats (`report-formats.ts` renders them). */
export const FORMATS = ["text", "markdown", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** One rendering of the report: a format and where it goes (stdout when no file). */
export interface OutputTarget {
  format: Format;
  file?: string;
}

export interface CliOptions {
  base: string;
  /** The repository to check; defaults to the one this script is in. */
  root?: string;
  allowBreaking: boolean;
  outputs: OutputTarget[];
  help: boolean;
}

export const USAGE = `usage: pnpm api:check --base <git-ref> [--format text|markdown|sarif|github [--output <file>]]... [--allow-breaking]

Compiles spec/ at the working tree and compares every api-version's OpenAPI 3.0 document with
spec/openapi/3.0.0/openapi.{api-version}.json at <git-ref>: an api-version committed there is
released and frozen (any change to it, or to its 3.1 document, fails); a new api-version is
compared with the previous one (its breaking changes are warnings). Reports Spectral findings,
API changes per api-version (breaking / non-breaking / docs-only), generated-file drift and the
client bundle-size delta.

  --base <ref>        the commit to compare with, e.g. origin/main (required)
  --format <f>        text (default), markdown, sarif or github (workflow annotations); repeatable
  --output <file>     write the preceding --format to <file> instead of stdout; the file is
                      replaced, except $GITHUB_STEP_SUMMARY, which is appended to
  --allow-breaking    report breaking changes without failing (also: API_CHECK_ALLOW_BREAKING=1)
  --root <dir>        the repository to check (default: the one this script belongs to)

exit 0: pass · 1: lint errors, generated drift, or a change to a released api-version without an
override · 2: could not run (spec does not compile, unknown base ref, no OpenAPI at the base)`;

/** Thrown for bad command lines; the entry prints it with the usage and exits 2. */
export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { base: "", allowBreaking: false, outputs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--base":
        options.base = value();
        break;
      case "--format": {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`unknown --format ${format}; use ${FORMATS.join(", ")}`);
        options.outputs.push({ format: format as Format });
        break;
      }
      case "--output": {
        const file = value();
        const last = options.outputs[options.outputs.length - 1];
        if (!last) options.outputs.push({ format: "text", file });
        else if (last.file)
          throw new UsageError(
            `--output ${file}: the preceding --format ${last.format} already has --output ${last.file}`,
          );
        else last.file = file;
        break;
      }
      case "--root":
        options.root = value();
        break;
      case "--allow-breaking":
        options.allowBreaking = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (!options.help && !options.base) throw new UsageError("--base <git-ref> is required (e.g. --base origin/main)");
  if (!options.outputs.length) options.outputs.push({ format: "text" });
  return options;
}
