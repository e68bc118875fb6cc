// Validation in process, for tests and tools that check values against the spec's schemas (the
// packages themselves use the generated validators).
import * as ownFormats from "@transfer-call/server/string-formats";
import type { ValidateFunction } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { OpenApiDocument } from "../types.js";
import { addSpecVocabulary, createAjv } from "./ajv.js";
import { liveFormats } from "./formats.js";
import { REF_PREFIX, toSpecRefs } from "./spec-schemas.js";

/** Checks a value against a schema (or `{ $ref: "#/components/schemas/X" }`); returns the errors, empty when valid. */
export type SchemaValidator = (schemaOrRef: Record<string, any>, value: unknown) => string[];

/**
 * A validator for the named schemas of an OpenAPI document (3.0 with draft-07, 3.1 with JSON
 * Schema 2020-12), using the same formats as the generated validators. Each error reads
 * `<instance path> <message>`.
 */
export function createSchemaValidator(doc: OpenApiDocument): SchemaValidator {
  const ajv = createAjv({ document: doc, formats: liveFormats(ownFormats, fullFormats), strict: false });
  const cache = new Map<string, ValidateFunction>();
  return (schemaOrRef, value) => {
    const key = JSON.stringify(schemaOrRef);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(toSpecRefs(schemaOrRef));
      cache.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}

/**
 * Teaches an Ajv made elsewhere the spec's formats and keywords, e.g. Fastify's:
 * `Fastify({ ajv: { plugins: [specAjvPlugin] } })`, with routes declaring `fastifySchemas(...)`.
 */
export function specAjvPlugin(ajv: any): any {
  return addSpecVocabulary(ajv, liveFormats(ownFormats, fullFormats));
}

/** The errors of `value` against the named schema `name` of `doc` (see createSchemaValidator). */
export function schemaErrors(validator: SchemaValidator, name: string, value: unknown): string[] {
  return validator({ $ref: `${REF_PREFIX}${name}` }, value);
}
