/**
 * A value now, or a promise of it. The steps of a request run synchronously unless one of them
 * waits (reading the body, an async bearer check or handler, a store over the network); chaining
 * them with `andThen` makes no promise when none waits.
 * kept: saves 4 % of instructions per request, pnpm profile:server (239.7k with async/await at every step, 230.0k).
 */
export type MaybePromise<T> = T | Promise<T>;

/** Whether a step's result is a promise (or another thenable) rather than a value ready now. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** Applies `next` to a value now, or once it resolves. A throw in `next` on the synchronous path is thrown. */
export function andThen<T, U>(value: T | PromiseLike<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}
