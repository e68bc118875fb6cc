import { createHash } from "node:crypto";

/**
 * The results of the previous run's tool calls in a warm `pnpm generate --watch`. The tools run in
 * workers (workers.ts) are pure functions of their arguments (an api-version's document, its
 * operations), so a call with the same arguments as in the previous run returns that run's
 * result: a save that changes one api-version's document re-runs the tools for that version only.
 * Only the previous run is kept, so an edit undone two runs later is computed again.
 */
export class CallMemo {
  private previous = new Map<string, Promise<unknown>>();
  private current = new Map<string, Promise<unknown>>();
  /** Calls made and calls answered from the previous run, in the current run. */
  calls = 0;
  reused = 0;

  /** Starts a run: what the last run computed becomes what this one may reuse. */
  nextRun(): void {
    this.previous = this.current;
    this.current = new Map();
    this.calls = 0;
    this.reused = 0;
  }

  /** `compute()`, or the previous run's result for the same module, function and arguments. */
  call<T>(module: string, fn: string, args: unknown[], compute: () => Promise<T>): Promise<T> {
    const key = createHash("sha256")
      .update(JSON.stringify([module, fn, args]))
      .digest("hex");
    this.calls++;
    let result = this.current.get(key) ?? this.previous.get(key);
    if (result) this.reused++;
    else result = compute();
    // a failed call is not remembered
    result.catch(() => this.current.delete(key));
    this.current.set(key, result);
    return result as Promise<T>;
  }
}

/** The memo `callInWorker` consults, set by the warm `--watch` process only. */
export let activeCallMemo: CallMemo | undefined;

export function useCallMemo(memo: CallMemo | undefined): void {
  activeCallMemo = memo;
}
