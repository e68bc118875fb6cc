// @ts-check
// The fast path of `pnpm generate`: plain JavaScript, so it answers "nothing changed" without
// loading the generator, the TypeSpec compiler or Spectral.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Files and folders whose content decides what `pnpm generate` produces. */
export const INPUTS = [
  "spec",
  ".spectral.yaml",
  "packages/codegen/src",
  "packages/codegen/bin",
  "scripts/generate.mjs",
  "pnpm-lock.yaml",
];

const STAMP = ".cache/generate-stamp.json";

/** @param {string} root @param {string} rel @returns {string[]} repo-relative files, sorted */
function listFiles(root, rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  try {
    return readdirSync(abs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .filter((rel) => !rel.startsWith("spec/openapi/"))
      .sort();
  } catch {
    return [rel];
  }
}

/** @param {string} root @param {string} rel */
export function hashFile(root, rel) {
  const abs = path.join(root, rel);
  return existsSync(abs) ? createHash("sha256").update(readFileSync(abs)).digest("hex") : "absent";
}

/** @param {string} root */
export function inputsHash(root) {
  const h = createHash("sha256");
  for (const rel of INPUTS.flatMap((i) => listFiles(root, i)))
    h.update(rel).update("\0").update(hashFile(root, rel)).update("\0");
  return h.digest("hex");
}

/**
 * @param {string} root
 * @param {string[]} outputs repo-relative paths the last run produced
 * @param {string} inputs the inputs' hash when that run started (an edit made while it ran is not in its outputs)
 */
export function writeStamp(root, outputs, inputs) {
  const stamp = {
    inputs,
    outputs: Object.fromEntries(outputs.map((rel) => [rel, hashFile(root, rel)])),
  };
  mkdirSync(path.dirname(path.join(root, STAMP)), { recursive: true });
  writeFileSync(path.join(root, STAMP), JSON.stringify(stamp));
}

/**
 * True when neither the inputs nor any generated file changed since the last successful run.
 * @param {string} root
 * @returns {number} how many outputs are up to date, or -1 when a full run is needed
 */
export function upToDate(root) {
  const file = path.join(root, STAMP);
  if (!existsSync(file)) return -1;
  try {
    const stamp = JSON.parse(readFileSync(file, "utf8"));
    if (stamp.inputs !== inputsHash(root)) return -1;
    const outputs = Object.entries(stamp.outputs);
    return outputs.every(([rel, hash]) => hashFile(root, rel) === hash) ? outputs.length : -1;
  } catch {
    return -1;
  }
}
