import { LOCATIONS } from "../schemas/request-schemas.js";
import { responseShapes, type Shape } from "../schemas/response-shapes.js";
import { validatorName, validatorsDeclarations } from "../schemas/validator-exports.js";
import { STANDALONE_VALIDATORS } from "../tools.js";
import { GENERATED_BANNER, type GeneratedFile, type SpecDocuments } from "../types.js";
import { callInWorker } from "../workers.js";
import { openApiTypeFiles } from "./client-types.js";
import { type OperationModel, readOperations } from "./server-operations.js";
import { versionIdentifier } from "./version-names.js";

const DIR = "packages/server/src/generated";

/**
 * The Ajv standalone bundle is plain, untyped JavaScript; tsc types it through validators.gen.d.ts.
 * The root tsconfig checks JS (checkJs) and, for legacy reasons, a .d.ts beside a .js does not keep
 * the .js out of the program, so the bundle opts out of checking itself.
 */

/**
 * The server stub's machine-owned code, from each api-version's OpenAPI 3.0 document: the API's
 * types per version, the route table (which validators check a request of each version, and the
 * response shapes the serialiser follows), one typed handler interface per operation (its input
 * a union discriminated by `apiVersion`) and the precompiled request validators, one module per
 * version. Hand-written code lives in src/runtime and src/service.ts and is never touched here.
 */
export async function serverArtifacts(spec: SpecDocuments): Promise<GeneratedFile[]> {
  const models = spec.map((v) => ({ apiVersion: v.apiVersion, operations: readOperations(v["3.0.0"]) }));
  const operations = sameOperations(models);
  // Ajv and esbuild load and run in a worker, beside openapi-typescript in its own.
  const [types, ...validators] = await Promise.all([
    openApiTypeFiles(spec, DIR),
    ...spec.map((v, i) =>
      callInWorker<string>(STANDALONE_VALIDATORS, "validatorsModule", v["3.0.0"], models[i]!.operations),
    ),
  ]);
  return [
    ...types,
    { path: `${DIR}/routes.gen.ts`, content: GENERATED_BANNER + routesModule(spec, operations) },
    { path: `${DIR}/handlers.gen.ts`, content: GENERATED_BANNER + handlersModule(operations, spec.length) },
    ...spec.flatMap((v, i) => [
      { path: `${DIR}/${validatorsFile(v.apiVersion)}.js`, content: GENERATED_BANNER + validators[i] },
      {
        path: `${DIR}/${validatorsFile(v.apiVersion)}.d.ts`,
        content: GENERATED_BANNER + validatorsDeclarations(models[i]!.operations),
      },
    ]),
  ];
}

const validatorsFile = (apiVersion: string) => `validators.${apiVersion}.gen`;

/**
 * The operations, as the newest version declares them, each with the api-versions it is in (an
 * operation arrives in a new api-version and stays in every later one), after checking that every
 * version routes them alike: the runtime has one route per operation and picks the validators by
 * api-version, so what routing and the serialiser read (method, path, parameter names, body,
 * responses) must not change between versions. A version that changes them needs the runtime to
 * route by version first.
 */
function sameOperations(models: { apiVersion: string; operations: OperationModel[] }[]): OperationModel[] {
  const routing = (op: OperationModel) =>
    JSON.stringify({
      method: op.method,
      path: op.path,
      parameters: op.parameters.map((p) => [p.in, p.name, p.required]),
      body: op.body && [op.body.required, op.body.contentType],
      success: op.success,
      error: op.error,
      repeatable: op.repeatable,
      secured: op.secured,
    });
  const latest = models[models.length - 1]!;
  const versionsOf = new Map(latest.operations.map((op) => [op.operationId, [] as string[]]));
  for (const { apiVersion, operations } of models) {
    for (const op of operations) {
      const newest = latest.operations.find((o) => o.operationId === op.operationId);
      if (!newest)
        throw new Error(
          `server artifacts: ${op.operationId} is in api-version ${apiVersion} but not in ${latest.apiVersion}: an operation stays in every api-version after the one that adds it`,
        );
      if (routing(op) !== routing(newest))
        throw new Error(
          `server artifacts: ${op.operationId} is routed differently in ${apiVersion} than in ${latest.apiVersion}`,
        );
      versionsOf.get(op.operationId)!.push(apiVersion);
    }
  }
  return latest.operations.map((op) => ({ ...op, apiVersions: versionsOf.get(op.operationId)! }));
}

const literal = (value: unknown) => JSON.stringify(value);

function routesModule(spec: SpecDocuments, operations: OperationModel[]): string {
  const shapes = sharedResponseShapes(spec, operations);
  const out: string[] = [
    `import type { OperationRoute } from "../runtime/operation-route.js";`,
    `import type { SchemaShape } from "../runtime/response-serializer.js";`,
    ...spec.map((v) => `import * as ${versionIdentifier(v.apiVersion)} from "./${validatorsFile(v.apiVersion)}.js";`),
    "",
    "/** Every operation the spec defines, as the runtime routes, checks (per api-version) and answers it. */",
    "export const operationRoutes: readonly OperationRoute[] = [",
  ];
  for (const op of operations) {
    const params = (where: string) =>
      op.parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, required: p.required }));
    out.push(
      "  {",
      `    operationId: ${literal(op.operationId)},`,
      `    handlerName: ${literal(op.handlerName)},`,
      `    method: ${literal(op.method)},`,
      `    path: ${literal(op.path)},`,
      `    parameters: {`,
      `      path: ${literal(params("path").map((p) => p.name))},`,
      `      query: ${literal(params("query"))},`,
      `      header: ${literal(params("header"))},`,
      `    },`,
      `    body: ${literal(op.body && { required: op.body.required, contentType: op.body.contentType })},`,
      `    success: ${literal(op.success)},`,
      `    error: ${literal(op.error)},`,
      `    apiVersions: ${literal(op.apiVersions)},`,
      `    repeatable: ${literal(op.repeatable)},`,
      `    secured: ${literal(op.secured)},`,
      `    validators: {`,
      ...op.apiVersions.flatMap((apiVersion) => [
        `      ${literal(apiVersion)}: {`,
        ...LOCATIONS.map((l) => `        ${l}: ${versionIdentifier(apiVersion)}.${validatorName(op.operationId, l)},`),
        "      },",
      ]),
      `    },`,
      "  },",
    );
  }
  out.push("];", "");
  out.push(
    "/** The response schemas, reduced to what the serialiser needs: declared properties and their types (alike in every api-version). */",
    `export const responseSchemas: Readonly<Record<string, SchemaShape>> = ${JSON.stringify(shapes, null, 2)};`,
    "",
  );
  return out.join("\n");
}

