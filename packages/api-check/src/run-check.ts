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
import { type BaseCommit, CannotRunError, readOpenApiDocsAt, resolveBase } from "./git-base.js";
import type { ApiChange } from "./openapi-changes.js";
import { SpecSources } from "./spec-sources.js";
import { compareVersions, type VersionReport } from "./version-changes.js";

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
  /** The newest api-version at each end. */
  apiVersion: { base: string; head: string; changed: boolean };
  /** Every api-version at either end, oldest first, with its changes. */
  versions: VersionReport[];
  /** Every version's changes, in version order (each carries its `apiVersion`). */
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
    /** Breaking changes that fail the check: in a released api-version, or a removed one. */
    blocking: changes.filter((c) => c.classification === "breaking" && c.severity === "error").length,
    warnings: changes.filter((c) => c.classification !== "breaking" && c.severity === "warning").length,
    nonBreaking: changes.filter((c) => c.classification === "non-breaking").length,
    docsOnly: changes.filter((c) => c.classification === "docs-only").length,
  };
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value.trim());
}

/**
 * `pnpm api:check`: compiles the spec at HEAD (the working tree) in this process, compares every
 * api-version's OpenAPI 3.0 document with the base ref's committed ones (`version-changes.ts`),
 * lints, looks for generated-file drift and measures the client bundle at both ends.
 *
 * Policy: the check fails (exit 1) on Spectral errors or unformatted spec sources, on generated
 * files out of date with spec/, and on any change inside a released api-version (one committed at
 * the base: it is frozen) or the removal of one — unless the run is explicitly overridden
 * (`--allow-breaking`, `API_CHECK_ALLOW_BREAKING=1`, or the PR label `breaking-change-approved`).
 * A new api-version is compared with the previous one; its breaking changes are warnings, since a
 * new api-version is where they belong. It throws {@link CannotRunError} (exit 2) when it cannot run.
 */
export async function runApiCheck(options: ApiCheckOptions): Promise<ApiCheckReport> {
  const { root } = options;
  const env = options.env ?? process.env;
  const base = await resolveBase(root, options.base);
  const baseDocs = await readOpenApiDocsAt(root, base);
  const baseDocs31 = await readOpenApiDocsAt(root, base, "3.1.0", true);
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
  const { findings, formatting } = generation;
  const [drift, sources, bundle] = await Promise.all([
    findDrift(root, generation.files, OWNED_DIRS),
    SpecSources.load(root),
    clientBundleDelta(root, base),
  ]);
  const headDocs = new Map(generation.documents.map((v) => [v.apiVersion, v["3.0.0"]] as const));
  const headDocs31 = new Map(generation.documents.map((v) => [v.apiVersion, v["3.1.0"]] as const));
  const versions = compareVersions(baseDocs, headDocs, sources, { base: baseDocs31, head: headDocs31 });
  const changes = versions.flatMap((v) => v.changes);

  const apiVersion = {
    base: [...baseDocs.keys()].at(-1) ?? "",
    head: latestVersion(generation.documents).apiVersion,
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

  for (const v of versions.filter((v) => v.status === "new" && v.comparedWith)) {
    const allowed = v.changes.filter((c) => c.classification === "breaking").length;
    if (allowed)
      verdict.push(
        `${allowed} breaking change(s) in the new api-version ${v.apiVersion} (vs ${v.comparedWith!.apiVersion}): allowed, reported as warnings`,
      );
  }
  const { blocking } = counts(changes);
  const touched = versions.filter((v) =>
    v.changes.some((c) => c.severity === "error" && c.classification === "breaking"),
  );
  let breakingAllowedBy: string | undefined;
  if (blocking) {
    if (options.allowBreaking) breakingAllowedBy = "--allow-breaking";
    else if (truthy(env[ALLOW_BREAKING_ENV]))
      breakingAllowedBy = `${ALLOW_BREAKING_ENV} (PR label \`${ALLOW_BREAKING_LABEL}\`)`;
    const where = touched.map((v) => `${v.apiVersion}${v.status === "removed" ? " (removed)" : ""}`).join(", ");
    if (breakingAllowedBy)
      verdict.push(`${blocking} change(s) to released api-version(s) ${where} allowed: ${breakingAllowedBy}`);
    else {
      verdict.push(
        `${blocking} change(s) to released api-version(s) ${where}: a released api-version is frozen. ` +
          `Make the change in a new api-version (\`@added\`/\`@removed\`/\`@madeRequired(Versions.<new>)\` in spec/), ` +
          `or, if consumers are known to be unaffected, override with --allow-breaking ` +
          `(in a PR: the \`${ALLOW_BREAKING_LABEL}\` label)`,
      );
    }
  }
  const exitCode = lintErrors || drift.length || (blocking && !breakingAllowedBy) ? 1 : 0;
  return {
    base,
    apiVersion,
    versions,
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
