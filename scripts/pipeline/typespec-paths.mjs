// @ts-check
// Plain JavaScript: used by build-pipeline.mjs and, through typespec-js.ts, by the pipeline.

/**
 * `<package>/<path in package>` for a file of a TypeSpec package (`@typespec/...`) wherever it is
 * installed (pnpm keeps packages under node_modules/.pnpm/...); undefined for any other file.
 * @param {string} file
 * @returns {string | undefined}
 */
export function typespecJsKey(file) {
  const match = /[\\/]node_modules[\\/](@typespec[\\/][^\\/]+)[\\/](.+)$/.exec(file);
  return match ? `${match[1]}/${match[2]}`.split("\\").join("/") : undefined;
}
