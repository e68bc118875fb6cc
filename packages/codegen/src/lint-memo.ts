import { createHash } from "node:crypto";
import type { LintFinding } from "./lint/findings.js";

/** One document to lint: its repo-relative path and its text. */
export interface LintInput {
  file: string;
  text: string;
}

const keyOf = (input: LintInput) => `${input.file}\u0000${createHash("sha256").update(input.text).digest("hex")}`;

/**
 * The Spectral findings of the previous run of a warm `pnpm generate --watch`, per document. Each
 * document is linted on its own (the findings of one never depend on another), so a save that
 * changes some api-versions' documents re-lints only those: the others' text, and so their
 * findings, are the previous run's. Only the previous run is kept: a document whose text changed
 * is linted again, whatever it was earlier.
 */
export class LintMemo {
  private previous = new Map<string, LintFinding[]>();

  /** How many documents the last call linted (the rest came from the previous run). */
  linted = 0;

  /** The findings for `inputs`, in their order, linting with `lint` only the documents that changed. */
  async lint(inputs: LintInput[], lint: (changed: LintInput[]) => Promise<LintFinding[]>): Promise<LintFinding[]> {
    const keys = inputs.map(keyOf);
    const changed = inputs.filter((_, i) => !this.previous.has(keys[i]!));
    const fresh = changed.length ? await lint(changed) : [];
    const current = new Map<string, LintFinding[]>();
    inputs.forEach((input, i) => {
      const key = keys[i]!;
      current.set(key, this.previous.get(key) ?? fresh.filter((f) => f.file === input.file));
    });
    this.previous = current;
    this.linted = changed.length;
    return keys.flatMap((key) => current.get(key)!);
  }
}
