import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CompilerHost, Diagnostic } from "@typespec/compiler";
import { moveCallbacks } from "./callbacks.js";
import {
  OPENAPI_VERSIONS,
  type OpenApiDocument,
  type OpenApiVersion,
  type SpecDocuments,
  type VersionDocuments,
} from "./types.js";

/** A problem in the spec, located at a file and line when the compiler knows them. */
export interface SpecProblem {
  file?: string;
  line?: number;
  column?: number;
  code: string;
  message: string;
}

/** The spec did not compile (or is not formatted); `problems` says where and why. */
export class SpecCompileError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "SpecCompileError";
  }
}

export function formatProblem(p: SpecProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""} - ` : "";
  return `${where}error ${p.code}: ${p.message}`;
}

export interface CompileOptions {
  /** How many api-versions the caller expects (a previous compile's count), for `onEmitted`. */
  expectedVersions?: number;
  /**
   * Called as soon as `expectedVersions` documents of one OpenAPI version are emitted, while the
   * compiler goes on with the next (the emitter computes and writes one OpenAPI version after the
   * other), with those documents, oldest first. They are not checked yet, and the spec may have
   * gained a version: compileSpec may still fail or return other documents.
   */
  onEmitted?: (openapi: OpenApiVersion, documents: { apiVersion: string; document: OpenApiDocument }[]) => void;
}

/**
 * Compiles spec/main.tsp with the options in spec/tspconfig.yaml (warnings are errors there), in
 * this process and without touching the disk: the emitter's writes are captured in memory. The
 * emitted documents then get the generator's post-processing (callbacks).
 */
export async function compileSpec(root: string, options: CompileOptions = {}): Promise<SpecDocuments> {
  const { compile, getSourceLocation, NodeHost, resolveCompilerOptions } = await loadCompiler();
  const specDir = path.join(root, "spec");
  const entrypoint = path.join(specDir, "main.tsp");
  const [compilerOptions, configDiagnostics] = await resolveCompilerOptions(NodeHost, {
    entrypoint,
    cwd: root,
  });
  const toProblem = (d: Diagnostic) => locate(root, d, getSourceLocation);
  if (configDiagnostics.length) throw new SpecCompileError(configDiagnostics.map(toProblem));

  const written = new Map<string, string>();
  const emitted = new Map<OpenApiVersion, Map<string, OpenApiDocument>>();
  const reported = new Set<OpenApiVersion>();
  const report = (openapi: OpenApiVersion) => {
    if (reported.has(openapi) || !options.onEmitted) return;
    reported.add(openapi);
    const documents = [...emitted.get(openapi)!].sort(([a], [b]) => a.localeCompare(b));
    options.onEmitted(
      openapi,
      documents.map(([apiVersion, document]) => ({ apiVersion, document })),
    );
  };
  const host: CompilerHost = {
    ...NodeHost,
    writeFile: async (file, content) => {
      const resolved = path.resolve(file);
      written.set(resolved, content);
      const match = EMITTED.exec(resolved);
      if (!match) return;
      const [, openapi, apiVersion] = match as unknown as [string, OpenApiVersion, string];
      const docs = emitted.get(openapi) ?? new Map<string, OpenApiDocument>();
      docs.set(apiVersion, moveCallbacks(JSON.parse(content)));
      emitted.set(openapi, docs);
      if (docs.size === options.expectedVersions) report(openapi);
    },
    mkdirp: async (dir) => dir,
  };
  const program = await compile(host, entrypoint, compilerOptions);
  const errors = program.diagnostics.filter((d) => d.severity === "error" || compilerOptions.warningAsError);
  if (errors.length) throw new SpecCompileError(errors.map(toProblem));

  return collectVersions(root, written, emitted);
}

/** Where the emitter writes one document (spec/tspconfig.yaml): {openapi-version}/openapi.{api-version}.json. */
const EMITTED = /(3\.[01]\.0)[/\\]openapi\.(\d{4}-\d{2}-\d{2}(?:-preview)?)\.json$/;

/**
 * The emitted documents grouped by api-version, oldest first, each checked: both OpenAPI versions
 * present, `info.version` its api-version, and every operation with at least one example (the
 * docs and the contract tests replay them, so a version without one would go untested).
 */
function collectVersions(
  root: string,
  written: Map<string, string>,
  emitted: Map<OpenApiVersion, Map<string, OpenApiDocument>>,
): SpecDocuments {
  const byVersion = new Map<string, Partial<Record<OpenApiVersion, OpenApiDocument>>>();
  for (const [openapi, docs] of emitted)
    for (const [apiVersion, document] of docs)
      byVersion.set(apiVersion, { ...byVersion.get(apiVersion), [openapi]: document });
  if (!byVersion.size) {
    const seen = [...written.keys()].map((f) => path.relative(root, f)).join(", ") || "nothing";
    throw new SpecCompileError([
      {
        code: "no-output",
        message: `the emitter wrote ${seen}, not {openapi-version}/openapi.{api-version}.json; check spec/tspconfig.yaml`,
      },
    ]);
  }
  const problems: SpecProblem[] = [];
  const spec: VersionDocuments[] = [];
  for (const [apiVersion, docs] of [...byVersion].sort(([a], [b]) => a.localeCompare(b))) {
    const missing = OPENAPI_VERSIONS.filter((v) => !docs[v]);
    if (missing.length) {
      problems.push({
        code: "no-output",
        message: `api-version ${apiVersion}: no OpenAPI ${missing.join(", ")} document`,
      });
      continue;
    }
    for (const openapi of OPENAPI_VERSIONS) {
      const doc = docs[openapi]!;
      if (doc.info?.version !== apiVersion)
        problems.push({
          code: "version-mismatch",
          message: `api-version ${apiVersion}: its OpenAPI ${openapi} document says info.version ${JSON.stringify(doc.info?.version)}`,
        });
    }
    problems.push(...missingExamples(apiVersion, docs["3.0.0"]!));
    spec.push({ apiVersion, "3.0.0": docs["3.0.0"]!, "3.1.0": docs["3.1.0"]! });
  }
  if (problems.length) throw new SpecCompileError(problems);
  return spec;
}

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** An operation of one api-version that carries no example (`@opExample`) for its request. */
function missingExamples(apiVersion: string, doc: OpenApiDocument): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const item of Object.values<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const media = Object.values<Record<string, any>>(op.requestBody?.content ?? {});
      const examples = media.some((m) => m.example !== undefined || Object.keys(m.examples ?? {}).length > 0);
      if (op.requestBody && !examples)
        problems.push({
          code: "no-example",
          message: `api-version ${apiVersion}: ${op.operationId} has no example; give that version's declaration an @opExample`,
        });
    }
  }
  return problems;
}

