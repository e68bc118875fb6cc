import { createSchemaValidator, schemaErrors as namedSchemaErrors } from "@transfer-call/codegen/validation";
import { latestApiVersion, openApiDocumentsJson } from "../../src/generated/openapi-document.gen.js";

const validators = new Map<string, ReturnType<typeof createSchemaValidator>>();

/**
 * Checks a value against a schema of one api-version's OpenAPI 3.1 document as the emulator
 * serves it (the contract; the newest version by default), so tests show that what the emulator
 * sends is what that version's spec describes. Returns the error list, empty when valid.
 */
export function schemaErrors(schemaName: string, value: unknown, apiVersion: string = latestApiVersion): string[] {
  let validator = validators.get(apiVersion);
  if (!validator) {
    const document = openApiDocumentsJson[apiVersion];
    if (!document) throw new Error(`no OpenAPI document for api-version ${apiVersion}`);
    validator = createSchemaValidator(JSON.parse(document));
    validators.set(apiVersion, validator);
  }
  return namedSchemaErrors(validator, schemaName, value);
}
