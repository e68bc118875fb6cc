/**
 * The lint that follows each regeneration in `pnpm generate --watch`. Lint is not regeneration:
 * the watcher prints a save's line once its files are written and lints afterwards (as
 * `tsc --watch` and eslint's watchers report checks after the build). Lints run one at a time,
 * oldest first, and only the newest run's counts: a save supersedes the lint of every earlier
 * run, which is skipped if it has not started and not reported if it has (Spectral runs in a
 * worker and cannot be interrupted mid-document).
 */
export class FollowingLint {
  private latest = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** A new run started: every lint scheduled before now is superseded. */
  supersede(): void {
    this.latest++;
  }

  /**
   * Lints after the lints already scheduled and passes the result to `report`, unless a newer run
   * superseded this one first. Resolves to whether it reported.
   */
  follow<T>(lint: () => Promise<T>, report: (result: T) => void | Promise<void>): Promise<boolean> {
    const run = this.latest;
    const current = () => run === this.latest;
    const done = this.queue.then(async () => {
      if (!current()) return false;
      const result = await lint();
      if (!current()) return false;
      await report(result);
      return true;
    });
    this.queue = done.catch(() => {});
    return done;
  }

  /** Settles once every scheduled lint has reported or been skipped. */
  async settled(): Promise<void> {
    await this.queue;
  }
}
