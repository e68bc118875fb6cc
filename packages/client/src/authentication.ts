import { CallAutomationError } from "./call-automation-error.js";
import {
  type AccessToken,
  COMMUNICATION_SCOPE,
  isKeyCredential,
  isTokenCredential,
  type KeyCredential,
  type TokenCredential,
} from "./credentials.js";
import { createHmacSigner, type SignableRequest } from "./hmac-signing.js";

/** Adds authentication headers to one attempt. Runs again on every retry. */
export type Authorizer = (request: SignableRequest, signal: AbortSignal | undefined) => Promise<void>;

/** Tokens are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 60_000;

function bearer(credential: TokenCredential): Authorizer {
  let cached: AccessToken | undefined;
  return async (request, signal) => {
    if (!cached || cached.expiresOnTimestamp - REFRESH_MARGIN_MS <= Date.now()) {
      const token = await credential.getToken(COMMUNICATION_SCOPE, signal ? { abortSignal: signal } : {});
      if (!token?.token) {
        throw new CallAutomationError({ code: "InvalidCredential", message: "The token credential returned no token" });
      }
      cached = token;
    }
    request.headers.set("Authorization", `Bearer ${cached.token}`);
  };
}

/** The authorizer for a credential: HMAC-SHA256 for an access key, `Bearer` for a token credential. */
export function createAuthorizer(credential: KeyCredential | TokenCredential): Authorizer {
  if (isKeyCredential(credential)) return createHmacSigner(credential);
  if (isTokenCredential(credential)) return bearer(credential);
  throw new CallAutomationError({
    code: "InvalidCredential",
    message: "The credential is neither a key credential ({ key }) nor a token credential ({ getToken })",
  });
}
