import { REF_PREFIX as REF } from "../schemas/spec-schemas.js";
import type { OpenApiDocument } from "../types.js";

/** A parameter of an operation, as the server stub needs it. */
export interface ParameterModel {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Record<string, any>;
}

/** One operation of the OpenAPI document, reduced to what routing, validation and typing need. */
export interface OperationModel {
  operationId: string;
  /** The handler's method name: the part of the operationId after `_`, in camelCase. */
  handlerName: string;
  /** PascalCase of handlerName, for the generated type names. */
  typeName: string;
  method: string;
  path: string;
  summary: string;
  parameters: ParameterModel[];
  body: { required: boolean; contentType: string; schema: Record<string, any> } | null;
  success: { status: number; contentType: string; schemaName: string };
  error: { contentType: string; schemaName: string };
  apiVersions: string[];
  repeatable: boolean;
  secured: boolean;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function refName(schema: Record<string, any> | undefined, where: string): string {
  const ref: unknown = schema?.$ref;
  if (typeof ref !== "string" || !ref.startsWith(REF)) {
    throw new Error(`${where}: the server stub needs a $ref to a named schema here`);
  }
  return ref.slice(REF.length);
}

function resolve(doc: OpenApiDocument, schema: Record<string, any>): Record<string, any> {
  return typeof schema.$ref === "string" ? doc.components.schemas[schema.$ref.slice(REF.length)] : schema;
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Reads every operation under `paths` (callbacks are the client's concern, not the server's). */
export function readOperations(doc: OpenApiDocument): OperationModel[] {
  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const operationId: string = op.operationId;
      if (!operationId) throw new Error(`${where}: the operation has no operationId`);
      const action = operationId.includes("_") ? operationId.slice(operationId.indexOf("_") + 1) : operationId;
      const parameters: ParameterModel[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => {
        if (p.in === "cookie") throw new Error(`${where}: cookie parameters are not supported`);
        return {
          name: p.name,
          in: p.in,
          required: p.in === "path" ? true : Boolean(p.required),
          schema: p.schema ?? {},
        };
      });
      const successStatus = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s));
      if (!successStatus) throw new Error(`${where}: the operation declares no 2xx response`);
      const [successType, successMedia] = onlyMedia(op.responses[successStatus], `${where} ${successStatus}`);
      const [errorType, errorMedia] = onlyMedia(op.responses.default, `${where} default`);
      let body: OperationModel["body"] = null;
      if (op.requestBody) {
        const [contentType, media] = onlyMedia(op.requestBody, `${where} request body`);
        body = { required: Boolean(op.requestBody.required), contentType, schema: media.schema };
      }
      const apiVersion = parameters.find((p) => p.in === "query" && p.name === "api-version");
      const apiVersions: string[] = apiVersion ? (resolve(doc, apiVersion.schema).enum ?? []) : [];
      operations.push({
        operationId,
        handlerName: camel(action),
        typeName: action.charAt(0).toUpperCase() + action.slice(1),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? operationId,
        parameters,
        body,
        success: {
          status: Number(successStatus),
          contentType: successType,
          schemaName: refName(successMedia.schema, `${where} ${successStatus}`),
        },
        error: { contentType: errorType, schemaName: refName(errorMedia.schema, `${where} default`) },
        apiVersions,
        repeatable: parameters.some((p) => p.in === "header" && p.name.toLowerCase() === "repeatability-request-id"),
        secured: (op.security ?? doc.security ?? []).length > 0,
      });
    }
  }
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

function onlyMedia(holder: Record<string, any> | undefined, where: string): [string, Record<string, any>] {
  const entries = Object.entries<Record<string, any>>(holder?.content ?? {});
  if (entries.length !== 1)
    throw new Error(`${where}: the server stub supports exactly one content type, found ${entries.length}`);
  return entries[0]!;
}
