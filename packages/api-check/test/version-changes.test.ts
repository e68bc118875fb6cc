// The api-version policy on the committed documents, without compiling: which document each
// api-version is compared with, and what a change in it counts as.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareVersions } from "../src/version-changes.js";

const dir = path.resolve(import.meta.dirname, "../../../spec/openapi/3.0.0");
const committed = new Map(
  readdirSync(dir)
    .sort()
    .map((f) => [/^openapi\.(.+)\.json$/.exec(f)![1]!, JSON.parse(readFileSync(path.join(dir, f), "utf8"))] as const),
);
const dir31 = path.resolve(import.meta.dirname, "../../../spec/openapi/3.1.0");
const committed31 = new Map(
  readdirSync(dir31)
    .sort()
    .map((f) => [/^openapi\.(.+)\.json$/.exec(f)![1]!, JSON.parse(readFileSync(path.join(dir31, f), "utf8"))] as const),
);
const without = (apiVersion: string) => new Map([...committed].filter(([v]) => v !== apiVersion));

describe("compareVersions", () => {
  it("the same documents at both ends: every version released and unchanged", () => {
    const reports = compareVersions(committed, committed);
    expect(reports.map((r) => r.apiVersion)).toEqual([...committed.keys()]);
    expect(reports.every((r) => r.status === "released" && r.changes.length === 0)).toBe(true);
  });

  it("a version gone at head is a breaking error naming it", () => {
    const [removed] = compareVersions(committed, without("2023-03-06"));
    expect(removed).toMatchObject({ apiVersion: "2023-03-06", status: "removed" });
    expect(removed!.changes).toEqual([
      expect.objectContaining({ rule: "api-version-removed", classification: "breaking", severity: "error" }),
    ]);
    expect(removed!.changes[0]!.message).toContain("`2023-03-06` removed");
  });

  it("a version new at head is compared with the newest one before it; its breaking changes are warnings", () => {
    const reports = compareVersions(without("2023-10-15"), committed);
    const added = reports.find((r) => r.apiVersion === "2023-10-15")!;
    expect(added.status).toBe("new");
    expect(added.comparedWith).toEqual({ apiVersion: "2023-03-06", side: "head" });
    const renamedAway = added.changes.find((c) => c.pointer.endsWith("/properties/customContext"));
    expect(renamedAway).toMatchObject({ classification: "breaking", severity: "warning", apiVersion: "2023-10-15" });
    expect(added.changes.find((c) => c.pointer === "#/info/version")?.message).toBe(
      "api-version `2023-03-06` → `2023-10-15`",
    );
    // the api-version parameter's one value is the version's name, not a removed enum value
    expect(added.changes.find((c) => c.pointer === "#/components/schemas/ApiVersion/enum/0")).toMatchObject({
      rule: "api-version-changed",
      classification: "non-breaking",
    });
    expect(added.changes.some((c) => c.severity === "error")).toBe(false);
  });

  it("the oldest version, new at head, has nothing before it to compare with", () => {
    const added = compareVersions(without("2023-03-06"), committed).find((r) => r.apiVersion === "2023-03-06")!;
    expect(added).toMatchObject({ status: "new", changes: [] });
    expect(added.comparedWith).toBeUndefined();
  });

  it("any change inside a released version is an error, keeping what it would be in a new one", () => {
    const head = new Map(committed);
    const edited = structuredClone(committed.get("2025-05-15"));
    edited.components.schemas.TransferToParticipantRequest.properties.operationContext.description = "Edited.";
    head.set("2025-05-15", edited);
    const reports = compareVersions(committed, head);
    expect(reports.filter((r) => r.changes.length).map((r) => r.apiVersion)).toEqual(["2025-05-15"]);
    expect(reports.find((r) => r.apiVersion === "2025-05-15")!.changes).toEqual([
      expect.objectContaining({
        rule: "docs-changed",
        classification: "breaking",
        severity: "error",
        frozen: { classification: "docs-only", severity: "note" },
        pointer: "#/components/schemas/TransferToParticipantRequest/properties/operationContext/description",
        apiVersion: "2025-05-15",
      }),
    ]);
  });

  it("a released version's 3.1 document is frozen too, even when its 3.0 document did not change", () => {
    const head31 = new Map(committed31);
    const edited = structuredClone(committed31.get("2024-04-15"));
    edited.info.summary = "Edited in 3.1 only.";
    head31.set("2024-04-15", edited);
    const reports = compareVersions(committed, committed, undefined, { base: committed31, head: head31 });
    expect(reports.filter((r) => r.changes.length).map((r) => r.apiVersion)).toEqual(["2024-04-15"]);
    expect(reports.find((r) => r.apiVersion === "2024-04-15")!.changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        severity: "error",
        pointer: "#/info/summary",
        usages: ["spec/openapi/3.1.0/openapi.2024-04-15.json"],
        apiVersion: "2024-04-15",
      }),
    ]);
    expect(
      compareVersions(committed, committed, undefined, { base: committed31, head: committed31 }).flatMap(
        (r) => r.changes,
      ),
    ).toEqual([]);
  });
});
