import { apiDiff, type Diff } from "api-smart-diff";
import { type ChangeRule, type Classification, RULES, type Severity } from "./breaking-rules.js";
import { type HoistedDocument, hoistCallbacks, isCallbackPath, originalPath } from "./callbacks-as-responses.js";
import { type ClassifiedDiff, classifyDiff } from "./classify-diff.js";
import { componentUsage, componentUsers } from "./component-usage.js";
import { anchoredPointer, type JsonPath, toPointer, walk } from "./json-pointer.js";
import type { SourceLocation, SpecSources } from "./spec-sources.js";

/** One change between the base and head OpenAPI documents, as the report shows it. */
export interface ApiChange {
  rule: string;
  classification: Classification;
  severity: Severity;
  message: string;
  /** JSON pointer of the change, anchored at the component that owns it when there is one. */
  pointer: string;
  /** Which document `pointer` points into: the base for removals, the head otherwise. */
  side: "base" | "head";
  /** Where in the API the change is seen, e.g. "request body of CallConnection_TransferToParticipant". */
  usages: string[];
  /** The spec line to look at, when the change maps to one. */
  source?: SourceLocation;
  /** What api-smart-diff said about (the first occurrence of) this change. */
  library: { type: string; description?: string };
  /** The api-version whose document changed (set when versions are compared, `version-changes.ts`). */
  apiVersion?: string;
  /**
   * Set when the change is inside a released api-version, which is frozen: the change then counts
   * as a breaking error, and this keeps what it would be in a new api-version.
   */
  frozen?: { classification: Classification; severity: Severity };
}

