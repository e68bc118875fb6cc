import { RULES } from "./breaking-rules.js";
import { type JsonPath, toPointer } from "./json-pointer.js";
import { type ApiChange, compareOpenApi } from "./openapi-changes.js";
import type { SpecSources } from "./spec-sources.js";

/**
 * How an api-version stands in a change: `released` (committed at the base, so frozen), `new`
 * (only at head) or `removed` (only at the base).
 */
export type VersionStatus = "released" | "new" | "removed";

/** What happened to one api-version's document between the base and head. */
export interface VersionReport {
  apiVersion: string;
  status: VersionStatus;
  /**
   * The document it was compared with: its own at the base (released), the previous api-version's
   * at head (new; absent when it is the oldest), nothing (removed).
   */
  comparedWith?: { apiVersion: string; side: "base" | "head" };
  changes: ApiChange[];
}

/** api-version → its OpenAPI 3.0 document. */
export type DocumentsByVersion = ReadonlyMap<string, Record<string, any>>;

const sameDocument = (a: Record<string, any>, b: Record<string, any>) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A change inside a released api-version breaks the promise that a version, once released, never
 * changes: clients and servers built from it rely on that. It becomes a breaking error, whatever it
 * would be in a new api-version; the listing of a new api-version (`Versions`) is the one exception.
 */
function freeze(change: ApiChange): ApiChange {
  if (change.rule === RULES.apiVersionListed.id) return change;
  return {
    ...change,
    classification: "breaking",
    severity: "error",
    frozen: { classification: change.classification, severity: change.severity },
  };
}

/**
 * A new api-version is where breaking changes belong: they are reported as warnings for review.
 */
function allowInNewVersion(change: ApiChange): ApiChange {
  return change.classification === "breaking" && change.severity === "error"
    ? { ...change, severity: "warning" }
    : change;
}

/**
 * Compares every api-version: each one committed at the base with the same version at head (any
 * change is an error, {@link freeze}); each one new at head with the newest api-version before it,
 * at head (breaking changes are warnings); each one gone at head is a breaking error. Oldest first.
 */
export function compareVersions(
  base: DocumentsByVersion,
  head: DocumentsByVersion,
  sources?: SpecSources,
  /** The same versions' OpenAPI 3.1 documents: a released one must not change either. */
  openapi31?: { base: DocumentsByVersion; head: DocumentsByVersion },
) {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const newVersions = names.filter((v) => !base.has(v));
  const headNames = [...head.keys()].sort();
  const reports: VersionReport[] = [];
  for (const apiVersion of names) {
    const before = base.get(apiVersion);
    const after = head.get(apiVersion);
    const tag = (c: ApiChange): ApiChange => ({ ...c, apiVersion });
    if (before && after) {
      const changes = sameDocument(before, after)
        ? []
        : compareOpenApi(before, after, sources, { newApiVersions: newVersions }).map(freeze).map(tag);
      const before31 = openapi31?.base.get(apiVersion);
      const after31 = openapi31?.head.get(apiVersion);
      if (!changes.length && before31 && after31 && !sameDocument(before31, after31))
        changes.push(openApi31Changed(apiVersion, firstDifference(before31, after31) ?? []));
      reports.push({ apiVersion, status: "released", comparedWith: { apiVersion, side: "base" }, changes });
    } else if (after) {
      const previous = headNames.filter((v) => v < apiVersion).at(-1);
      const changes = previous
        ? compareOpenApi(head.get(previous)!, after, sources, { apiVersions: { from: previous, to: apiVersion } })
            .map(allowInNewVersion)
            .map(tag)
        : [];
      reports.push({
        apiVersion,
        status: "new",
        ...(previous ? { comparedWith: { apiVersion: previous, side: "head" as const } } : {}),
        changes,
      });
    } else {
      const rule = RULES.apiVersionRemoved;
      reports.push({
        apiVersion,
        status: "removed",
        changes: [
          {
            rule: rule.id,
            classification: rule.classification,
            severity: rule.severity,
            message: `api-version \`${apiVersion}\` removed: it is released, clients that send it get 400`,
            pointer: "#/info/version",
            side: "base",
            usages: ["document"],
            library: { type: "breaking" },
            apiVersion,
          },
        ],
      });
    }
  }
  return reports;
}

/** The first place two JSON values differ (keys in order), or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at: JsonPath = []): JsonPath | undefined {
  if (a === b) return undefined;
  if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = firstDifference((a as any)[key], (b as any)[key], [...at, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The 3.1 document of a released api-version changed where its 3.0 document did not (the emitter
 * or the generator's post-processing changed): frozen all the same, located by the first difference.
 */
function openApi31Changed(apiVersion: string, at: JsonPath): ApiChange {
  const rule = RULES.otherChange;
  return freeze({
    rule: rule.id,
    classification: rule.classification,
    severity: "warning",
    message: "the OpenAPI 3.1 document changed where the 3.0 document did not",
    pointer: toPointer(at),
    side: "head",
    usages: [`spec/openapi/3.1.0/openapi.${apiVersion}.json`],
    library: { type: "unclassified" },
    apiVersion,
  });
}

/** "released, frozen", "new, compared with 2026-03-12", "removed". */
export function describeVersion(v: VersionReport): string {
  if (v.status === "released") return "released: frozen, compared with itself at the base";
  if (v.status === "removed") return "removed at head";
  return v.comparedWith ? `new: compared with ${v.comparedWith.apiVersion}` : "new: the oldest api-version";
}
