import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOCUMENT = JSON.parse(
  readFileSync(new URL("../../../../spec/openapi/3.1.0/openapi.json", import.meta.url), "utf8"),
);

/**
 * Checks a value against a schema of the committed OpenAPI 3.1 document (the contract), so tests
 * show that what the emulator sends is what the spec describes. Returns the error list, empty when valid.
 */
export function schemaErrors(schemaName: string, value: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...DOCUMENT, $id: "openapi.json" });
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`no schema ${schemaName}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