/** What the two documents are, when they are api-versions of one spec. */
export interface CompareOptions {
  /** api-versions new at head: a released document that lists them (`Versions`) keeps its contract. */
  newApiVersions?: readonly string[];
  /** A new api-version compared with the previous one: values that are just the version's name. */
  apiVersions?: { from: string; to: string };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
const CLASS_ORDER: Record<Classification, number> = { breaking: 0, "non-breaking": 1, "docs-only": 2 };

interface Context {
  base: HoistedDocument;
  head: HoistedDocument;
  sources?: SpecSources;
  /** Which operations use each component, per side (`component-usage.ts`). */
  users: { base: Map<string, string[]>; head: Map<string, string[]> };
}

function docOf(ctx: Context, side: "base" | "head") {
  return side === "base" ? ctx.base : ctx.head;
}

function operationIdAt(hoisted: HoistedDocument, path: JsonPath): string | undefined {
  if (path[0] !== "paths" || path.length < 3) return undefined;
  return hoisted.doc.paths?.[path[1]!]?.[path[2]!]?.operationId;
}

function fieldPath(path: JsonPath): string {
  const names: string[] = [];
  for (let i = 0; i < path.length - 1; i++) if (path[i] === "properties") names.push(String(path[i + 1]));
  return names.join(".");
}

function usageOf(ctx: Context, c: ClassifiedDiff): string {
  const hoisted = docOf(ctx, c.side);
  const p = c.path;
  if (c.componentOnly) return componentUsage(ctx.users[c.side], String(p[1]), String(p[2]));
  if (p[0] !== "paths" || p.length < 3) return c.direction === "document" ? "document" : "paths";
  const opId = operationIdAt(hoisted, p) ?? `${String(p[2]).toUpperCase()} ${p[1]}`;
  const rel = p.slice(3);
  const field = fieldPath(rel);
  const inField = field ? ` (\`${field}\`)` : "";
  if (isCallbackPath(p)) return `callback body of ${opId}, sent to the consumer${inField}`;
  if (rel[0] === "requestBody") return `request body of ${opId}${inField}`;
  if (rel[0] === "responses") return `response ${rel[1]} of ${opId}${inField}`;
  if (rel[0] === "parameters") {
    const name = walk(hoisted.doc, [...p.slice(0, 5), "name"]).node;
    return `parameter \`${typeof name === "string" ? name : rel[1]}\` of ${opId}`;
  }
  return `operation ${opId}`;
}

function locate(ctx: Context, c: ClassifiedDiff): SourceLocation | undefined {
  const sources = ctx.sources;
  if (!sources) return undefined;
  const hoisted = docOf(ctx, c.side);
  const p = c.path;
  const walked = walk(hoisted.doc, p);
  const anchor = walked.anchor.length ? walked.anchor : p.map(String);
  const component = anchor[0] === "components" && anchor[1] === "schemas" ? anchor[2] : undefined;
  if (component) {
    const rest = walked.anchor.length ? walked.rest : p.slice(3);
    const propertyAt = rest.indexOf("properties");
    const member =
      propertyAt >= 0
        ? String(rest[propertyAt + 1])
        : rest.includes("enum") || rest.includes("required")
          ? String(c.diff.after ?? c.diff.before)
          : undefined;
    return (member && sources.member(component, member)) || sources.declaration(component);
  }
  if (p[0] === "paths" && p.length >= 3) {
    const opId = operationIdAt(hoisted, p) ?? operationIdAt(docOf(ctx, c.side === "base" ? "head" : "base"), p);
    if (!opId) return undefined;
    if (p[3] === "parameters") {
      const name = walk(hoisted.doc, [...p.slice(0, 5), "name"]).node;
      if (typeof name === "string") return sources.parameter(opId, name);
    }
    return sources.operation(opId);
  }
  if (c.rule.id === RULES.securityChanged.id) return sources.find(/@useAuth\(/);
  if (c.rule.id === RULES.apiVersionChanged.id) return sources.find(/^\s*version:/);
  return undefined;
}

function pointerOf(ctx: Context, c: ClassifiedDiff): string {
  const hoisted = docOf(ctx, c.side);
  const walked = walk(hoisted.doc, c.path);
  return walked.anchor.length ? anchoredPointer(walked, c.path) : toPointer(originalPath(hoisted, c.path));
}

/** Pairs a removed operation with an added one of the same operationId: a moved path or a changed verb. */
function mergeMovedOperations(ctx: Context, changes: ClassifiedDiff[]): ClassifiedDiff[] {
  const added = changes.filter((c) => c.rule === RULES.operationAdded && c.path.length === 3);
  const consumed = new Set<ClassifiedDiff>();
  const out: ClassifiedDiff[] = [];
  for (const c of changes) {
    if (c.rule !== RULES.operationRemoved) {
      out.push(c);
      continue;
    }
    const opId = operationIdAt(ctx.base, c.path);
    const match = opId && added.find((a) => !consumed.has(a) && operationIdAt(ctx.head, a.path) === opId);
    const [, basePath, baseVerb] = c.path;
    if (match) {
      consumed.add(match);
      const [, headPath, headVerb] = match.path;
      const moved = basePath !== headPath;
      const rule: ChangeRule = moved ? RULES.operationPathChanged : RULES.operationVerbChanged;
      const what = moved
        ? `${opId} moved from \`${basePath}\` to \`${headPath}\``
        : `${opId} changed its method from ${String(baseVerb).toUpperCase()} to ${String(headVerb).toUpperCase()}`;
      out.push({ ...c, rule, classification: rule.classification, severity: rule.severity, what });
      continue;
    }
    const pathGone = !(String(basePath) in (ctx.head.doc.paths ?? {}));
    out.push(
      pathGone
        ? {
            ...c,
            rule: RULES.pathRemoved,
            what: `path \`${basePath}\` removed (with ${String(baseVerb).toUpperCase()} ${opId ?? ""})`.replace(
              " )",
              ")",
            ),
          }
        : c,
    );
  }
  return out.filter((c) => !consumed.has(c));
}

/** Pairs a removed response status with an added one on the same operation: a changed status code. */
function mergeStatusChanges(changes: ClassifiedDiff[]): ClassifiedDiff[] {
  const opKey = (c: ClassifiedDiff) => `${c.path[1]} ${c.path[2]}`;
  const added = changes.filter((c) => c.rule === RULES.successStatusAdded || c.rule === RULES.errorStatusAdded);
  const consumed = new Set<ClassifiedDiff>();
  const out = changes.map((c) => {
    if (c.rule !== RULES.responseRemoved) return c;
    const was = String(c.path[4]);
    const match = added.find((a) => !consumed.has(a) && opKey(a) === opKey(c) && String(a.path[4])[0] === was[0]);
    if (!match) return c;
    consumed.add(match);
    const rule = RULES.statusCodeChanged;
    return {
      ...c,
      rule,
      classification: rule.classification,
      severity: rule.severity,
      what: `status ${was} changed to ${match.path[4]}`,
    };
  });
  return out.filter((c) => !consumed.has(c));
}

/** Findings that are the api-version itself, not a change to what it describes. */
function versionIdentity(c: ClassifiedDiff, options: CompareOptions): ClassifiedDiff {
  const { action, before, after } = c.diff;
  if (c.path[c.path.length - 2] !== "enum") return c;
  const rule =
    action === "add" && typeof after === "string" && options.newApiVersions?.includes(after)
      ? RULES.apiVersionListed
      : action === "replace" && before === options.apiVersions?.from && after === options.apiVersions?.to
        ? RULES.apiVersionChanged
        : undefined;
  if (!rule) return c;
  const what =
    rule === RULES.apiVersionListed
      ? `api-version \`${after}\` listed`
      : `accepted api-version \`${before}\` → \`${after}\``;
  return { ...c, rule, classification: rule.classification, severity: rule.severity, what };
}

/**
 * Pairs a removed property (or schema) with the added one the spec declares it was renamed to
 * (`@renamedFrom`): one rename, not a removal and an unrelated addition.
 */
function mergeRenames(changes: ApiChange[], sources: SpecSources | undefined): ApiChange[] {
  if (!sources) return changes;
  const split = (pointer: string) => {
    const at = pointer.lastIndexOf("/");
    return { parent: pointer.slice(0, at), name: pointer.slice(at + 1) };
  };
  const consumed = new Set<ApiChange>();
  const out = changes.map((removed) => {
    const property = removed.rule === RULES.propertyRemoved.id;
    const schema = removed.rule === RULES.otherChange.id && /^#\/components\/schemas\/[^/]+$/.test(removed.pointer);
    if (!(property || schema) || removed.side !== "base") return removed;
    const old = split(removed.pointer);
    const match = changes.find((added) => {
      if (consumed.has(added) || added.side !== "head" || added === removed) return false;
      const renamed = split(added.pointer);
      if (renamed.parent !== old.parent) return false;
      if (property && added.rule !== RULES.propertyAdded.id) return false;
      const owner = added.pointer.split("/")[3]!;
      return sources.renamedFrom(owner, property ? renamed.name : undefined)?.from === old.name;
    });
    if (!match) return removed;
    consumed.add(match);
    const rule = property ? RULES.propertyRenamed : RULES.schemaRenamed;
    const kind = property ? "property" : "schema";
    return {
      ...match,
      rule: rule.id,
      classification: rule.classification,
      severity: rule.severity,
      message: `${kind} \`${old.name}\` renamed to \`${split(match.pointer).name}\``,
      usages: [...new Set([...removed.usages, ...match.usages])],
    };
  });
  return out.filter((c) => !consumed.has(c));
}

function worse(a: ApiChange, b: ApiChange): boolean {
  return (
    SEVERITY_ORDER[a.severity] < SEVERITY_ORDER[b.severity] ||
    CLASS_ORDER[a.classification] < CLASS_ORDER[b.classification]
  );
}

/**
 * The raw api-smart-diff findings for two documents (callbacks hoisted as responses). The library
 * writes its merge metadata into the documents it is given, so it only ever sees copies.
 */
export function libraryDiffs(base: Record<string, any>, head: Record<string, any>): Diff[] {
  return apiDiff(structuredClone(base), structuredClone(head));
}

/**
 * Compares two OpenAPI 3.0 documents: api-smart-diff finds the differences, this project's rules
 * classify them (`classify-diff.ts`), moved operations and changed status codes are paired, and
 * the same component change seen at several places is reported once with all its usages.
 */
export function compareOpenApi(
  base: Record<string, any>,
  head: Record<string, any>,
  sources?: SpecSources,
  options: CompareOptions = {},
): ApiChange[] {
  const ctx: Context = {
    base: hoistCallbacks(base),
    head: hoistCallbacks(head),
    sources,
    users: { base: componentUsers(base), head: componentUsers(head) },
  };
  const diffs = libraryDiffs(ctx.base.doc, ctx.head.doc);
  const classified = diffs
    .map(classifyDiff)
    .filter((c): c is ClassifiedDiff => c !== null)
    .map((c) => versionIdentity(c, options));
  const merged = mergeStatusChanges(mergeMovedOperations(ctx, classified));

  const pathPointers = new Set(merged.filter((c) => !c.componentOnly).map((c) => pointerOf(ctx, c)));
  const byKey = new Map<string, ApiChange>();
  for (const c of merged) {
    const pointer = pointerOf(ctx, c);
    if (c.componentOnly && (pathPointers.has(pointer) || !pointer.startsWith(toPointer(c.path.slice(0, 3))))) continue;
    const key = `${pointer}|${c.diff.action}|${JSON.stringify(c.diff.before)}|${JSON.stringify(c.diff.after)}`;
    const usage = usageOf(ctx, c);
    const change: ApiChange = {
      rule: c.rule.id,
      classification: c.classification,
      severity: c.severity,
      message: c.what,
      pointer,
      side: c.side,
      usages: [usage],
      source: locate(ctx, c),
      library: { type: c.diff.type, ...(c.diff.description ? { description: c.diff.description } : {}) },
    };
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, change);
      continue;
    }
    const usages = [...new Set([...existing.usages, usage])];
    byKey.set(key, worse(change, existing) ? { ...change, usages } : { ...existing, usages });
  }
  return mergeRenames([...byKey.values()], sources).sort(
    (a, b) =>
      CLASS_ORDER[a.classification] - CLASS_ORDER[b.classification] ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.pointer.localeCompare(b.pointer),
  );
}
