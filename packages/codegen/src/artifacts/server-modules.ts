import { LOCATIONS } from "../schemas/request-schemas.js";
import { responseShapes } from "../schemas/response-shapes.js";
import { validatorName, validatorsDeclarations } from "../schemas/validator-exports.js";
import { STANDALONE_VALIDATORS } from "../tools.js";
import { GENERATED_BANNER, type GeneratedFile, type OpenApiDocuments } from "../types.js";
import { callInWorker } from "../workers.js";
import { openApiTypes } from "./client-types.js";
import { type OperationModel, readOperations } from "./server-operations.js";

const DIR = "packages/server/src/generated";

/**
 * The Ajv standalone bundle is plain, untyped JavaScript; tsc types it through validators.gen.d.ts.
 * The root tsconfig checks JS (checkJs) and, for legacy reasons, a .d.ts beside a .js does not keep
 * the .js out of the program, so the bundle opts out of checking itself.
 */

/**
 * The server stub's machine-owned code, from the OpenAPI 3.0 document: the API's types, the route
 * table (with the response shapes the serialiser follows), one typed handler interface per operation
 * and the precompiled request validators. Hand-written code lives in src/runtime and src/service.ts
 * and is never touched here.
 */
export async function serverArtifacts(documents: OpenApiDocuments): Promise<GeneratedFile[]> {
  const doc = documents["3.0.0"];
  const operations = readOperations(doc);
  // Ajv and esbuild load and run in a worker, beside openapi-typescript in its own.
  const [types, validators] = await Promise.all([
    openApiTypes(documents),
    callInWorker<string>(STANDALONE_VALIDATORS, "validatorsModule", doc, operations),
  ]);
  return [
    { path: `${DIR}/openapi.gen.ts`, content: types },
    { path: `${DIR}/routes.gen.ts`, content: GENERATED_BANNER + routesModule(doc, operations) },
    { path: `${DIR}/handlers.gen.ts`, content: GENERATED_BANNER + handlersModule(operations) },
    { path: `${DIR}/validators.gen.js`, content: GENERATED_BANNER + validators },
    { path: `${DIR}/validators.gen.d.ts`, content: GENERATED_BANNER + validatorsDeclarations(operations) },
  ];
}

const literal = (value: unknown) => JSON.stringify(value);

function routesModule(doc: Record<string, any>, operations: OperationModel[]): string {
  const names = [...new Set(operations.flatMap((op) => [op.success.schemaName, op.error.schemaName]))];
  const out: string[] = [
    `import type { OperationRoute } from "../runtime/operation-route.js";`,
    `import type { SchemaShape } from "../runtime/response-serializer.js";`,
    `import * as validators from "./validators.gen.js";`,
    "",
    "/** Every operation the spec defines, as the runtime routes, checks and answers it. */",
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
      ...LOCATIONS.map((l) => `      ${l}: validators.${validatorName(op.operationId, l)},`),
      `    },`,
      "  },",
    );
  }
  out.push("];", "");
  out.push(
    "/** The response schemas, reduced to what the serialiser needs: declared properties and their types. */",
    `export const responseSchemas: Readonly<Record<string, SchemaShape>> = ${JSON.stringify(responseShapes(doc, names), null, 2)};`,
    "",
  );
  return out.join("\n");
}

function handlersModule(operations: OperationModel[]): string {
  const out: string[] = [
    `import type { HttpErrorStatus } from "../runtime/api-error.js";`,
    `import type { RequestContext } from "../runtime/request-context.js";`,
    `import type { operations } from "./openapi.gen.js";`,
    "",
  ];
  for (const op of operations) {
    const o = `operations[${literal(op.operationId)}]`;
    const t = op.typeName;
    out.push(
      `/** What the runtime hands the ${op.handlerName} handler: ${op.method} ${op.path}, validated. */`,
      `export interface ${t}Input {`,
      `  path: ${o}["parameters"]["path"];`,
      `  query: ${o}["parameters"]["query"];`,
      `  /** The declared headers that were sent, under their names in the spec. */`,
      `  headers: NonNullable<${o}["parameters"]["header"]>;`,
      op.body
        ? `  body: NonNullable<${o}["requestBody"]>["content"][${literal(op.body.contentType)}]${op.body.required ? "" : " | undefined"};`
        : "  body: undefined;",
      "}",
      "",
      `/** What the ${op.handlerName} handler answers: the ${op.success.status} success, or an error in the API's format. */`,
      `export type ${t}Result =`,
      `  | { status: ${op.success.status}; body: ${o}["responses"][${op.success.status}]["content"][${literal(op.success.contentType)}]; headers?: Record<string, string> }`,
      `  | { status: HttpErrorStatus; body: ${o}["responses"]["default"]["content"][${literal(op.error.contentType)}]; headers?: Record<string, string> };`,
      "",
    );
  }
  out.push(
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