/**
 * The serialiser's one table of response shapes, for every api-version (each one the shapes of
 * the operations it has): the versions must declare the same properties and types, and a property
 * any version requires is required (a response that meets the strictest version's list is valid in
 * all of them; 2023-03-06's error, for one, leaves `code` and `message` optional).
 */
function sharedResponseShapes(spec: SpecDocuments, operations: OperationModel[]): Record<string, Shape> {
  const tables = spec.map((v) => {
    const ops = operations.filter((op) => op.apiVersions.includes(v.apiVersion));
    return responseShapes(v["3.0.0"], [...new Set(ops.flatMap((op) => [op.success.schemaName, op.error.schemaName]))]);
  });
  const withoutRequired = (shape: Shape) =>
    JSON.stringify(shape, (key, value) => (key === "required" ? undefined : value));
  const shared = tables[tables.length - 1]!;
  tables.forEach((table, i) => {
    for (const [name, shape] of Object.entries(table)) {
      const into = shared[name];
      if (!into || withoutRequired(shape) !== withoutRequired(into))
        throw new Error(
          `server artifacts: the response shapes of ${spec[i]!.apiVersion} differ from the newest version's; the serialiser has one table`,
        );
      if ("required" in shape && "required" in into)
        into.required = [...new Set([...into.required, ...shape.required])];
    }
  });
  return shared;
}

function handlersModule(operations: OperationModel[], versionCount: number): string {
  const out: string[] = [
    `import type { HttpErrorStatus } from "../runtime/api-error.js";`,
    `import type { RequestContext } from "../runtime/request-context.js";`,
    `import type { ApiVersionTypes, operations } from "./openapi.gen.js";`,
    "",
  ];
  for (const op of operations) {
    const o = `operations[${literal(op.operationId)}]`;
    const t = op.typeName;
    const ov = `ApiVersionTypes[V]["operations"][${literal(op.operationId)}]`;
    // An operation in fewer api-versions than the spec has exists only in their types.
    const versions =
      op.apiVersions.length < versionCount ? op.apiVersions.map(literal).join(" | ") : "keyof ApiVersionTypes";
    out.push(
      `/** What the runtime hands the ${op.handlerName} handler for one api-version: ${op.method} ${op.path}, validated against that version. */`,
      `export interface ${t}VersionInput<V extends ${versions}> {`,
      "  /** The api-version the request named, which its parameters and body were validated against. */",
      "  apiVersion: V;",
      `  path: ${ov}["parameters"]["path"];`,
      `  query: ${ov}["parameters"]["query"];`,
      `  /** The declared headers that were sent, under their names in the spec. */`,
      `  headers: NonNullable<${ov}["parameters"]["header"]>;`,
      op.body
        ? `  body: NonNullable<${ov}["requestBody"]>["content"][${literal(op.body.contentType)}]${op.body.required ? "" : " | undefined"};`
        : "  body: undefined;",
      "}",
      "",
      `/** The ${op.handlerName} handler's input: one member per api-version, discriminated by \`apiVersion\`. */`,
      `export type ${t}Input =`,
      ...op.apiVersions.map((v) => `  | ${t}VersionInput<${literal(v)}>`),
      ";",
      "",
      `/** What the ${op.handlerName} handler answers: the ${op.success.status} success, or an error in the API's format. */`,
      `export type ${t}Result =`,
      `  | { status: ${op.success.status}; body: ${o}["responses"][${op.success.status}]["content"][${literal(op.success.contentType)}]; headers?: Record<string, string> }`,
      `  | { status: HttpErrorStatus; body: ${o}["responses"]["default"]["content"][${literal(op.error.contentType)}]; headers?: Record<string, string> };`,
      "",
    );
  }
  out.push(
    "/** Each operationId of the spec → the name of the handler that implements it. */",
    "export interface OperationHandlerNames {",
    ...operations.map((op) => `  ${literal(op.operationId)}: ${literal(op.handlerName)};`),
    "}",
    "",
    "/** An operationId of the spec. */",
    "export type OperationId = keyof OperationHandlerNames;",
    "",
    "/** The business logic a service implements: one method per operation of the spec. */",
    "export interface OperationHandlers {",
    ...operations.flatMap((op) => [
      `  /** ${op.summary} (${op.operationId}: ${op.method} ${op.path}) */`,
      `  ${op.handlerName}(input: ${op.typeName}Input, context: RequestContext): ${op.typeName}Result | Promise<${op.typeName}Result>;`,
    ]),
    "}",
    "",
  );
  return out.join("\n");
}
