import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** A line in a spec source file, repo-relative (`spec/transfer.tsp`), 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
}

interface Declaration extends SourceLocation {
  /** Last line of the declaration's body (inclusive), 1-based. */
  end: number;
}

interface SourceFile {
  file: string;
  lines: string[];
}

const DECLARATION = /^\s*(?:model|union|enum|scalar|interface|op|alias)\s+([A-Za-z_$][\w$]*)/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where a brace-delimited block that starts on `start` (0-based) ends; a block-less line ends itself. */
function blockEnd(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let i = start; i < lines.length; i++) {
    const code = lines[i]!.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/, "");
    for (const ch of code) {
      if (ch === "{") {
        depth++;
        opened = true;
      } else if (ch === "}") depth--;
    }
    if (opened && depth <= 0) return i;
    if (!opened && code.trimEnd().endsWith(";")) return i;
  }
  return lines.length - 1;
}

/**
 * The TypeSpec sources of spec/, indexed so that OpenAPI names (schemas, properties, enum values,
 * operationIds, parameters) map back to the line that declares them. OpenAPI component names are
 * TypeSpec declaration names, so a text index is exact for this spec and degrades to "no line"
 * (never to a wrong file) for anything it cannot find.
 */
export class SpecSources {
  private constructor(
    private readonly files: SourceFile[],
    private readonly declarations: Map<string, Declaration>,
  ) {}

  static async load(root: string): Promise<SpecSources> {
    const specDir = path.join(root, "spec");
    const names = (await readdir(specDir, { recursive: true })).filter((f) => f.endsWith(".tsp")).sort();
    const files: SourceFile[] = [];
    const declarations = new Map<string, Declaration>();
    for (const name of names) {
      const file = path.posix.join("spec", name.split(path.sep).join("/"));
      const lines = (await readFile(path.join(specDir, name), "utf8")).split(/\r?\n/);
      files.push({ file, lines });
      lines.forEach((text, i) => {
        const match = DECLARATION.exec(text);
        if (match && !declarations.has(match[1]!)) {
          declarations.set(match[1]!, { file, line: i + 1, end: blockEnd(lines, i) + 1 });
        }
      });
    }
    return new SpecSources(files, declarations);
  }

  /** The `model X` / `union X` / `enum X` / `scalar X` line. */
  declaration(name: string): SourceLocation | undefined {
    const d = this.declarations.get(name);
    return d && { file: d.file, line: d.line };
  }

  /** A property (`name?: T`) or enum/union member (`name: "value"`, `"value"`) inside declaration `owner`. */
  member(owner: string, member: string): SourceLocation | undefined {
    const d = this.declarations.get(owner);
    if (!d) return undefined;
    const lines = this.files.find((f) => f.file === d.file)!.lines;
    const property = new RegExp(
      `^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:\`${escapeRegExp(member)}\`|"${escapeRegExp(member)}"|${escapeRegExp(member)})\\??\\s*:`,
    );
    const value = new RegExp(`:\\s*"${escapeRegExp(member)}"\\s*,?\\s*$`);
    for (let i = d.line; i < d.end; i++) {
      if (property.test(lines[i]!) || value.test(lines[i]!)) return { file: d.file, line: i + 1 };
    }
    return undefined;
  }

  /**
   * The old name a declaration or a property had before `@renamedFrom(Versions.<v>, "old")`, read
   * from the decorators just above it, with the api-version (the `Versions` member's value) that
   * renamed it.
   */
  renamedFrom(owner: string, member?: string): { from: string; apiVersion?: string } | undefined {
    const at = member === undefined ? this.declaration(owner) : this.member(owner, member);
    if (!at) return undefined;
    const lines = this.files.find((f) => f.file === at.file)!.lines;
    // the decorators and comments stacked on the declaration, up to the previous statement
    for (let i = at.line - 1; i >= 0; i--) {
      const text = lines[i]!;
      const match = /@renamedFrom\(\s*Versions\.(\w+)\s*,\s*"([^"]+)"\s*\)/.exec(text);
      if (match) {
        const versionLine = this.member("Versions", match[1]!);
        const value =
          versionLine &&
          /:\s*"([^"]+)"/.exec(this.files.find((f) => f.file === versionLine.file)!.lines[versionLine.line - 1]!);
        return { from: match[2]!, ...(value ? { apiVersion: value[1]! } : {}) };
      }
      if (i < at.line - 1 && /[;{}]\s*$/.test(text.replace(/\/\/.*$/, ""))) break;
    }
    return undefined;
  }

  /** The `@operationId("X")` line. */
  operation(operationId: string): SourceLocation | undefined {
    return this.find(new RegExp(`@operationId\\(\\s*"${escapeRegExp(operationId)}"\\s*\\)`));
  }

  /** A parameter of operation `operationId`, by its wire name (`api-version`, `Repeatability-Request-ID`, `callConnectionId`). */
  parameter(operationId: string, wireName: string): SourceLocation | undefined {
    const op = this.operation(operationId);
    if (!op) return undefined;
    const lines = this.files.find((f) => f.file === op.file)!.lines;
    const byName = new RegExp(
      `@(?:query|header|path)\\(\\s*"${escapeRegExp(wireName)}"\\s*\\)|@(?:query|header|path)\\s+${escapeRegExp(wireName)}\\??\\s*:`,
    );
    for (let i = op.line; i < lines.length; i++) {
      if (byName.test(lines[i]!)) return { file: op.file, line: i + 1 };
      if (/^\s*\)\s*:/.test(lines[i]!)) break;
    }
    return op;
  }

  /** The first line anywhere in spec/ that matches. */
  find(pattern: RegExp): SourceLocation | undefined {
    for (const { file, lines } of this.files) {
      const i = lines.findIndex((l) => pattern.test(l));
      if (i >= 0) return { file, line: i + 1 };
    }
    return undefined;
  }
}
