/**
 * The string formats the spec uses beyond what ajv-formats defines the way we want. The generated
 * validators bundle these functions at generation time, so the formats behave the same in the
 * validators and wherever the runtime checks a value itself.
 */
export { isImfFixdate } from "./http-date.js";

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID in its canonical 8-4-4-4-12 hexadecimal form (RFC 9562 §4). Stricter than ajv-formats'
 * `uuid`, which also takes a `urn:uuid:` prefix that no HTTP header of this API carries.
 */
export function isCanonicalUuid(value: string): boolean {
  return CANONICAL_UUID.test(value);
}
