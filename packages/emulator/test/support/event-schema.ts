import { createSchemaValidator, schemaErrors as namedSchemaErrors } from "@transfer-call/codegen/validation";
import { latestApiVersion, openApiDocumentsJson } from "../../src/generated/openapi-document.gen.js";

const validator = createSchemaValidator(JSON.parse(openApiDocumentsJson[latestApiVersion]!));

/**
 * Checks a value against a schema of the OpenAPI 3.1 document the emulator serves (the contract),
 * so tests show that what the emulator sends is what the spec describes. Returns the error list,
 * empty when valid.
 */
export function schemaErrors(schemaName: string, value: unknown): string[] {
  return namedSchemaErrors(validator, schemaName, value);
}
