// What the generated validator modules export, by name: cheap to import (the main thread names
// and declares the validators; only the worker that compiles them loads Ajv and esbuild).
import type { OperationModel } from "../artifacts/server-operations.js";
import type { OpenApiDocument } from "../types.js";
import { LOCATIONS, type Location } from "./request-schemas.js";
import { refName } from "./spec-schemas.js";

/** The export name of one operation's validator for one location, e.g. `CallConnection_TransferToParticipant__body`. */
export function validatorName(operationId: string, location: Location): string {
  return `${operationId}__${location}`;
}

/** The declaration file that types the server's validators module. */
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

/** The union whose discriminator mapping lists the transfer callback events. */
export const EVENT_UNION = "TransferEvent";

/** CloudEvent `type` → the name of that event's schema (the TransferEvent discriminator mapping). */
export function eventSchemaByType(doc: OpenApiDocument): Record<string, string> {
  const mapping: Record<string, string> | undefined = doc.components?.schemas?.[EVENT_UNION]?.discriminator?.mapping;
  if (!mapping) throw new Error(`components.schemas.${EVENT_UNION} has no discriminator mapping`);
  return Object.fromEntries(
    Object.entries(mapping).map(([type, ref]) => [type, refName(ref, `${EVENT_UNION}.discriminator`)]),
  );
}
