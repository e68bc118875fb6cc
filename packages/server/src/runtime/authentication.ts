import { ApiError, ErrorCodes } from "./api-error.js";
import { decodeAccessKey, headerGetter, type SignedRequest, verifyWithKey } from "./hmac-signature.js";
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

function unauthorized(message: string, challenges: string[]): ApiError {
  return new ApiError(401, ErrorCodes.unauthorized, message, {
    headers: { "www-authenticate": challenges.join(", ") },
  });
}

/** Builds the authenticator for a set of options; throws at start-up on an unusable configuration. */
export function createAuthenticator(options: AuthOptions): Authenticator {
  if (options === false) return () => "none";
  const key = options.accessKey !== undefined ? decodeAccessKey(options.accessKey) : undefined;
  const verifyBearer = options.verifyBearer;
  if (!key && !verifyBearer)
    throw new TypeError("auth needs an accessKey, a verifyBearer hook, or `false` to turn it off");
  const challenges = [...(key ? ["HMAC-SHA256"] : []), ...(verifyBearer ? ["Bearer"] : [])];
  const clockSkewMs = options.clockSkewMs;

  const checkBearer = async (token: string): Promise<AuthScheme> => {
    let ok = false;
    try {
      ok = await verifyBearer!(token);
    } catch {
      ok = false;
    }
    if (!ok) throw unauthorized("The bearer token was not accepted.", challenges);
    return "bearer";
  };

  // Synchronous for HMAC (the common case), so a signed request costs no extra promise.
  return (request, contentHash, now) => {
    const header = headerGetter(request.headers)("authorization");
    if (!header) throw unauthorized("The request has no Authorization header.", challenges);
    const bearer = BEARER.exec(header);
    if (bearer) {
      if (!verifyBearer)
        throw unauthorized("Bearer tokens are not accepted here; sign the request with the access key.", challenges);
      return checkBearer(bearer[1]!);
    }
    if (!key) throw unauthorized("HMAC signatures are not accepted here; send a bearer token.", challenges);
    const result = verifyWithKey(request, key, {
      contentHash,
      now: () => now,
      ...(clockSkewMs !== undefined ? { clockSkewMs } : {}),
    });
    if (!result.ok) throw unauthorized(`The request signature was not accepted: ${result.reason}.`, challenges);
    return "hmac";
  };
}
