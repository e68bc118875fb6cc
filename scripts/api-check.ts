// `pnpm api:check`: the @transfer-call/api-check package (packages/api-check/src/cli.ts).

import { main } from "../packages/api-check/src/cli.js";
import { ensureBuilt } from "../packages/codegen/bin/build.mjs";

// api-check runs the generator, which runs from its built dist/.
await ensureBuilt();
process.exitCode = await main(process.argv.slice(2));
