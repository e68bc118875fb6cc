// Tests import @transfer-call/codegen through its entry, which is the built dist/: build it first
// (when a source changed) with the same function `pnpm generate` calls.
import { ensureBuilt } from "../../bin/build.mjs";

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
