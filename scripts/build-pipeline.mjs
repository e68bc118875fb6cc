// @ts-check
// Builds scripts/pipeline/ into plain JavaScript under .cache/pipeline/ with esbuild, so
// `pnpm generate` runs without a TypeScript loader. (A loader such as tsx runs its hooks on one
// extra thread per thread that uses it and routes every import through it: with the TypeSpec
// compiler's hundreds of modules that costs seconds.) The build is reused until one of its inputs
// changes (its own sources or the lockfile); checking that takes a few milliseconds.
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { hashFile } from "./fingerprint.mjs";
import { typespecJsKey } from "./pipeline/typespec-paths.mjs";

const OUT = ".cache/pipeline";
/** Built as ES modules: the worker threads' entry and the server validators' tool (Ajv + esbuild). */
const ENTRIES = ["worker-entry.mjs", "server-validators.ts"];
/**
 * The pipeline itself (with the TypeSpec compiler and its libraries, about 5 MB of code) and the
 * two heaviest tools (openapi-typescript with TypeScript, about 11 MB, and Spectral, about 7 MB)
 * are single CommonJS scripts instead: the launcher and the workers compile them through node:vm
 * with a V8 code cache (see pipeline/code-cache.mjs), which Node 20 offers for scripts but not for
 * ES modules. Compiling them from source would cost about two seconds of CPU per run.
 */
const CACHED_ENTRIES = ["main.ts", "openapi-types.ts", "lint-openapi.ts"];

/**
 * @param {string} root
 * @returns {Promise<URL>} the folder of the built modules
 */
export async function buildPipeline(root) {
  const outDir = path.join(root, OUT);
  const manifestFile = path.join(outDir, "manifest.json");
  const dirUrl = pathToFileURL(outDir + path.sep);
  try {
    /** @type {{ inputs: Record<string, string> }} */
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (Object.entries(manifest.inputs).every(([file, digest]) => hashFile(root, file) === digest)) return dirUrl;
  } catch {
    // no build yet, or an unreadable one: build
  }
  const { build } = await import("esbuild");
  rmSync(outDir, { recursive: true, force: true });
  /** @type {import("esbuild").BuildOptions} */
  const shared = {
    absWorkingDir: root,
    outdir: OUT,
    entryNames: "[name]",
    bundle: true,
    platform: "node",
    target: "node20",
    // Dependencies are bundled too: a thread then loads a few files instead of hundreds of modules
    // (the TypeSpec compiler and its libraries, openapi-typescript with TypeScript, Spectral with
    // Ajv). Kept out: esbuild (a native binary) and tsx.
    // (@typespec/streams is an optional package that @typespec/http looks for; not installed.)
    external: ["esbuild", "tsx", "tsx/*", "@typespec/streams"],
    mainFields: ["module", "main"],
    metafile: true,
    logLevel: "silent",
    // Linked, not inline: an inline map would double what every run reads and parses.
    sourcemap: "linked",
  };
  const scripts = build({
    ...shared,
    entryPoints: CACHED_ENTRIES.map((e) => `scripts/pipeline/${e}`),
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    // Modules that find their siblings by URL find them beside the script.
    define: { "import.meta.url": "__import_meta_url" },
    banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [bundledTypeSpec(root)],
  });
  const result = await build({
    ...shared,
    entryPoints: ENTRIES.map((e) => `scripts/pipeline/${e}`),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]", // beside the entries: modules find their siblings by relative URL
    splitting: true,
    format: "esm",
    // What bundled CommonJS code expects to find in module scope.
    banner: {
      js: [
        'import { createRequire as __createRequire } from "node:module";',
        'import { fileURLToPath as __fileURLToPath } from "node:url";',
        "const require = __createRequire(import.meta.url);",
        "const __filename = __fileURLToPath(import.meta.url);",
        'const __dirname = __fileURLToPath(new URL(".", import.meta.url));',
      ].join(" "),
    },
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile?.inputs ?? {}), ...Object.keys((await scripts).metafile?.inputs ?? {})]
      .filter((file) => !file.includes("node_modules"))
      .map((file) => [file, hashFile(root, file)]),
  );
  for (const file of ["scripts/build-pipeline.mjs", "scripts/pipeline/typespec-paths.mjs", "pnpm-lock.yaml"])
    inputs[file] = hashFile(root, file);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(manifestFile, JSON.stringify({ inputs }, null, 2));
  return dirUrl;
}

