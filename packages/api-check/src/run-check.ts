import {
  type Drift,
  findDrift,
  formatProblem,
  generateAndLint,
  type LintFinding,
  latestVersion,
  OWNED_DIRS,
  preloadTools,
  SpecCompileError,
  type SpecProblem,
} from "@transfer-call/codegen";
import { type BundleDelta, clientBundleDelta } from "./bundle-size.js";
import { type BaseCommit, CannotRunError, readNewestOpenApiAt, resolveBase } from "./git-base.js";
import { type ApiChange, compareOpenApi } from "./openapi-changes.js";
import { SpecSources } from "./spec-sources.js";

/** The environment variable that overrides the breaking-change gate (the PR workflow sets it from a label). */
export const ALLOW_BREAKING_ENV = "API_CHECK_ALLOW_BREAKING";
/** The PR label that sets {@link ALLOW_BREAKING_ENV} in `.github/workflows/pr.yml`. */
export const ALLOW_BREAKING_LABEL = "breaking-change-approved";

export interface ApiCheckOptions {
  root: string;
  base: string;
  /** Report breaking changes without failing (`--allow-breaking`). */
  allowBreaking?: boolean;
  env?: Record<string, string | undefined>;
}

export interface ApiCheckReport {
  base: BaseCommit;
  apiVersion: { base: string; head: string; changed: boolean };
  changes: ApiChange[];
  lint: LintFinding[];
  formatting: SpecProblem[];
  drift: Drift[];
  generatedFiles: number;
  bundle: BundleDelta;
  /** Why breaking changes do not fail this run, when they do not. */
  breakingAllowedBy?: string;
  exitCode: 0 | 1;
  /** One line per reason the check fails, or why it passes despite findings. */
  verdict: string[];
}

export function counts(changes: ApiChange[]) {
  return {
    breaking: changes.filter((c) => c.classification === "breaking").length,
    warnings: changes.filter((c) => c.classification !== "breaking" && c.severity === "warning").length,
    nonBreaking: changes.filter((c) => c.classification === "non-breaking").length,
    docsOnly: changes.filter((c) => c.classification === "docs-only").length,
  };
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value.trim());
}

/**
 * `pnpm api:check`: compiles the spec at HEAD (the working tree) in this process, compares its
 * newest api-version's OpenAPI 3.0 document with the newest one committed at the base ref, lints it, looks for generated-file
 * drift and measures the client bundle at both ends.
 *
 * Policy: the check fails (exit 1) on Spectral errors or unformatted spec sources, on generated
 * files out of date with spec/, and on breaking changes — unless the api-version (`info.version`)
 * changed (a new newest api-version), since a new api-version is where breaking changes belong, or the run is explicitly
 * overridden (`--allow-breaking`, `API_CHECK_ALLOW_BREAKING=1`, or the PR label
 * `breaking-change-approved`). It throws {@link CannotRunError} (exit 2) when it cannot run.
 */
export async function runApiCheck(options: ApiCheckOptions): Promise<ApiCheckReport> {
  const { root } = options;
  const env = options.env ?? process.env;
  const base = await resolveBase(root, options.base);
  const baseDoc = await readNewestOpenApiAt(root, base);
  preloadTools(root); // load Spectral and openapi-typescript in workers while the spec compiles

  let generation: Awaited<ReturnType<typeof generateAndLint>>;
  try {
    generation = await generateAndLint(root);
  } catch (error) {
    if (!(error instanceof SpecCompileError)) throw error;
    throw new CannotRunError(
      "spec-does-not-compile",
      `spec does not compile at HEAD:\n  ${error.problems.map(formatProblem).join("\n  ")}`,
    );
  }
  const headDoc = latestVersion(generation.documents)["3.0.0"];
  const { findings, formatting } = generation;
  const [drift, sources, bundle] = await Promise.all([
    findDrift(root, generation.files, OWNED_DIRS),
    SpecSources.load(root),
    clientBundleDelta(root, base),
  ]);
  const changes = compareOpenApi(baseDoc, headDoc, sources);

  const apiVersion = {
    base: String(baseDoc.info?.version ?? ""),
    head: String(headDoc.info?.version ?? ""),
    changed: false,
  };
  apiVersion.changed = apiVersion.base !== apiVersion.head;

  const verdict: string[] = [];
  const lintErrors = findings.filter((f) => f.severity === "error").length + formatting.length;
  if (lintErrors)
    verdict.push(`${lintErrors} lint error(s): fix the spec (Spectral on the emitted OpenAPI, tsp format on spec/)`);
  if (drift.length)
    verdict.push(
      `${drift.length} generated file(s) out of date with spec/: run \`pnpm generate\` and commit the result`,
    );

  const { breaking } = counts(changes);
  let breakingAllowedBy: string | undefined;
  if (breaking) {
    if (apiVersion.changed) breakingAllowedBy = `the api-version changed (${apiVersion.base} → ${apiVersion.head})`;
    else if (options.allowBreaking) breakingAllowedBy = "--allow-breaking";
    else if (truthy(env[ALLOW_BREAKING_ENV]))
      breakingAllowedBy = `${ALLOW_BREAKING_ENV} (PR label \`${ALLOW_BREAKING_LABEL}\`)`;
    if (breakingAllowedBy) verdict.push(`${breaking} breaking change(s) allowed: ${breakingAllowedBy}`);
    else {
      verdict.push(
        `${breaking} breaking change(s) and the api-version did not change (${apiVersion.head}): ` +
          `add a new api-version in spec/, or, if consumers are known to be unaffected, override with --allow-breaking ` +
          `(in a PR: the \`${ALLOW_BREAKING_LABEL}\` label)`,
      );
    }
  }
  const exitCode = lintErrors || drift.length || (breaking && !breakingAllowedBy) ? 1 : 0;
  return {
    base,
    apiVersion,
    changes,
    lint: findings,
    formatting,
    drift,
    generatedFiles: generation.files.length,
    bundle,
    ...(breakingAllowedBy ? { breakingAllowedBy } : {}),
    exitCode,
    verdict,
  };
}