/** Every .tsp file under spec/ must be as `tsp format` leaves it. */
export async function checkSpecFormatting(root: string): Promise<SpecProblem[]> {
  const { checkFormatTypeSpec } = await loadCompiler();
  const specDir = path.join(root, "spec");
  const files = (await readdir(specDir, { recursive: true })).filter((f) => f.endsWith(".tsp")).sort();
  const problems: SpecProblem[] = [];
  for (const file of files) {
    const code = await readFile(path.join(specDir, file), "utf8");
    if (!(await checkFormatTypeSpec(code))) {
      problems.push({
        file: path.posix.join("spec", file.split(path.sep).join("/")),
        line: 1,
        code: "format",
        message: "not formatted as `tsp format` would; run `pnpm format`",
      });
    }
  }
  return problems;
}

/**
 * The compiler is loaded on first use, not with this module: the launcher can then start the tool
 * workers before the compiler's code runs (see bin/generate.mjs).
 */
const loadCompiler = () => import("@typespec/compiler");

function locate(
  root: string,
  d: Diagnostic,
  getSourceLocation: Awaited<ReturnType<typeof loadCompiler>>["getSourceLocation"],
): SpecProblem {
  const location = typeof d.target === "symbol" ? undefined : getSourceLocation(d.target as any);
  const problem: SpecProblem = { code: String(d.code), message: d.message };
  if (location && !location.isSynthetic) {
    const { line, character } = location.file.getLineAndCharacterOfPosition(location.pos);
    problem.file = path.relative(root, location.file.path).split(path.sep).join("/");
    problem.line = line + 1;
    problem.column = character + 1;
  }
  return problem;
}
