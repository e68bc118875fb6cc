import path from "node:path";
import { fileURLToPath } from "node:url";
import { _, Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { build, type Plugin } from "esbuild";
import { isCanonicalUuid, isCommonUri, isImfFixdate } from "../../packages/server/src/runtime/string-formats.js";
import type { OperationModel } from "./server-operations.js";
import type { OpenApiDocument } from "./types.js";

/** The request locations a generated validator checks. */
export const LOCATIONS = ["path", "query", "headers", "body"] as const;
export type Location = (typeof LOCATIONS)[number];

/** The export name of one operation's validator for one location, e.g. `CallConnection_TransferToParticipant__body`. */
export function validatorName(operationId: string, location: Location): string {
  return `${operationId}__${location}`;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FORMATS_MODULE = "#server-string-formats";
/** Where the generated module imports the package's own format checks from, at run time. */
const RUNTIME_FORMATS_IMPORT = "../runtime/string-formats.js";

/**
 * The formats the spec uses. The same functions are given to Ajv here and called by the generated
 * code (ajv-formats' `uri` is bundled in, behind the package's fast check for the common shape; the
 * package's own checks are imported from src/runtime at run time, so editing them needs no regeneration).
 */
const fullUri = fullFormats.uri as (value: string) => boolean;
const FORMATS = {
  uri: (value: string) => isCommonUri(value) || fullUri(value),
  uuid: isCanonicalUuid,
  "http-date": isImfFixdate,
} as const;

/** The annotation the generator adds beside a `not` so the runtime can say what it forbids. */
export const NOT_SUMMARY = "x-not-summary";

/**
 * A sentence for a `not: { anyOf: [...] }` clause of the two shapes the spec uses: pairs of
 * properties that may not be set together, and a property that requires a discriminator value.
 */
export function summarizeNot(not: Record<string, any>): string {
  const alternatives: Record<string, any>[] = Array.isArray(not.anyOf) ? not.anyOf : [not];
  const exclusive = new Set<string>();
  const matches: string[] = [];
  const other: string[] = [];
  for (const alt of alternatives) {
    const keys = Object.keys(alt).sort().join(",");
    const required: string[] = alt.required ?? [];
    if (keys === "required" && required.length === 2) {
      for (const r of required) exclusive.add(r);
    } else if (keys === "properties,required" && required.length === 2) {
      const [discriminator, property] = required as [string, string];
      const values: unknown[] | undefined = alt.properties?.[discriminator]?.not?.enum;
      if (values?.length === 1) matches.push(`${property} requires ${discriminator} "${String(values[0])}"`);
      else other.push(JSON.stringify(alt));
    } else other.push(JSON.stringify(alt));
  }
  const parts: string[] = [];
  if (exclusive.size) parts.push(`at most one of ${[...exclusive].join(", ")} may be set`);
  if (matches.length) parts.push(matches.join("; "));
  if (other.length) parts.push(`it must not match ${other.join(" or ")}`);
  return parts.join("; ");
}

function annotateNot(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(annotateNot);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = annotateNot(value);
  const not = (schema as Record<string, any>).not;
  if (not && typeof not === "object" && Object.keys(not).length) out[NOT_SUMMARY] = summarizeNot(not);
  return out;
}

function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"spec#/definitions/'));
}

function objectSchema(params: OperationModel["parameters"], lowerCase: boolean): Record<string, unknown> {
  const key = (name: string) => (lowerCase ? name.toLowerCase() : name);
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [key(p.name), rewriteRefs(p.schema)])),
    required: params.filter((p) => p.required).map((p) => key(p.name)),
  };
}

/** The JSON Schemas of one operation's inputs, keyed by location. */
export function inputSchemas(op: OperationModel): Record<Location, Record<string, unknown>> {
  return {
    path: objectSchema(
      op.parameters.filter((p) => p.in === "path"),
      false,
    ),
    query: objectSchema(
      op.parameters.filter((p) => p.in === "query"),
      false,
    ),
    headers: objectSchema(
      op.parameters.filter((p) => p.in === "header"),
      true,
    ),
    body: op.body ? rewriteRefs(op.body.schema) : {},
  };
}

/**
 * Ajv standalone validators for every operation's path, query, headers and body, compiled here
 * (allErrors, so a request learns every failure at once) and bundled with esbuild into one ES
 * module whose only import is the package's own runtime/string-formats.js: the server package
 * needs neither ajv nor ajv-formats at run time and compiles nothing at start-up.
 */
export async function validatorsModule(doc: OpenApiDocument, operations: OperationModel[]): Promise<string> {
  const ajv = new Ajv({
    allErrors: true,
    // Errors carry their schema, so a failed `not` can be explained from its x-not-summary.
    verbose: true,
    strict: true,
    // The identifier model's `not` clause names properties in `required` on purpose, without
    // redeclaring them: "these two may not both be present".
    strictRequired: false,
    code: { source: true, esm: true, formats: _`require(${FORMATS_MODULE}).formats` },
  });
  for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check as (value: string) => boolean);
  ajv.addKeyword({ keyword: NOT_SUMMARY, schemaType: "string" });
  ajv.addSchema({
    $id: "spec",
    definitions: annotateNot(rewriteRefs(doc.components?.schemas ?? {})) as Record<string, unknown>,
  });
  const exports: Record<string, string> = {};
  for (const op of operations) {
    const schemas = inputSchemas(op);
    for (const location of LOCATIONS) {
      const id = `${op.operationId}.${location}`;
      ajv.addSchema({ $id: id, ...schemas[location] });
      exports[validatorName(op.operationId, location)] = id;
    }
  }
  const source = standaloneModule.default(ajv, exports);
  const bundled = await build({
    stdin: { contents: source, resolveDir: root, sourcefile: "validators.standalone.js", loader: "js" },
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    legalComments: "none",
    logLevel: "silent",
    external: [RUNTIME_FORMATS_IMPORT],
    plugins: [stringFormatsPlugin()],
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

function stringFormatsPlugin(): Plugin {
  return {
    name: "server-string-formats",
    setup(b) {
      b.onResolve({ filter: /^#server-string-formats$/ }, () => ({
        path: FORMATS_MODULE,
        namespace: "server-formats",
      }));
      b.onLoad({ filter: /.*/, namespace: "server-formats" }, () => ({
        resolveDir: root,
        loader: "js",
        contents: [
          `import { fullFormats } from "ajv-formats/dist/formats.js";`,
          `import { isCanonicalUuid, isCommonUri, isImfFixdate } from ${JSON.stringify(RUNTIME_FORMATS_IMPORT)};`,
          `export const formats = { uri: (value) => isCommonUri(value) || fullFormats.uri(value), uuid: isCanonicalUuid, "http-date": isImfFixdate };`,
        ].join("\n"),
      }));
    },
  };
}

/** The declaration file that types the bundled validators module. */
export function validatorsDeclarations(operations: OperationModel[]): string {
  const lines = [`import type { CompiledValidator } from "../runtime/validation.js";`, ""];
  for (const op of operations) {
    for (const location of LOCATIONS) {
      lines.push(`/** Validates the ${location} of ${op.operationId}. */`);
      lines.push(`export declare const ${validatorName(op.operationId, location)}: CompiledValidator;`);
    }
  }
  return `${lines.join("\n")}\n`;
}
