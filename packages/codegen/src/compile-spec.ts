import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CompilerHost, Diagnostic } from "@typespec/compiler";
import { moveCallbacks } from "./callbacks.js";
import type { OpenApiDocuments } from "./types.js";

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

/**
 * Compiles spec/main.tsp with the options in spec/tspconfig.yaml (warnings are errors there), in
 * this process and without touching the disk: the emitter's writes are captured in memory. The
 * emitted documents then get the generator's post-processing (callbacks).
 */
export async function compileSpec(root: string): Promise<OpenApiDocuments> {
  const { compile, getSourceLocation, NodeHost, resolveCompilerOptions } = await loadCompiler();
  const specDir = path.join(root, "spec");
  const entrypoint = path.join(specDir, "main.tsp");
  const [options, configDiagnostics] = await resolveCompilerOptions(NodeHost, {
    entrypoint,
    cwd: root,
  });
  const toProblem = (d: Diagnostic) => locate(root, d, getSourceLocation);
  if (configDiagnostics.length) throw new SpecCompileError(configDiagnostics.map(toProblem));

  const written = new Map<string, string>();
  const host: CompilerHost = {
    ...NodeHost,
    writeFile: async (file, content) => void written.set(path.resolve(file), content),
    mkdirp: async (dir) => dir,
  };
  const program = await compile(host, entrypoint, options);
  const errors = program.diagnostics.filter((d) => d.severity === "error" || options.warningAsError);
  if (errors.length) throw new SpecCompileError(errors.map(toProblem));

  const pick = (version: string) => {
    for (const [file, content] of written) {
      if (file.endsWith(path.join(version, "openapi.json"))) return moveCallbacks(JSON.parse(content));
    }
    throw new SpecCompileError([
      { code: "no-output", message: `the OpenAPI ${version} emitter wrote nothing; check spec/tspconfig.yaml` },
    ]);
  };
  return { "3.0.0": pick("3.0.0"), "3.1.0": pick("3.1.0") };
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
