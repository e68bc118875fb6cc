// tsc emits the TypeScript sources; the generated validators are already JavaScript (an Ajv
// standalone bundle with its own .d.ts), so the build copies them into dist beside the rest.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.join(pkg, "src/generated");
const to = path.join(pkg, "dist/generated");
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from)) {
  if (file.endsWith(".gen.js") || file.endsWith(".gen.d.ts")) copyFileSync(path.join(from, file), path.join(to, file));
}
