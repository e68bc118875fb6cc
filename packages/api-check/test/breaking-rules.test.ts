// Each change rule on a fixture pair (test/api-check/fixtures/base.json + <case>/head.json): the
// rule, its classification, and what api-smart-diff 1.0.6 says on its own, so every place where
// this project diverges from the library is pinned down with the reason.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../src/breaking-rules.js";
import { compareOpenApi, libraryDiffs } from "../src/openapi-changes.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
const read = (file: string) => JSON.parse(readFileSync(path.join(fixtures, file), "utf8"));
const base = read("base.json");

interface Case {
  fixture: string;
  rule: string;
  classification: "breaking" | "non-breaking" | "docs-only";
  severity?: "error" | "warning" | "note";
  pointer: string;
  /** api-smart-diff's type for the same change, seen where an operation uses it. */
  library: string | "not reported";
  /** Why we classify differently, when we do. */
  divergence?: string;
}

const CASES: Case[] = [
  {
    fixture: "path-removed",
    rule: "path-removed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:cancel/post",
    library: "breaking",
    divergence:
      "the library reports the operation under the path; the whole path is gone, which is what a caller sees (404)",
  },
  {
    fixture: "operation-removed",
    rule: "operation-removed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/get",
    library: "breaking",
  },
  {
    fixture: "response-removed",
    rule: "response-removed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/get/responses/404",
    library: "breaking",
  },
  {
    fixture: "property-removed-request",
    rule: "property-removed",
    classification: "breaking",
    pointer: "#/components/schemas/ActRequest/properties/note",
    library: "non-breaking",
    divergence:
      "clients still send the property; closed request models (additionalProperties: false, as this spec's are) reject it",
  },
  {
    fixture: "property-removed-response",
    rule: "property-removed",
    classification: "breaking",
    pointer: "#/components/schemas/ActResponse/properties/state",
    library: "non-breaking",
    divergence: "consumers that read the property find nothing: removing output is breaking for them",
  },
  {
    fixture: "required-property-added",
    rule: "required-property-added",
    classification: "breaking",
    pointer: "#/components/schemas/ActRequest/required/1",
    library: "breaking",
  },
  {
    fixture: "required-parameter-added",
    rule: "required-parameter-added",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post/parameters/3",
    library: "breaking",
  },
  {
    fixture: "parameter-made-required",
    rule: "required-parameter-added",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post/parameters/2/required",
    library: "breaking",
  },
  {
    fixture: "type-narrowed",
    rule: "type-changed",
    classification: "breaking",
    pointer: "#/components/schemas/ActRequest/properties/note/type",
    library: "breaking",
  },
  {
    fixture: "format-narrowed",
    rule: "format-narrowed",
    classification: "breaking",
    pointer: "#/components/schemas/ActRequest/properties/note/format",
    library: "breaking",
  },
  {
    fixture: "enum-value-removed-request",
    rule: "enum-value-removed",
    classification: "breaking",
    pointer: "#/components/schemas/Mode/enum/1",
    library: "breaking",
  },
  {
    fixture: "enum-value-removed-response",
    rule: "enum-value-removed-response",
    classification: "non-breaking",
    pointer: "#/components/schemas/State/enum/1",
    library: "non-breaking",
  },
  {
    fixture: "enum-value-added-response",
    rule: "enum-value-added-response",
    classification: "non-breaking",
    severity: "warning",
    pointer: "#/components/schemas/State/enum/2",
    library: "breaking",
    divergence:
      "this API's enums are extensible (open strings): a new value is a warning for exhaustive switches, not a break",
  },
  {
    fixture: "status-code-changed",
    rule: "status-code-changed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post/responses/202",
    library: "breaking",
    divergence: "the library sees a removed 202 and an unrelated added 200; it is one change of status code",
  },
  {
    fixture: "success-status-added",
    rule: "success-status-added",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post/responses/200",
    library: "non-breaking",
    divergence:
      "clients that accept only the documented success code (the official SDK accepts only 202) fail on the new one",
  },
  {
    fixture: "security-scheme-changed",
    rule: "security-changed",
    classification: "breaking",
    pointer: "#/components/securitySchemes/ApiKeyAuth/name",
    library: "breaking",
  },
  {
    fixture: "security-requirement-removed",
    rule: "security-changed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post/security",
    library: "non-breaking",
    divergence: "dropping authentication never passes review silently: every security change is flagged",
  },
  {
    fixture: "operation-verb-changed",
    rule: "operation-verb-changed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post",
    library: "breaking",
    divergence:
      "the library sees a removed POST and an unrelated added PUT; the operationId says it is the same operation",
  },
  {
    fixture: "operation-path-changed",
    rule: "operation-path-changed",
    classification: "breaking",
    pointer: "#/paths/~1items~1{id}:act/post",
    library: "breaking",
    divergence: "the library sees a removed and an unrelated added operation; the operationId says it moved",
  },
  {
    fixture: "callback-property-removed",
    rule: "property-removed",
    classification: "breaking",
    pointer: "#/components/schemas/Event/properties/detail",
    library: "not reported",
    divergence:
      "the library does not look inside callbacks (only at the component, with request semantics: non-breaking); a callback body is output to the consumer",
  },
  {
    fixture: "docs-only",
    rule: "docs-changed",
    classification: "docs-only",
    pointer: "#/components/schemas/ActRequest/properties/note/description",
    library: "annotation",
  },
];

