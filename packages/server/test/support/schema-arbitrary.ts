import { readFileSync } from "node:fs";
import fc from "fast-check";

/**
 * fast-check arbitraries generated from the OpenAPI document's schemas: every value they produce is
 * valid by the spec. Written independently of the server's validators (it reads the JSON Schema
 * itself), so "generated valid → accepted" is a real check of the generated validators.
 */
// The api-version the property tests send.
const openapi = JSON.parse(
  readFileSync(new URL("../../../../spec/openapi/3.0.0/openapi.2024-09-15.json", import.meta.url), "utf8"),
);
const schemas: Record<string, any> = openapi.components.schemas;

const E164 = /^\+[1-9][0-9]{1,14}$/;

function stringFor(schema: Record<string, any>): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  if (schema.format === "uri") return fc.webUrl({ withQueryParameters: true });
  if (schema.format === "uuid") return fc.uuid();
  return fc.string({ maxLength: 40 });
}

/** Whether a value matches one `not` alternative of the shapes the spec uses (required + a not-enum). */
function matchesAlternative(value: Record<string, unknown>, alt: Record<string, any>): boolean {
  if (!(alt.required ?? []).every((k: string) => k in value)) return false;
  for (const [key, sub] of Object.entries<Record<string, any>>(alt.properties ?? {})) {
    if (!(key in value)) continue;
    if (sub.not?.enum?.includes(value[key])) return false;
  }
  return true;
}

const named = new Map<string, fc.Arbitrary<unknown>>();

/** An arbitrary for a schema; named schemas are built once (the request schemas do not recurse). */
export function arbitraryFor(schema: Record<string, any>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name: string = schema.$ref.split("/").pop();
    if (!named.has(name)) named.set(name, arbitraryFor(schemas[name], depth + 1));
    return named.get(name)!;
  }
  if (schema.allOf?.length === 1) return arbitraryFor(schema.allOf[0], depth);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s: Record<string, any>) => arbitraryFor(s, depth)));
  switch (schema.type) {
    case "string":
      return stringFor(schema);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer();
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "array":
      return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 3 });
    default: {
      if (schema.properties) {
        const props = Object.fromEntries(
          Object.entries<Record<string, any>>(schema.properties).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]),
        );
        const required: string[] = schema.required ?? [];
        let arb = fc.record(props, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
        const alternatives: Record<string, any>[] | undefined = schema.not?.anyOf;
        if (alternatives) arb = arb.filter((v) => !alternatives.some((alt) => matchesAlternative(v, alt)));
        return arb;
      }
      const extra = schema.additionalProperties;
      if (extra && typeof extra === "object" && !extra.not)
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), arbitraryFor(extra, depth + 1), {
          maxKeys: 3,
        });
      return fc.constant({});
    }
  }
}

export const validTransferRequest = arbitraryFor(schemas.TransferToParticipantRequest) as fc.Arbitrary<
  Record<string, any>
>;
export { E164 };
