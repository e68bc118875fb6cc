// `pnpm api:changelog`: derived from the committed documents and the spec's @renamedFrom, it names
// the known changes between api-versions (shared/reference/upstream/versions/CHANGES.md), and the
// same inputs always give the same bytes.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { buildChangelog, changelogEntries, readCommittedDocuments, renderChangelog } from "../src/changelog.js";
import { SpecSources } from "../src/spec-sources.js";

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
let changelog: string;

/** The section of one api-version, up to the next one. */
const sectionOf = (apiVersion: string) => {
  const start = changelog.indexOf(`\n## ${apiVersion}\n`);
  expect(start, apiVersion).toBeGreaterThan(0);
  const end = changelog.indexOf("\n## ", start + 1);
  return changelog.slice(start, end < 0 ? undefined : end);
};

beforeAll(async () => {
  changelog = await buildChangelog(root);
});

describe("api:changelog", () => {
  it("has one section per api-version, newest first", async () => {
    const versions = [...(await readCommittedDocuments(root)).keys()];
    const headings = [...changelog.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...versions].reverse());
    expect(versions).toHaveLength(7);
  });

  it("2026-03-12: teamsPhoneCallDetails added, teamsExtensionUser.resourceId made required", () => {
    const s = sectionOf("2026-03-12");
    expect(s).toContain("from 2025-06-15");
    expect(s).toContain(
      "| property `teamsPhoneCallDetails` added | `CustomCallingContext.teamsPhoneCallDetails` | request | non-breaking |",
    );
    expect(s).toContain(
      "| `resourceId` is now required | `TeamsExtensionUserIdentifierModel` | request, events | breaking |",
    );
  });

  it("2023-10-15: customContext renamed to customCallingContext (one rename), transferee and callback URI added", () => {
    const s = sectionOf("2023-10-15");
    expect(s).toContain(
      "| property `customContext` renamed to `customCallingContext` | `TransferToParticipantRequest.customCallingContext` | request | breaking |",
    );
    expect(s).not.toContain("property `customContext` removed");
    expect(s).toContain("| property `transferee` added | `TransferToParticipantRequest.transferee` | request |");
    expect(s).toContain("| property `transferee` added | `CallTransferAccepted.transferee` | events |");
    expect(s).toContain("property `operationCallbackUri` added");
  });

  it("the versions between: Teams app kind, caller id and SIP details, extension user, no change", () => {
    expect(sectionOf("2024-04-15")).toContain(
      "| enum value `microsoftTeamsApp` added | `CommunicationIdentifierModelKind` | request, events |",
    );
    const s = sectionOf("2024-09-15");
    expect(s).toContain(
      "| property `sourceCallerIdNumber` added | `TransferToParticipantRequest.sourceCallerIdNumber` | request |",
    );
    expect(s).toContain("| property `sipDetails` added | `ResultInformation.sipDetails` | events |");
    expect(sectionOf("2025-05-15")).toContain("enum value `teamsExtensionUser` added");
    expect(sectionOf("2025-05-15")).toContain("property `isAnonymous` added");
    expect(sectionOf("2025-06-15")).toContain("No change to the API from 2025-05-15.");
    expect(sectionOf("2023-03-06")).toContain("The first api-version, with `CallConnection_TransferToParticipant`");
  });

  it("is derived from the documents: a property removed from a copy shows up", async () => {
    const docs = await readCommittedDocuments(root);
    const edited = structuredClone(docs.get("2026-03-12")!);
    delete edited.components.schemas.TransferToParticipantRequest.properties.operationContext;
    docs.set("2026-03-12", edited);
    const text = renderChangelog(changelogEntries(docs, await SpecSources.load(root)));
    expect(text).toContain(
      "| property `operationContext` removed | `TransferToParticipantRequest.operationContext` | request | breaking |",
    );
    expect(changelog).not.toContain("property `operationContext` removed");
  });

  it("is deterministic: the same bytes from another run and whatever order the documents come in", async () => {
    expect(await buildChangelog(root)).toBe(changelog);
    const docs = await readCommittedDocuments(root);
    const shuffled = new Map([...docs].reverse());
    expect(renderChangelog(changelogEntries(shuffled, await SpecSources.load(root)))).toBe(changelog);
  });

  it("the CLI prints it, writes it with --output, and exits 2 on a bad argument", async () => {
    const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
    const cli = path.join(root, "packages/api-check/src/changelog-cli.ts");
    const { stdout } = await exec(process.execPath, [tsx, cli], { cwd: root });
    expect(stdout).toBe(changelog);
    const dir = await mkdtemp(path.join(os.tmpdir(), "api-changelog-"));
    try {
      await exec(process.execPath, [tsx, cli, "--output", path.join(dir, "CHANGES.md")], { cwd: root });
      expect(await readFile(path.join(dir, "CHANGES.md"), "utf8")).toBe(changelog);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const bad = await exec(process.execPath, [tsx, cli, "--outptu", "x"], { cwd: root }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("usage: pnpm api:changelog");
  }, 60_000);
});