function libraryTypeAt(head: Record<string, any>, pointerTail: string): string {
  // the library's own view, on the documents as they are (no callback hoisting), outside components
  const diffs = libraryDiffs(base, head).filter((d) => d.path[0] !== "components" || d.path[1] === "securitySchemes");
  const hit = diffs.find((d) => d.path.map(String).join("/").endsWith(pointerTail));
  return hit ? hit.type : "not reported";
}

describe("breaking-change rules on fixture pairs", () => {
  it.each(CASES)("$fixture → $rule ($classification)", (c) => {
    const head = read(`${c.fixture}/head.json`);
    const changes = compareOpenApi(base, head);
    const change = changes.find((ch) => ch.rule === c.rule && ch.pointer === c.pointer);
    expect(change, JSON.stringify(changes, null, 2)).toBeDefined();
    expect(change!.classification).toBe(c.classification);
    expect(change!.severity).toBe(c.severity ?? (c.classification === "breaking" ? "error" : "note"));
    expect(change!.message.length).toBeGreaterThan(5);
    expect(change!.usages.length).toBeGreaterThan(0);
    // exactly one entry per change: the library's duplicates (one per usage, plus components) are merged
    expect(changes.filter((ch) => ch.pointer === c.pointer)).toHaveLength(1);

    const tail = c.pointer.split("/").slice(-2).join("/").replace(/~1/g, "/");
    const library = libraryTypeAt(head, tail);
    if (c.fixture === "callback-property-removed") {
      expect(library).toBe("not reported");
      const atComponent = libraryDiffs(base, head).find(
        (d) => d.path.join("/") === "components/schemas/Event/properties/detail",
      );
      expect(atComponent?.type).toBe("non-breaking");
    } else if (c.fixture === "enum-value-added-response") {
      expect(library).toBe(c.library);
    } else {
      expect(libraryDiffs(base, head).some((d) => d.type === c.library)).toBe(true);
    }
    const ours = c.classification === "docs-only" ? "annotation" : c.classification;
    if (
      c.divergence &&
      c.rule !== "path-removed" &&
      !c.rule.startsWith("operation-") &&
      c.rule !== "status-code-changed"
    ) {
      expect(library, c.divergence).not.toBe(ours);
    }
  });

  it("pairs of a rename are reported once, not as a removal plus an addition", () => {
    for (const fixture of ["operation-verb-changed", "operation-path-changed", "status-code-changed"]) {
      const changes = compareOpenApi(base, read(`${fixture}/head.json`));
      expect(changes.map((c) => c.rule)).toEqual([fixture]);
      const raw = libraryDiffs(base, read(`${fixture}/head.json`)).filter((d) => d.path[0] === "paths");
      expect(raw.map((d) => d.action).sort()).toEqual(["add", "remove"]);
    }
  });

  it("a new api-version is reported, and the breaking change that comes with it still is", () => {
    const changes = compareOpenApi(base, read("api-version-added/head.json"));
    expect(changes.find((c) => c.rule === "api-version-changed")?.message).toContain("2025-01-01");
    expect(changes.find((c) => c.rule === "required-property-added")?.classification).toBe("breaking");
    const added = changes.find((c) => c.rule === "enum-value-added-request");
    expect(added?.pointer).toBe("#/components/parameters/ApiVersion/schema/enum/1");
    expect(added?.usages).toEqual(
      expect.arrayContaining([
        "parameter `api-version` of Items_Act",
        "parameter `api-version` of Items_Get",
        "parameter `api-version` of Items_Cancel",
      ]),
    );
  });

  it("identical documents have no changes", () => {
    expect(compareOpenApi(base, structuredClone(base))).toEqual([]);
  });

  it("leaves its inputs untouched (the library mutates what it is given)", () => {
    const head = read("path-removed/head.json");
    const before = JSON.stringify(head);
    compareOpenApi(base, head);
    expect(JSON.stringify(head)).toBe(before);
  });

  it("every rule in the catalogue is documented and has a fixture or a test of its own", () => {
    const covered = new Set([...CASES.map((c) => c.rule), "api-version-changed", "enum-value-added-request"]);
    for (const rule of ALL_RULES) expect(rule.doc.length).toBeGreaterThan(20);
    const issueRules = [
      "path-removed",
      "operation-removed",
      "response-removed",
      "property-removed",
      "required-property-added",
      "required-parameter-added",
      "type-changed",
      "format-narrowed",
      "enum-value-removed",
      "enum-value-added-response",
      "status-code-changed",
      "security-changed",
      "operation-path-changed",
      "operation-verb-changed",
    ];
    for (const id of issueRules) expect(covered.has(id), id).toBe(true);
  });
});
