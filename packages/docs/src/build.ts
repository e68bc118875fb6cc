// `pnpm --filter @transfer-call/docs build` (and the root `pnpm build`): writes the reference page.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildReferencePage, REFERENCE_PAGE, REPO_ROOT } from "./reference-page.js";

const html = await buildReferencePage(REPO_ROOT);
const target = path.join(REPO_ROOT, REFERENCE_PAGE);
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, html);
console.log(`docs: wrote ${REFERENCE_PAGE} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, Redoc inlined, no CDN)`);
