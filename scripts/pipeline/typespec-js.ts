/**
 * The JavaScript of the TypeSpec compiler and libraries that the compile may ask its host to
 * import (a library's `tsp-index.js` with its decorators, an emitter's main), keyed by
 * `<package>/<path in package>`.
 *
 * Run from source (tests, watch mode) this is empty and the host imports those files from
 * node_modules as usual. In the build `pnpm generate` runs (build-pipeline.mjs) the compiler and
 * its libraries are bundled, and this module is replaced by one that imports every such file into
 * the bundle: the host then hands the compiler the bundled modules, so one copy of the compiler
 * is loaded, from one file, instead of hundreds of modules resolved one by one.
 */
export const TYPESPEC_JS: Record<string, Record<string, unknown>> = {};

/**
 * The compiler's package folder (where its standard library lives) when the compiler is bundled:
 * a bundled compiler would look for it beside the bundle. Undefined when run from source.
 */
export const COMPILER_ROOT: string | undefined = undefined;

export { typespecJsKey } from "./typespec-paths.mjs";
