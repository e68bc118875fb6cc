import path from "node:path";
import { createLinter, type LintFinding } from "@transfer-call/codegen";
import { beforeAll, describe, expect, it } from "vitest";
import { type Json, ROOT, TRANSFER_PATH } from "../support/documents.js";
import { committedFile, latestDocuments } from "../support/versioned-documents.js";

type Lint = (file: string, text: string) => Promise<LintFinding[]>;
let lint: Lint;

beforeAll(async () => {
  lint = await createLinter(path.join(ROOT, ".spectral.yaml"));
});

const latest = latestDocuments();
const FILE = committedFile("3.0.0", latest.apiVersion);
const openapi30 = (): Json => structuredClone(latest["3.0.0"]);
const openapi31 = (): Json => structuredClone(latest["3.1.0"]);

/** Each custom rule, and a broken copy of the real document that must make it fire. */
const BROKEN: { rule: string; breakIt(doc: Json): void }[] = [
  {
    rule: "acs-default-error-response",
    breakIt: (doc) => void delete doc.paths[TRANSFER_PATH].post.responses.default,
  },
  {
    rule: "acs-default-error-response",
    breakIt: (doc) => {
      doc.paths[TRANSFER_PATH].post.responses.default.content["application/json"].schema = {
        $ref: "#/components/schemas/CommunicationError",
      };
    },
  },
  {
    rule: "acs-post-repeatability-headers",
    breakIt: (doc) => {
      const op = doc.paths[TRANSFER_PATH].post;
      op.parameters = op.parameters.filter((p: Json) => p.name !== "Repeatability-First-Sent");
    },
  },
  {
    rule: "acs-api-version-query",
    breakIt: (doc) => {
      const apiVersion = doc.paths[TRANSFER_PATH].post.parameters.find((p: Json) => p.name === "api-version");
      apiVersion.required = false;
    },
  },
  {
    rule: "acs-operation-id-resource-action",
    breakIt: (doc) => void (doc.paths[TRANSFER_PATH].post.operationId = "transferToParticipant"),
  },
  {
    rule: "acs-operation-id-resource-action",
    breakIt: (doc) => {
      const callback =
        doc.paths[TRANSFER_PATH].post.callbacks.transferEvents["{$request.body#/operationCallbackUri}"].post;
      callback.operationId = "Transfer_Callback_Events";
    },
  },
  {
    rule: "acs-property-description",
    breakIt: (doc) => void delete doc.components.schemas.TransferCallResponse.properties.operationContext.description,
  },
];

describe("Spectral ruleset", () => {
  it.each([
    ["3.0", openapi30()],
    ["3.1", openapi31()],
  ])("finds nothing in the emitted OpenAPI %s document", async (_v, doc) => {
    expect(await lint(FILE, JSON.stringify(doc, null, 2))).toEqual([]);
  });

  it.each(BROKEN.map((b, i) => [b.rule, i] as const))("%s fires on its broken fixture (#%i)", async (rule, i) => {
    const doc = openapi30();
    BROKEN[i]!.breakIt(doc);
    const findings = await lint(FILE, JSON.stringify(doc, null, 2));
    // Only the rule under test fires among the custom ones (a broken document may also trip a
    // built-in rule, e.g. a schema that is no longer referenced).
    const custom = findings.filter((f) => f.rule.startsWith("acs-"));
    expect(custom.map((f) => f.rule)).toEqual([rule]);
    expect(custom[0]!.severity).toBe("error");
    expect(custom[0]!.line).toBeGreaterThan(0);
  });

  it("covers every custom rule with a broken fixture", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parse } = await import("yaml");
    const ruleset = parse(await readFile(path.join(ROOT, ".spectral.yaml"), "utf8"));
    const custom = Object.keys(ruleset.rules);
    expect(new Set(BROKEN.map((b) => b.rule))).toEqual(new Set(custom));
    for (const name of custom) {
      expect(ruleset.rules[name].description, name).toMatch(/\w/);
      expect(ruleset.rules[name].message, name).toMatch(/\w/);
    }
  });
});
