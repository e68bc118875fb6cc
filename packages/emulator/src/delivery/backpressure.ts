import type { IncomingMessage, ServerResponse } from "node:http";
import type { FrontRoute, Logger } from "@transfer-call/server";
import type { Limits } from "../config.js";
import type { Backlog, DeliveryQueue } from "../stores/types.js";

/** The error code of the 429 a transfer gets while the delivery backlog is full. */
export const TOO_MANY_REQUESTS = "TooManyRequests";

/** Seconds a refused client is asked to wait: about what the deliverer needs to clear a full batch round. */
export const RETRY_AFTER_SECONDS = 1;

const TRANSFER_PATH = /^\/calling\/callConnections\/[^?]*:transferToParticipant(?:\?|$)/;

/**
 * Backpressure: while the delivery backlog is at its bound (deliveries or bytes), a new transfer
 * is refused with 429 and `Retry-After`, in the API's error format, before anything about it is
 * stored; a transfer that was answered 202 always has its event queued. It runs in front of the
 * API, so a refusal costs little, and so the repeatability store never keeps a 429 as the answer
 * to a Repeatability-Request-ID the client will retry. With several instances on one Redis the
 * bound is shared (read on every transfer); transfers checked at the same moment may pass it by
 * as many as are in flight.
 */
export function backpressureRoute(queue: DeliveryQueue, limits: Limits, logger: Logger): FrontRoute {
  let refusing = false;
  const refuses = (backlog: Backlog): boolean => {
    const full = backlog.deliveries >= limits.pendingDeliveries || backlog.bytes >= limits.pendingDeliveryBytes;
    if (full !== refusing) {
      refusing = full;
      const fields = {
        ...backlog,
        limits: { deliveries: limits.pendingDeliveries, bytes: limits.pendingDeliveryBytes },
      };
      if (full) logger.warn("delivery backlog full: new transfers are refused with 429 until it drains", fields);
      else logger.info("delivery backlog below its bound again: transfers are accepted", fields);
    }
    return full;
  };
  const refuse = (req: IncomingMessage, res: ServerResponse, backlog: Backlog): true => {
    const body = JSON.stringify({
      error: {
        code: TOO_MANY_REQUESTS,
        message:
          `The emulator has ${backlog.deliveries} callback deliveries waiting, its bound ` +
          `(${limits.pendingDeliveries} deliveries, ${limits.pendingDeliveryBytes} bytes). ` +
          `Retry after ${RETRY_AFTER_SECONDS} s.`,
      },
    });
    req.resume();
    res.writeHead(429, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "retry-after": String(RETRY_AFTER_SECONDS),
    });
    res.end(body);
    return true;
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || !TRANSFER_PATH.test(req.url ?? "")) return false;
    const backlog = queue.backlog();
    // An unreachable store is not a full one: the API answers that with its own 503.
    if (backlog instanceof Promise)
      return backlog.then(
        (read) => refuses(read) && refuse(req, res, read),
        () => false,
      );
    return refuses(backlog) && refuse(req, res, backlog);
  };
}
