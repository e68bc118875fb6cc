// Validators compiled ahead of time: Ajv standalone code for a set of schemas, bundled with
// esbuild into one dependency-free ES module (Ajv's few runtime helpers and the formats it needs
// are bundled in). Runs in a worker thread (see ../tools.ts): Ajv and esbuild take a while to load.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { _ } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { build, type Plugin } from "esbuild";
import type { OperationModel } from "../artifacts/server-operations.js";
import type { OpenApiDocument } from "../types.js";
import { createAjv } from "./ajv.js";
import { declaredFormats, formatsModuleSource } from "./formats.js";
import { inputSchemas, LOCATIONS } from "./request-schemas.js";
import { eventSchemaByType, validatorName } from "./validator-exports.js";

/** The package folder: Ajv's runtime helpers and ajv-formats resolve from here. */
const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FORMATS_MODULE = "#validator-formats";
const VALIDATORS_MODULE = "#validators";

export interface StandaloneOptions {
  /**
   * Where the generated module imports the server's own format checks from at run time (they are
   * not bundled, so editing them needs no regeneration); without it, ajv-formats' checks are
   * bundled in.
   */
  ownFormatsFrom?: string;
  /**
   * The module's entry, given the specifier of the compiled validators (one export per entry of
   * `exports`); by default it re-exports them.
   */
  entry?: (validators: string) => string;
  /** Whether errors carry their schema (see createAjv). */
  verbose?: boolean;
}

/**
 * One ES module of validators, one per entry of `exports` (export name → schema, with references
 * into `spec`; its `$id` is the export name unless it has one), compiled with createAjv.
 */
export async function standaloneValidators(
  doc: OpenApiDocument,
  exports: Record<string, Record<string, unknown>>,
  options: StandaloneOptions = {},
): Promise<string> {
  const ajv = createAjv({
    document: doc,
    formats: declaredFormats(),
    code: { source: true, esm: true, formats: _`require(${FORMATS_MODULE}).formats` },
    ...(options.verbose === undefined ? {} : { verbose: options.verbose }),
  });
  const ids: Record<string, string> = {};
  for (const [name, schema] of Object.entries(exports)) {
    ajv.addSchema({ $id: name, ...schema });
    ids[name] = typeof schema.$id === "string" ? schema.$id : name;
  }
  const source: string = standaloneModule.default(ajv, ids);
  const used = [...new Set([...source.matchAll(/\.formats\[?\.?"?([\w-]+)/g)].map((m) => m[1]!))];
  const bundled = await build({
    stdin: {
      contents: options.entry ? options.entry(VALIDATORS_MODULE) : source,
      resolveDir: PACKAGE_DIR,
      sourcefile: "validators.standalone.js",
      loader: "js",
    },
    absWorkingDir: PACKAGE_DIR,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    legalComments: "none",
    logLevel: "silent",
    ...(options.ownFormatsFrom ? { external: [options.ownFormatsFrom] } : {}),
    plugins: [
      virtualModules({
        [FORMATS_MODULE]: formatsModuleSource(used, options.ownFormatsFrom),
        [VALIDATORS_MODULE]: source,
      }),
    ],
  });
  return withStablePaths(bundled.outputFiles[0]!.text);
}

/**
 * esbuild names each bundled module by its path from the working directory, which runs through
 * pnpm's store (`node_modules/.pnpm/<name>@<version>_<peers>/node_modules/...`) and, in a linked
 * checkout, outside the repo. Keep only the package-relative part, so the output is byte-identical
 * on every machine and checkout.
 */
export function withStablePaths(code: string): string {
  return code.replace(/(?:\.\.\/)*(?:[\w.@+-]+\/)*?node_modules\/(?:\.pnpm\/[^/"\s]+\/node_modules\/)?/g, "");
}

/** Modules that exist only in this build: the formats module and the compiled validators. */
function virtualModules(modules: Record<string, string>): Plugin {
  return {
    name: "virtual-modules",
    setup(b) {
      b.onResolve({ filter: /^#/ }, (args) =>
        Object.hasOwn(modules, args.path) ? { path: args.path, namespace: "virtual" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "virtual" }, (args) => ({
        resolveDir: PACKAGE_DIR,
        loader: "js",
        contents: modules[args.path]!,
      }));
    },
  };
}

/** Where the server's generated module imports the package's own format checks from, at run time. */
const SERVER_FORMATS_IMPORT = "../runtime/string-formats.js";

/**
 * The server's request validators: every operation's path, query, headers and body, in one module
 * whose only import is the package's own runtime/string-formats.js. The server package needs
 * neither ajv nor ajv-formats at run time and compiles nothing at start-up.
 */
export function validatorsModule(doc: OpenApiDocument, operations: OperationModel[]): Promise<string> {
  const exports: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const schemas = inputSchemas(op);
    for (const location of LOCATIONS)
      exports[validatorName(op.operationId, location)] = { $id: `${op.operationId}.${location}`, ...schemas[location] };
  }
  return standaloneValidators(doc, exports, { ownFormatsFrom: SERVER_FORMATS_IMPORT });
}

/**
 * The client's event validators: one per event schema of the TransferEvent mapping, in a module
 * whose one export, the default, is the table CloudEvent type → validator, with ajv-formats'
 * checks bundled in (the client cannot import the server).
 */
export function eventValidatorsModule(doc: OpenApiDocument): Promise<string> {
  const byType = eventSchemaByType(doc);
  const names = [...new Set(Object.values(byType))].sort();
  const exports = Object.fromEntries(names.map((name) => [name, { $ref: `spec#/definitions/${name}` }]));
  return standaloneValidators(doc, exports, {
    // The client words its issues itself: the schema need not ride along with each error.
    verbose: false,
    entry: (validators) =>
      `import * as validators from ${JSON.stringify(validators)};\n` +
      `export default { ${Object.entries(byType)
        .map(([type, name]) => `${JSON.stringify(type)}: validators.${name}`)
        .join(", ")} };\n`,
  });
}