/**
 * Fills in scripts/pipeline/typespec-js.ts for the bundle: every file of a TypeSpec package the
 * root depends on that the compile may import through its host (each `tsp-index.js` and the
 * package's main) is imported into the bundle, and the compiler's own folder is found at run time
 * (the bundled compiler would look for its standard library beside the bundle).
 * @param {string} root
 * @returns {import("esbuild").Plugin}
 */
function bundledTypeSpec(root) {
  return {
    name: "bundled-typespec",
    setup(b) {
      b.onLoad({ filter: /[\\/]scripts[\\/]pipeline[\\/]typespec-js\.ts$/ }, (args) => {
        const files = typespecJsFiles(root);
        const imports = files.map((f, i) => `import * as js${i} from ${JSON.stringify(f.file)};`);
        const table = files.map((f, i) => `${JSON.stringify(f.key)}: js${i}`).join(", ");
        let filled = readFileSync(args.path, "utf8");
        filled = rewrite(
          args.path,
          filled,
          /^export const TYPESPEC_JS\b.*$/m,
          `export const TYPESPEC_JS: Record<string, Record<string, unknown>> = { ${table} };`,
        );
        filled = rewrite(
          args.path,
          filled,
          /^export const COMPILER_ROOT\b.*$/m,
          'export const COMPILER_ROOT: string | undefined = require("node:path").resolve(require.resolve("@typespec/compiler"), "../../..");',
        );
        return { contents: [...imports, filled].join("\n"), loader: "ts" };
      });
      // A script cannot hold a top-level await, and a few TypeSpec modules use one: see
      // TOP_LEVEL_AWAITS. Each is rewritten to what it means once bundled; a rewrite that no
      // longer matches fails the build, so an upgrade that moves them is noticed.
      b.onLoad({ filter: /[\\/]@typespec[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, (args) => {
        const key = typespecJsKey(args.path);
        const rewrites = key && TOP_LEVEL_AWAITS[key];
        if (!rewrites) return undefined;
        let source = readFileSync(args.path, "utf8");
        for (const [pattern, replacement] of rewrites) source = rewrite(key, source, pattern, replacement);
        return { contents: source, loader: "js", resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * `text` with what `pattern` matches replaced; a pattern that matches nothing fails the build (the
 * code it expects has moved), naming the file.
 * @param {string} file @param {string} text @param {RegExp} pattern @param {string} replacement
 */
function rewrite(file, text, pattern, replacement) {
  if (text.search(pattern) < 0)
    throw new Error(
      `${file}: expected ${pattern} (a rewrite for the code-cached build; see scripts/build-pipeline.mjs)`,
    );
  return text.replace(pattern, replacement);
}

/**
 * Top-level awaits in the TypeSpec packages, and what each becomes in the bundled script:
 * - the compiler finds its own folder: the host built in compile-spec.ts names it (COMPILER_ROOT);
 * - the compiler imports its manifest, and @typespec/http an optional package: `require` of a
 *   bundled module is that module, and of a missing one throws as the `import` did.
 * @type {Record<string, [RegExp, string][]>}
 */
const TOP_LEVEL_AWAITS = {
  "@typespec/compiler/dist/src/core/node-host.js": [[/\(await findProjectRoot\([^;]*\)\)/, "undefined"]],
  "@typespec/compiler/dist/src/manifest.js": [[/\(await import\(/g, "(require("]],
  "@typespec/http/dist/src/experimental/streams.js": [[/\(await import\(/g, "(require("]],
};

/** @param {string} root @returns {{ key: string, file: string }[]} */
function typespecJsFiles(root) {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter((n) => n.startsWith("@typespec/"))
    .sort();
  return names.flatMap((name) => {
    const dir = realpathSync(path.join(root, "node_modules", name));
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const main = pkg.exports?.["."]?.default ?? pkg.exports?.["."]?.import ?? pkg.main;
    const indexes = readdirSync(path.join(dir, "dist"), { recursive: true })
      .map(String)
      .filter((f) => path.basename(f) === "tsp-index.js")
      .map((f) => path.join("dist", f));
    return [...new Set([...(main ? [path.normalize(main)] : []), ...indexes])].sort().map((rel) => ({
      key: `${name}/${rel.split(path.sep).join("/")}`,
      file: path.join(dir, rel),
    }));
  });
}
