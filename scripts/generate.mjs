// @ts-check
// `pnpm generate`: the generator is the @transfer-call/codegen package (packages/codegen).
import "../packages/codegen/bin/generate.mjs";
