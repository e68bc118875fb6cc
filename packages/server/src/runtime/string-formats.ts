/**
 * The string formats the spec uses beyond what ajv-formats defines the way we want. The generated
 * validators bundle these functions at generation time, so the formats behave the same in the
 * validators and wherever the runtime checks a value itself.
 */
export { isImfFixdate } from "./http-date.js";

/**
 * A UUID in its canonical 8-4-4-4-12 hexadecimal form (RFC 9562 §4), either case. Stricter than
 * ajv-formats' `uuid`, which also takes a `urn:uuid:` prefix that no HTTP header of this API carries.
 * Checked a character at a time: every repeatable request carries one, and a regular expression
 * costs several times as much for 36 characters.
 */
export function isCanonicalUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!isHexDigit(c)) return false;
  }
  return true;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

// Character classes of RFC 3986, for the characters below 128.
const SCHEME = 1; // ALPHA / DIGIT / "+" / "-" / "."
const HOST = 2; // unreserved / sub-delims: a reg-name without percent-encoding
const PCHAR = 4; // HOST / ":" / "@"
const QUERY = 8; // PCHAR / "/" / "?": query and fragment
const URI_CHARS = new Uint8Array(128);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
for (const [chars, flags] of [
  [`${ALNUM}+-.`, SCHEME],
  [`${ALNUM}-._~!$&'()*+,;=`, HOST | PCHAR | QUERY],
  [":@", PCHAR | QUERY],
  ["/?", QUERY],
] as const) {
  for (let i = 0; i < chars.length; i++) URI_CHARS[chars.charCodeAt(i)]! |= flags;
}

function scan(value: string, from: number, flag: number): number {
  let i = from;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c >= 128 || (URI_CHARS[c]! & flag) === 0) break;
    i++;
  }
  return i;
}

/**
 * Whether a string is a URI of the shape nearly every callback URI has:
 * `scheme://host[:port][/path][?query][#fragment]` with no userinfo, IP literal or
 * percent-encoding. Every string it accepts is an RFC 3986 URI (and passes ajv-formats' `uri`);
 * it answers false for anything else, valid or not, and the validators then ask the full
 * `uri` check. It reads each character once, where the full check's regular expression costs
 * tens of times more; the tests hold it to that contract against ajv-formats.
 */
export function isCommonUri(value: string): boolean {
  const end = value.length;
  // Reads past the end answer -1 (charCodeAt would answer NaN, and optimised code would bail out).
  const at = (i: number) => (i < end ? value.charCodeAt(i) : -1);
  const first = at(0) | 0x20;
  if (first < 0x61 || first > 0x7a) return false;
  let i = scan(value, 1, SCHEME);
  if (at(i) !== 0x3a || at(i + 1) !== 0x2f || at(i + 2) !== 0x2f) return false;
  i = scan(value, i + 3, HOST);
  if (at(i) === 0x3a) {
    i++;
    while (i < end && value.charCodeAt(i) >= 0x30 && value.charCodeAt(i) <= 0x39) i++;
  }
  while (at(i) === 0x2f) i = scan(value, i + 1, PCHAR);
  if (at(i) === 0x3f) i = scan(value, i + 1, QUERY);
  if (at(i) === 0x23) i = scan(value, i + 1, QUERY);
  return i === end;
}
