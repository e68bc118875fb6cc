/** What this instance knows about one callback URI: its POSTs in flight and its backoff. */
export class Destination {
  inFlight = 0;
  /** Whether its last claim came back full: more events wait than one POST carries. */
  backlogged = false;
  /** Epoch ms before which no POST goes to this URI (backing off after a failure). */
  retryAt = 0;
  #failures = 0;

  constructor(readonly url: string) {}

  /** Records a failed POST; answers how many failed in a row, for the backoff. */
  failed(): number {
    this.#failures += 1;
    return this.#failures;
  }

  succeeded(): void {
    this.#failures = 0;
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
