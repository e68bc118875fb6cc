// Ajv as every validator here is configured, whether it writes standalone code or checks values
// in process.
import { Ajv, type Options } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { OpenApiDocument } from "../types.js";
import type { AjvFormat } from "./formats.js";
import { NOT_SUMMARY, specSchema } from "./spec-schemas.js";

export interface AjvSetup {
  /** The document whose named schemas become the `spec` schema (`spec#/definitions/X`). */
  document: OpenApiDocument;
  formats: Record<string, AjvFormat>;
  /** Ajv's `code` option, when writing standalone code. */
  code?: Options["code"];
  /** Strict mode refuses keywords and formats Ajv does not know: on for generated validators. */
  strict?: boolean;
  /**
   * Errors carry their schema, so a failed `not` can be explained by its x-not-summary (on by
   * default; off where the caller never reads them, which keeps schemas out of standalone code).
   */
  verbose?: boolean;
}

/**
 * An Ajv for the document's JSON Schema dialect (draft-07 for OpenAPI 3.0, 2020-12 for 3.1) with
 * every error reported (a request or event learns all its problems at once), the spec's formats,
 * and its named schemas added as `spec`.
 */
export function createAjv(setup: AjvSetup): Ajv {
  const options: Options = {
    allErrors: true,
    verbose: setup.verbose ?? true,
    strict: setup.strict ?? true,
    // The identifier model's `not` clause names properties in `required` on purpose, without
    // redeclaring them: "these two may not both be present".
    strictRequired: false,
    ...(setup.code ? { code: setup.code } : {}),
  };
  const ajv = String(setup.document.openapi).startsWith("3.1") ? new Ajv2020(options) : new Ajv(options);
  addSpecVocabulary(ajv as Ajv, setup.formats);
  ajv.addSchema(specSchema(setup.document));
  return ajv as Ajv;
}

/**
 * What the spec's schemas use beyond JSON Schema, taught to an Ajv (also one made elsewhere, such
 * as Fastify's): the formats, the generator's x-not-summary annotation and OpenAPI's
 * discriminator, which only documents here (the schemas say the same with `enum`s).
 */
export function addSpecVocabulary(ajv: Ajv, formats: Record<string, AjvFormat>): Ajv {
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  ajv.addKeyword({ keyword: NOT_SUMMARY, schemaType: "string" });
  ajv.addKeyword({ keyword: "discriminator", schemaType: "object" });
  return ajv;
}
