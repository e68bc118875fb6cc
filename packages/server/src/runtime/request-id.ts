import { randomUUID } from "node:crypto";

const COUNTER_DIGITS = 12;
const COUNTER_LIMIT = 16 ** COUNTER_DIGITS;

/**
 * Ids for `x-ms-request-id`, in the UUID form Azure services answer with. Each is a random UUID's
 * first 24 characters (drawn again every 2^48 ids) followed by a 12-digit hex counter: unique within
 * the process, and across processes as random UUIDs are, at a fraction of a random UUID per request.
 * Request ids name a request in logs and support cases; they are not secrets, so a counter is fine.
 */
export class RequestIdSource {
  #prefix = "";
  #count = COUNTER_LIMIT;

  next(): string {
    if (this.#count >= COUNTER_LIMIT) {
      this.#prefix = randomUUID().slice(0, 36 - COUNTER_DIGITS);
      this.#count = 0;
    }
    return this.#prefix + (this.#count++).toString(16).padStart(COUNTER_DIGITS, "0");
  }
}
