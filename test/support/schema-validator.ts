import { createSchemaValidator } from "@transfer-call/codegen/validation";
import type { Json } from "./documents.js";

/**
 * Validates values against the named schemas of an OpenAPI document: 3.0 schemas with Ajv's
 * default draft, 3.1 schemas with JSON Schema 2020-12 (see createSchemaValidator in
 * @transfer-call/codegen). `#/components/schemas/X` refs resolve inside the document.
 */
export function schemaValidator(doc: Json): (schemaOrRef: Json, value: unknown) => string[] {
  return createSchemaValidator(doc);
}
