import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Json } from "./documents.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** IMF-fixdate, the one HTTP-date form senders must use (RFC 9110 §5.6.7). */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Validates values against the named schemas of an OpenAPI document: 3.0 schemas with Ajv's
 * default draft, 3.1 schemas with JSON Schema 2020-12. `#/components/schemas/X` refs resolve
 * inside the document.
 */
export function schemaValidator(doc: Json) {
  const is31 = String(doc.openapi).startsWith("3.1");
  const ajv = is31 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  addFormats(ajv as Ajv);
  ajv.addFormat("http-date", IMF_FIXDATE);
  ajv.addKeyword({ keyword: "discriminator" });
  ajv.addSchema({ ...doc, $id: "openapi.json" } as object);
  const cache = new Map<string, ValidateFunction>();
  return function validate(schemaOrRef: Json, value: unknown): string[] {
    const ref = schemaOrRef.$ref as string | undefined;
    const key = ref ?? JSON.stringify(schemaOrRef);
    let fn = cache.get(key);
    if (!fn) {
      fn = ref ? ajv.compile({ $ref: `openapi.json${ref}` }) : ajv.compile(rewriteRefs(schemaOrRef));
      cache.set(key, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}

function rewriteRefs(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"openapi.json#/'));
}
