import { REF_PREFIX } from "../schemas/spec-schemas.js";
import type { OpenApiDocument } from "../types.js";
import { GENERATED_BANNER } from "../types.js";
import type { OperationModel } from "./server-operations.js";

const REPEATABILITY_HEADERS = ["repeatability-request-id", "repeatability-first-sent"];
const literal = (value: unknown) => JSON.stringify(value);
const propertyName = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name));
const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/**
 * One function per operation of the spec, over the client's runtime (`callOperation`): the name is
 * the operationId's action in camelCase (`CallConnection_Mute` → `mute`), path parameters are
 * positional, then the body, then the options (the common ones, repeatability where the spec
 * declares its headers, and the declared query and header parameters). Each function is its own
 * export over its own descriptor, so an app bundles only the operations it calls; request types
 * follow the client's api-version.
 */
export function clientMethodsModule(
  doc: OpenApiDocument,
  operations: OperationModel[],
  /** Every api-version of the spec: an operation in fewer (its `apiVersions`) types only those. */
  apiVersions?: readonly string[],
): string {
  const seen = new Map<string, string>();
  for (const op of operations) {
    const other = seen.get(op.handlerName);
    if (other)
      throw new Error(
        `client methods: ${other} and ${op.operationId} both become ${op.handlerName}(); rename one operationId's action`,
      );
    seen.set(op.handlerName, op.operationId);
  }
  const usesQuery = operations.some((op) => op.parameters.some((p) => p.in === "query" && p.name !== "api-version"));
  const out = [
    GENERATED_BANNER,
    `import type { ApiVersion, LatestApiVersion } from "../api-types.js";`,
    `import type { CallAutomationClient } from "../call-automation-client.js";`,
    `import { clientCore } from "../client-core.js";`,
    `import { type CallOptions, callOperation, type OperationResult${usesQuery ? ", queryString" : ""} } from "../operation-call.js";`,
    `import type { RepeatabilityOptions } from "../repeatability.js";`,
    `import type { ApiVersionTypes, operations } from "./openapi.gen.js";`,
    "",
  ];
  for (const op of operations) out.push(...operationFunction(doc, op, apiVersions));
  return out.join("\n");
}

function operationFunction(doc: OpenApiDocument, op: OperationModel, apiVersions?: readonly string[]): string[] {
  const t = op.typeName;
  // A client pinned to an api-version without the operation cannot call it (a type error).
  const inVersions =
    apiVersions && op.apiVersions.length < apiVersions.length ? op.apiVersions.map(literal).join(" | ") : "ApiVersion";
  const id = literal(op.operationId);
  const versioned = `ApiVersionTypes[V]["operations"][${id}]`;
  const pathNames = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  const query = op.parameters.filter((p) => p.in === "query" && p.name !== "api-version");
  const headers = op.parameters.filter(
    (p) => p.in === "header" && !REPEATABILITY_HEADERS.includes(p.name.toLowerCase()),
  );
  const fillsContext = declaresOptionalOperationContext(doc, op);
  const descriptor = {
    method: op.method,
    path: op.path,
    pathParameters: pathNames,
    successStatus: op.success.status,
    repeatable: op.repeatable,
    operationContext: fillsContext,
  };
  const context = [
    "  /** The final HTTP response (after retries). */",
    "  response: Response;",
    ...pathNames.flatMap((name) => [
      `  /** The \`${name}\` the call was made with. */`,
      `  ${propertyName(name)}: string;`,
    ]),
    ...(fillsContext
      ? [
          "  /** The `operationContext` sent: the caller's, or the UUID the client generated. Correlates the callback event. */",
          "  operationContext: string;",
        ]
      : []),
    ...(op.repeatable
      ? ["  /** The `Repeatability-Request-ID` sent on every attempt. */", "  requestId: string;"]
      : []),
  ];
  const options = [
    ...(query.length
      ? [
          "  /** The query parameters the spec declares (the client sends its own api-version). */",
          `  query?: Omit<NonNullable<operations[${id}]["parameters"]["query"]>, "api-version">;`,
        ]
      : []),
    ...(headers.length
      ? [
          "  /** Extra request headers, with the header parameters the spec declares typed. */",
          `  headers?: Record<string, string> & Omit<NonNullable<operations[${id}]["parameters"]["header"]>, "Repeatability-Request-ID" | "Repeatability-First-Sent">;`,
        ]
      : []),
  ];
  const bases = op.repeatable ? "CallOptions, RepeatabilityOptions" : "CallOptions";
  const params = [
    "client: CallAutomationClient<ThrowOnError, V>",
    ...pathNames.map((name) => `${name}: string`),
    ...(op.body ? [`request${op.body.required ? "" : "?"}: ${t}Request<V>`] : []),
    `options?: ${t}Options`,
  ];
  const successType = `operations[${id}]["responses"][${op.success.status}]["content"][${literal(op.success.contentType)}]`;
  const constName = `${upperSnake(op.typeName)}_OPERATION`;
  return [
    `/** ${op.operationId}, as the runtime sends it. */`,
    `const ${constName} = ${literal(descriptor)} as const;`,
    "",
    ...(op.body
      ? [
          `/** The request body of ${op.handlerName} in api-version \`V\` (the newest by default). */`,
          `export type ${t}Request<V extends ${inVersions} = LatestApiVersion> = NonNullable<${versioned}["requestBody"]>["content"][${literal(op.body.contentType)}];`,
          "",
        ]
      : []),
    `/** Per-call options of ${op.handlerName}. */`,
    options.length
      ? [`export interface ${t}Options extends ${bases} {`, ...options, "}"].join("\n")
      : `export interface ${t}Options extends ${bases} {}`,
    "",
    `/** What every result of ${op.handlerName} carries besides \`data\`/\`error\`. */`,
    `export interface ${t}Context {`,
    ...context,
    "}",
    "",
    `/** The result of ${op.handlerName}: \`data\` on ${op.success.status}, \`error\` otherwise (thrown when the client throws on error). */`,
    `export type ${t}Result<ThrowOnError extends boolean = false> = OperationResult<ThrowOnError, ${successType}, ${t}Context>;`,
    "",
    "/**",
    ` * ${op.summary.replace(/\.$/, "")} (${op.operationId}: ${op.method} ${op.path}).`,
    ` * Resolves with \`{ data }\` on ${op.success.status} and \`{ error }\` otherwise; rejects with a \`CallAutomationError\` when no answer came.`,
    op.repeatable
      ? " * Sends `Repeatability-Request-ID` and `Repeatability-First-Sent`, the same on every retry."
      : " * Sends no repeatability headers, so a POST is not retried.",
    " */",
    `export function ${op.handlerName}<ThrowOnError extends boolean, V extends ${inVersions}>(`,
    ...params.map((p) => `  ${p},`),
    `): Promise<${t}Result<ThrowOnError>> {`,
    `  return callOperation(clientCore(client), ${constName}, [${pathNames.join(", ")}], ${op.body ? "request" : "undefined"}, options${query.length ? ", queryString(options?.query)" : ""});`,
    "}",
    "",
  ];
}

/** Whether the body's schema declares an optional string `operationContext` (the client then fills it). */
function declaresOptionalOperationContext(doc: OpenApiDocument, op: OperationModel): boolean {
  const ref = op.body?.schema?.$ref;
  const schema = typeof ref === "string" ? doc.components?.schemas?.[ref.slice(REF_PREFIX.length)] : op.body?.schema;
  const property = schema?.properties?.operationContext;
  return Boolean(property) && property.type === "string" && !(schema.required ?? []).includes("operationContext");
}
