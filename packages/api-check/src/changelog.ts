import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RULES } from "./breaking-rules.js";
import { fromPointer } from "./json-pointer.js";
import { type ApiChange, compareOpenApi } from "./openapi-changes.js";
import { SpecSources } from "./spec-sources.js";
import type { DocumentsByVersion } from "./version-changes.js";

/** What one api-version changed from the one before it. */
export interface ChangelogEntry {
  apiVersion: string;
  /** The api-version before it; absent for the first one. */
  previous?: string;
  changes: ApiChange[];
  /** The operations and callbacks the first api-version defines (for its entry). */
  operations?: string[];
}

/** The committed OpenAPI 3.0 documents, by api-version, oldest first: the spec's projections. */
export async function readCommittedDocuments(root: string): Promise<Map<string, Record<string, any>>> {
  const dir = path.join(root, "spec/openapi/3.0.0");
  const docs = new Map<string, Record<string, any>>();
  for (const file of (await readdir(dir)).sort()) {
    const apiVersion = /^openapi\.(.+)\.json$/.exec(file)?.[1];
    if (apiVersion) docs.set(apiVersion, JSON.parse(await readFile(path.join(dir, file), "utf8")));
  }
  if (!docs.size) throw new Error(`${path.relative(root, dir)} holds no openapi.{api-version}.json: run pnpm generate`);
  return docs;
}

function operationIds(doc: Record<string, any>): string[] {
  const ids: string[] = [];
  for (const item of Object.values<Record<string, any>>(doc.paths ?? {})) {
    for (const op of Object.values<Record<string, any>>(item)) {
      if (typeof op?.operationId === "string") ids.push(op.operationId);
      for (const callback of Object.values<Record<string, any>>(op?.callbacks ?? {}))
        for (const cbItem of Object.values<Record<string, any>>(callback))
          for (const cbOp of Object.values<Record<string, any>>(cbItem))
            if (typeof cbOp?.operationId === "string") ids.push(`${cbOp.operationId} (callback)`);
    }
  }
  return ids;
}

/** Each api-version compared with the one before it, oldest first. */
export function changelogEntries(docs: DocumentsByVersion, sources?: SpecSources): ChangelogEntry[] {
  const names = [...docs.keys()].sort();
  return names.map((apiVersion, i) => {
    const previous = names[i - 1];
    if (!previous) return { apiVersion, changes: [], operations: operationIds(docs.get(apiVersion)!) };
    const changes = compareOpenApi(docs.get(previous)!, docs.get(apiVersion)!, sources, {
      apiVersions: { from: previous, to: apiVersion },
    });
    return { apiVersion, previous, changes };
  });
}

/** Changes a changelog lists: what the wire carries, not docs, examples or the version's own name. */
const IDENTITY = new Set([RULES.apiVersionChanged.id, RULES.apiVersionListed.id]);
const listed = (c: ApiChange) => c.classification !== "docs-only" && !IDENTITY.has(c.rule);

/** `TransferToParticipantRequest.customCallingContext`, or the operation for a path change. */
function subject(change: ApiChange): string {
  const keys = fromPointer(change.pointer);
  if (keys[0] === "components" && keys[1] === "schemas") {
    const fields = keys.flatMap((k, i) => (keys[i - 1] === "properties" ? [k] : []));
    return [keys[2], ...fields].join(".");
  }
  const usage = change.usages[0] ?? "";
  return /\bof (\S+)/.exec(usage)?.[1] ?? change.pointer;
}

/** Where the changed data flows: the request, the response, the events, or a model no operation uses. */
function seenIn(change: ApiChange): string {
  const kinds = new Set<string>();
  for (const usage of change.usages) {
    if (/^(request body|parameter)/.test(usage)) kinds.add("request");
    else if (usage.startsWith("response")) kinds.add("response");
    else if (usage.startsWith("callback body")) kinds.add("events");
    else if (usage.startsWith("component"))
      kinds.add(`model${/, (used by .*)$/.exec(usage)?.[1]?.replace(/^/, " ") ?? ""}`);
    else kinds.add(usage);
  }
  return [...kinds].join(", ");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** One api-version's section: a table of its changes from the previous one. */
export function renderEntry(entry: ChangelogEntry, level = 2, title = entry.apiVersion): string {
  const out = [`${"#".repeat(level)} ${title}`, ""];
  if (!entry.previous) {
    const ops = (entry.operations ?? []).map((o) =>
      o.endsWith(" (callback)") ? `\`${o.slice(0, -" (callback)".length)}\` (callback)` : `\`${o}\``,
    );
    out.push(`The first api-version${ops.length ? `, with ${ops.join(", ")}` : ""}.`, "");
    return out.join("\n");
  }
  const changes = entry.changes.filter(listed);
  const docs = entry.changes.filter((c) => c.classification === "docs-only").length;
  const breaking = changes.filter((c) => c.classification === "breaking").length;
  const docsNote = docs ? ` ${docs} documentation or example change(s) are not listed.` : "";
  if (!changes.length) {
    out.push(`No change to the API from ${entry.previous}.${docsNote}`, "");
    return out.join("\n");
  }
  out.push(`${changes.length} change(s) from ${entry.previous}, ${breaking} of them breaking.${docsNote}`, "");
  out.push("| change | where | seen in | compatibility |");
  out.push("|---|---|---|---|");
  for (const c of changes)
    out.push(`| ${cell(c.message)} | \`${cell(subject(c))}\` | ${cell(seenIn(c))} | ${c.classification} |`);
  out.push("");
  return out.join("\n");
}

/** The whole changelog, newest api-version first. */
export function renderChangelog(entries: ChangelogEntry[]): string {
  const out = [
    "# API changelog, by api-version",
    "",
    "Generated by `pnpm api:changelog` from the committed OpenAPI documents (`spec/openapi/3.0.0/`) and the",
    "spec's `@renamedFrom` declarations: do not edit by hand. Each api-version is compared with the one",
    "before it, with the rules of `pnpm api:check`.",
    "",
  ];
  for (const entry of [...entries].reverse()) out.push(renderEntry(entry));
  return `${out.join("\n").trimEnd()}\n`;
}

/** The changelog of the spec in `root`, from its committed documents. */
export async function buildChangelog(root: string): Promise<string> {
  const [docs, sources] = await Promise.all([readCommittedDocuments(root), SpecSources.load(root)]);
  return renderChangelog(changelogEntries(docs, sources));
}
