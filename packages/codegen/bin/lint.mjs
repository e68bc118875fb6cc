#!/usr/bin/env node
// @ts-check
// `pnpm lint`'s spec part (see src/lint/committed.ts), run from the built dist/ like `pnpm generate`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, PACKAGE_DIR } from "./build.mjs";

await ensureBuilt();
/** @type {typeof import("../src/lint/committed.ts")} */
const { lintCommitted } = await import(pathToFileURL(path.join(PACKAGE_DIR, "dist/lint/committed.js")).href);
process.exitCode = await lintCommitted(path.resolve(PACKAGE_DIR, "../.."));
