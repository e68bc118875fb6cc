import {
  GENERATED_BANNER,
  type GeneratedFile,
  latestVersion,
  type OpenApiDocument,
  type SpecDocuments,
} from "../types.js";
import { clientMethodsModule } from "./client-methods.js";
import { type OperationModel, readOperations } from "./server-operations.js";

const OUTPUT = "packages/client/src/generated/operations.gen.ts";
const METHODS_OUTPUT = "packages/client/src/generated/client-methods.gen.ts";
const METHODS = ["get", "put", "post", "patch", "delete"] as const;

const constantName = (operationId: string) =>
  operationId
    .replace(/^[^_]*_/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase();

/**
 * The values the client uses that the spec decides: each operation's method, path template (with
 * its literal `:verb`) and success status (its one 2xx response), as the newest api-version
 * declares them, and the api-versions the spec describes (one document each, oldest first). The
 * client imports these instead of restating them. Beside them, one client function per operation
 * (client-methods.ts).
 */
export function clientOperations(spec: SpecDocuments): GeneratedFile[] {
  const doc = latestVersion(spec)["3.0.0"];
  const lines = [GENERATED_BANNER];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const successes = Object.keys(op.responses ?? {}).filter((status) => /^2\d\d$/.test(status));
      if (successes.length !== 1) {
        throw new Error(
          `client operations: ${op.operationId} must declare exactly one 2xx response, found ${successes.join(", ") || "none"}`,
        );
      }
      lines.push(
        `/** ${op.operationId}: ${method.toUpperCase()} ${path} */`,
        `export const ${constantName(op.operationId)} = ${JSON.stringify({ operationId: op.operationId, method: method.toUpperCase(), path, successStatus: Number(successes[0]) })} as const;`,
        "",
        `/** The path template of ${op.operationId}. */`,
        `export const ${constantName(op.operationId)}_PATH = ${JSON.stringify(path)} as const;`,
        "",
      );
    }
  }
  const versions = spec.map((v) => v.apiVersion);
  lines.push(
    "/** The api-versions the spec describes, oldest first. */",
    `export const API_VERSIONS = ${JSON.stringify(versions)} as const;`,
    "",
    "/** The newest api-version the spec describes. */",
    `export const LATEST_API_VERSION = ${JSON.stringify(versions[versions.length - 1])} as const;`,
    "",
  );
  return [
    { path: OUTPUT, content: lines.join("\n") },
    { path: METHODS_OUTPUT, content: clientMethodsModule(doc, operationsByVersion(spec, doc), versions) },
  ];
}

/** The newest document's operations, each with the api-versions it is in (from the one that adds it on). */
function operationsByVersion(spec: SpecDocuments, doc: OpenApiDocument): OperationModel[] {
  const ids = spec.map((v) => new Set(readOperations(v["3.0.0"]).map((op) => op.operationId)));
  return readOperations(doc).map((op) => ({
    ...op,
    apiVersions: spec.filter((_, i) => ids[i]!.has(op.operationId)).map((v) => v.apiVersion),
  }));
}
