export type { ProfileArgs, ServerTarget } from "./args.js";
export { parseBenchArgs, parseProfileArgs, SERVER_TARGETS } from "./args.js";
export type { BenchCase, BenchModule } from "./bench-case.js";
export { formatTable, median, perRoundRatio, round } from "./bench-case.js";
