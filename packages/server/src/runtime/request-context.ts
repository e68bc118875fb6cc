import type { Logger } from "./logger.js";

/** How the caller proved who it is. */
export type AuthScheme = "hmac" | "bearer" | "none";

/** What a handler gets besides its typed input. */
export interface RequestContext {
  /** The id of this request: the client's `x-ms-client-request-id` when it sent a valid one, else a fresh UUID. */
  requestId: string;
  /** The operation being served. */
  operationId: string;
  /** How the request was authenticated. */
  auth: AuthScheme;
  /** The repeatability headers, when the request carried them. */
  repeatability: { requestId: string; firstSent: Date } | undefined;
  /** The service's logger. */
  logger: Logger;
}
