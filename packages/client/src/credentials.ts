import { isBase64 } from "./base64.js";
import { CallAutomationError } from "./call-automation-error.js";

/** A credential holding an access key, shaped like `KeyCredential` from `@azure/core-auth`. */
export interface KeyCredential {
  readonly key: string;
}

/** An access token, shaped like `AccessToken` from `@azure/core-auth`. */
export interface AccessToken {
  token: string;
  /** When the token expires, in milliseconds since the epoch. */
  expiresOnTimestamp: number;
}

/**
 * A source of bearer tokens, shaped like `TokenCredential` from `@azure/core-auth`, so credentials
 * from `@azure/identity` work unchanged.
 */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal }): Promise<AccessToken | null>;
}

/** The scope ACS tokens are requested for. */
export const COMMUNICATION_SCOPE = "https://communication.azure.com//.default";

/**
 * An access key for HMAC-SHA256 signing, like `AzureKeyCredential` from `@azure/core-auth`, but
 * checked up front: the key must be base64 (it is the HMAC key once decoded).
 */
export class AzureKeyCredential implements KeyCredential {
  #key: string;

  constructor(key: string) {
    this.#key = checkKey(key);
  }

  /** The current key. */
  get key(): string {
    return this.#key;
  }

  /** Replaces the key (for key rotation); later requests are signed with the new one. */
  update(newKey: string): void {
    this.#key = checkKey(newKey);
  }
}

function checkKey(key: string): string {
  if (typeof key !== "string" || !isBase64(key)) {
    throw new CallAutomationError({ code: "InvalidAccessKey", message: "The access key is not base64" });
  }
  return key;
}

/** A bearer token, or a function that returns one (called for every attempt; cache inside it if needed). */
export type BearerTokenSource = string | ((options: { abortSignal?: AbortSignal }) => string | Promise<string>);

/**
 * A `TokenCredential` from a static bearer token or an async token provider.
 *
 * ```ts
 * new CallAutomationClient(endpoint, bearerTokenCredential(async () => fetchMyToken()));
 * ```
 */
export function bearerTokenCredential(source: BearerTokenSource): TokenCredential {
  if (typeof source !== "function" && (typeof source !== "string" || source === "")) {
    throw new CallAutomationError({ code: "InvalidCredential", message: "The bearer token is empty" });
  }
  return {
    async getToken(_scopes, options = {}) {
      if (typeof source === "string") return { token: source, expiresOnTimestamp: Number.POSITIVE_INFINITY };
      // Expired at once, so the provider is asked again for every attempt.
      return { token: await source(options), expiresOnTimestamp: 0 };
    },
  };
}

/** Whether a credential signs with an access key (rather than a bearer token). */
export function isKeyCredential(credential: KeyCredential | TokenCredential): credential is KeyCredential {
  return typeof (credential as KeyCredential).key === "string";
}

/** Whether a credential gives bearer tokens. */
export function isTokenCredential(credential: unknown): credential is TokenCredential {
  return typeof (credential as TokenCredential | null)?.getToken === "function";
}
