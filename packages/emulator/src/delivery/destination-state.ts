import { nextBackoffMs, type RetryPolicy } from "./retry-policy.js";

/** What this instance knows about one callback URI: its POSTs in flight and its backoff. */
export class Destination {
  inFlight = 0;
  /** Whether its last claim came back full: more events wait than one POST carries. */
  backlogged = false;
  /** Epoch ms before which no POST goes to this URI (backing off after a failure). */
  retryAt = 0;
  /** Failed rounds in a row: the exponent of the backoff. */
  #failures = 0;
  /** Counts the outcomes that set or cleared the backoff: a POST notes the round it starts in. */
  #round = 0;

  constructor(readonly url: string) {}

  /** The round a POST starting now belongs to; it passes it to `failed` if it fails. */
  get round(): number {
    return this.#round;
  }

  /**
   * Records a failed POST begun in round `startedIn` and answers the pause before this URI is tried
   * again. A POST that another failure overtook while it was in flight fails with it (a receiver
   * that is down refuses them all at once) and counts as that one failure, so four concurrent POSTs
   * back off as one failed round, not four. A receiver's Retry-After is honoured either way, up to
   * the policy's longest pause.
   */
  failed(startedIn: number, now: number, policy: RetryPolicy, retryAfterMs?: number): number {
    if (startedIn !== this.#round && this.#failures > 0) {
      if (retryAfterMs !== undefined)
        this.retryAt = Math.max(this.retryAt, now + nextBackoffMs(policy, this.#failures, retryAfterMs));
      return Math.max(this.retryAt - now, 0);
    }
    this.#failures += 1;
    this.#round += 1;
    const pause = nextBackoffMs(policy, this.#failures, retryAfterMs);
    this.retryAt = now + pause;
    return pause;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#round += 1;
    this.retryAt = 0;
  }

  /** Whether nothing about it is worth keeping. */
  get idle(): boolean {
    return this.inFlight === 0 && this.#failures === 0;
  }
}

/** The destinations by URI; idle ones are forgotten, so the map holds only URIs with something going on. */
export class DestinationStates {
  readonly #byUrl = new Map<string, Destination>();

  get(url: string): Destination {
    let destination = this.#byUrl.get(url);
    if (!destination) {
      if (this.#byUrl.size >= 1_000) this.#forgetIdle();
      this.#byUrl.set(url, (destination = new Destination(url)));
    }
    return destination;
  }

  /** The earliest time one of `urls` may be tried again. */
  nextRetryAt(urls: readonly string[]): number {
    return Math.min(...urls.map((url) => this.#byUrl.get(url)?.retryAt ?? 0));
  }

  #forgetIdle(): void {
    for (const [url, destination] of this.#byUrl) if (destination.idle) this.#byUrl.delete(url);
  }
}
