// The bench case shape and helpers live in the bench package (packages/bench); the generator's bench
// case, generate.ts, stays beside the generator's scripts and takes them from there.
export type { BenchCase, BenchModule } from "../../packages/bench/src/bench-case.js";
export { median, round } from "../../packages/bench/src/bench-case.js";
