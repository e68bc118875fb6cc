/** Base64 helpers on the Web platform's `atob`/`btoa`, so they run in browsers, workers, Deno, Bun and Node. */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `text` is non-empty, canonical (padded) base64. */
export function isBase64(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

/** Decodes base64 to bytes. The caller checks `isBase64` first. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as base64. */
export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < view.length; i++) binary += String.fromCharCode(view[i]!);
  return btoa(binary);
}

/** The one UTF-8 encoder of the client. */
export const utf8 = new TextEncoder();
