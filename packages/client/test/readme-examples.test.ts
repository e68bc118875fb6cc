import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const ROOT = path.resolve(PACKAGE_DIR, "../..");

it("every TypeScript example in the README type-checks against the package as published", async () => {
  const readme = await readFile(path.join(PACKAGE_DIR, "README.md"), "utf8");
  const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(examples.length).toBeGreaterThanOrEqual(5);
  const dir = await mkdtemp(path.join(tmpdir(), "client-readme-"));
  try {
    const files = await Promise.all(
      examples.map(async (code, i) => {
        const file = path.join(dir, `example-${i}.ts`);
        await writeFile(file, code);
        return file;
      }),
    );
    await writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023", "DOM"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [path.join(ROOT, "node_modules/@types")],
          // The public entry points, as the exports map names them.
          paths: {
            "@transfer-call/client": [path.join(PACKAGE_DIR, "src/index.ts")],
            "@transfer-call/client/events": [path.join(PACKAGE_DIR, "src/events.ts")],
          },
          allowImportingTsExtensions: true,
        },
        files,
      }),
    );
    const result = await run(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", dir], { cwd: dir }).catch(
      (e: { stdout: string }) => e,
    );
    expect((result as { stdout: string }).stdout).toBe("");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
