// In --watch, lint follows regeneration (src/following-lint.ts): lints run one at a time, and a
// newer run supersedes the lint of every earlier one.
import { describe, expect, it } from "vitest";
import { FollowingLint } from "../src/following-lint.js";

/** A lint whose result the test decides, and when. */
function controlled<T>() {
  let finish!: (result: T) => void;
  const started: string[] = [];
  return {
    started,
    finish: (result: T) => finish(result),
    lint: (name: string) => () => {
      started.push(name);
      return new Promise<T>((resolve) => (finish = resolve));
    },
  };
}

describe("FollowingLint", () => {
  it("reports each run's lint when no newer run started", async () => {
    const lints = new FollowingLint();
    const reported: string[] = [];
    lints.supersede();
    expect(
      await lints.follow(
        async () => "first",
        (r) => void reported.push(r),
      ),
    ).toBe(true);
    lints.supersede();
    expect(
      await lints.follow(
        async () => "second",
        (r) => void reported.push(r),
      ),
    ).toBe(true);
    expect(reported).toEqual(["first", "second"]);
  });

  it("drops the result of a running lint a newer run superseded, and runs the newer one after it", async () => {
    const lints = new FollowingLint();
    const control = controlled<string>();
    const reported: string[] = [];
    lints.supersede();
    const first = lints.follow(control.lint("first"), (r) => void reported.push(r));
    await new Promise((r) => setTimeout(r, 0));
    expect(control.started).toEqual(["first"]);
    lints.supersede();
    const second = lints.follow(control.lint("second"), (r) => void reported.push(r));
    // one lint at a time: the second waits for the first
    await new Promise((r) => setTimeout(r, 0));
    expect(control.started).toEqual(["first"]);
    control.finish("first's findings");
    expect(await first).toBe(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(control.started).toEqual(["first", "second"]);
    control.finish("second's findings");
    expect(await second).toBe(true);
    expect(reported).toEqual(["second's findings"]);
  });

  it("skips a waiting lint that a newer run superseded before it started", async () => {
    const untouched = new FollowingLint();
    untouched.supersede();
    const never = untouched.follow(
      async () => "never",
      () => {},
    );
    untouched.supersede(); // superseded in the same tick: it never starts
    expect(await never).toBe(false);

    const lints = new FollowingLint();
    const control = controlled<string>();
    const reported: string[] = [];
    lints.supersede();
    const first = lints.follow(control.lint("first"), (r) => void reported.push(r));
    await new Promise((r) => setTimeout(r, 0));
    lints.supersede();
    const second = lints.follow(control.lint("second"), (r) => void reported.push(r));
    lints.supersede(); // a third run, e.g. a save that failed to compile and schedules no lint
    await new Promise((r) => setTimeout(r, 0));
    control.finish("first's findings");
    expect(await first).toBe(false);
    expect(await second).toBe(false);
    await lints.settled();
    expect(control.started).toEqual(["first"]);
    expect(reported).toEqual([]);
  });

  it("passes a failed lint's error to its caller and keeps linting later runs", async () => {
    const lints = new FollowingLint();
    lints.supersede();
    const failed = lints.follow(
      () => Promise.reject(new Error("worker died")),
      () => {},
    );
    await expect(failed).rejects.toThrow("worker died");
    lints.supersede();
    expect(
      await lints.follow(
        async () => 1,
        () => {},
      ),
    ).toBe(true);
  });
});
