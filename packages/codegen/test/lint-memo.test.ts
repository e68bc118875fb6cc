// The warm --watch lints only the documents a save changed (src/lint-memo.ts), with the real
// Spectral ruleset: the findings are exactly those of linting every document.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter, type LintFinding } from "@transfer-call/codegen";
import { ROOT } from "@transfer-call/codegen/repo-copy";
import { beforeAll, describe, expect, it } from "vitest";
import { type LintInput, LintMemo } from "../src/lint-memo.js";

const committed: LintInput[] = ["3.0.0", "3.1.0"].flatMap((openapi) =>
  readdirSync(path.join(ROOT, "spec/openapi", openapi))
    .sort()
    .map((f) => {
      const file = `spec/openapi/${openapi}/${f}`;
      return { file, text: readFileSync(path.join(ROOT, file), "utf8") };
    }),
);
let lintOne: Awaited<ReturnType<typeof createLinter>>;
const linted: string[][] = [];
const lintAll = async (docs: LintInput[]): Promise<LintFinding[]> => {
  linted.push(docs.map((d) => d.file));
  return (await Promise.all(docs.map((d) => lintOne(d.file, d.text)))).flat();
};

/** The newest 3.0 document without its contact: a finding Spectral's recommended rules raise. */
function withoutContact(inputs: LintInput[]): LintInput[] {
  return inputs.map((d) => {
    if (!d.file.endsWith("3.0.0/openapi.2026-03-12.json")) return d;
    const doc = JSON.parse(d.text);
    delete doc.info.contact;
    return { file: d.file, text: `${JSON.stringify(doc, null, 2)}\n` };
  });
}

beforeAll(async () => {
  lintOne = await createLinter(path.join(ROOT, ".spectral.yaml"));
});

describe("LintMemo", () => {
  it("lints every document first, then only the ones whose text changed, with the same findings", async () => {
    const memo = new LintMemo();
    expect(await memo.lint(committed, lintAll)).toEqual([]);
    expect(memo.linted).toBe(committed.length);
    expect(committed).toHaveLength(14);

    const edited = withoutContact(committed);
    const findings = await memo.lint(edited, lintAll);
    expect(memo.linted).toBe(1);
    expect(linted.at(-1)).toEqual(["spec/openapi/3.0.0/openapi.2026-03-12.json"]);
    expect(findings.map((f) => f.rule)).toContain("info-contact");
    expect(findings).toEqual(await lintAll(edited)); // what linting everything finds

    expect(await memo.lint(edited, lintAll)).toEqual(findings);
    expect(memo.linted).toBe(0);
  });

  it("keeps only the previous run: a text seen two runs ago is linted again", async () => {
    const memo = new LintMemo();
    await memo.lint(committed, lintAll);
    await memo.lint(withoutContact(committed), lintAll);
    expect(await memo.lint(committed, lintAll)).toEqual([]);
    expect(memo.linted).toBe(1);
  });
});
