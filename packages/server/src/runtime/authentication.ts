import { apiError } from "./error-table.js";
import { createHmacVerifier, headerGetter, type SignedRequest } from "./hmac-signature.js";
import type { AuthScheme } from "./request-context.js";

/** How requests prove who they are; `false` turns authentication off (for local tools only). */
export type AuthOptions =
  | false
  | {
      /** The resource's access key (base64): HMAC-SHA256 signed requests are accepted. */
      accessKey?: string;
      /** Accepts `Authorization: Bearer <token>` when this returns true. */
      verifyBearer?: (token: string) => boolean | Promise<boolean>;
      /** How far x-ms-date may be from the server's clock. Default 5 minutes. */
      clockSkewMs?: number;
    };

/** Authenticates one request: returns the scheme that succeeded (a promise only when a bearer hook is async) or throws a 401. */
export type Authenticator = (
  request: SignedRequest,
  contentHash: string,
  now: number,
) => AuthScheme | Promise<AuthScheme>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Builds the authenticator for a set of options; throws at start-up on an unusable configuration. */
export function createAuthenticator(options: AuthOptions): Authenticator {
  if (options === false) return () => "none";
  const verifyHmac = options.accessKey !== undefined ? createHmacVerifier(options.accessKey) : undefined;
  const verifyBearer = options.verifyBearer;
  if (!verifyHmac && !verifyBearer)
    throw new TypeError("auth needs an accessKey, a verifyBearer hook, or `false` to turn it off");
  const challenges = [...(verifyHmac ? ["HMAC-SHA256"] : []), ...(verifyBearer ? ["Bearer"] : [])];
  const clockSkewMs = options.clockSkewMs;

  const checkBearer = async (token: string): Promise<AuthScheme> => {
    let ok = false;
    try {
      ok = await verifyBearer!(token);
    } catch {
      ok = false;
    }
    if (!ok) throw apiError("bearerRejected", { challenges });
    return "bearer";
  };

  // Synchronous for HMAC (the common case), so a signed request costs no extra promise.
  return (request, contentHash, now) => {
    const header = headerGetter(request.headers)("authorization");
    if (!header) throw apiError("missingAuthorization", { challenges });
    const bearer = BEARER.exec(header);
    if (bearer) {
      if (!verifyBearer) throw apiError("bearerNotAccepted", { challenges });
      return checkBearer(bearer[1]!);
    }
    if (!verifyHmac) throw apiError("hmacNotAccepted", { challenges });
    const result = verifyHmac(request, {
      contentHash,
      now: () => now,
      ...(clockSkewMs !== undefined ? { clockSkewMs } : {}),
    });
    if (!result.ok) throw apiError("signatureRejected", { challenges, reason: result.reason });
    return "hmac";
  };
}
