// "used by" in the api:check report (issue 15): a component is used by the operations that reach
// it directly or through other components, callbacks included; only an unreachable one is
// "which no operation uses". And the change wording says "added", never "addd".
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { componentUsers } from "../src/component-usage.js";
import { compareOpenApi } from "../src/openapi-changes.js";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/base.json"), "utf8"));

/** base.json plus a second operation whose request model refers to another new model. */
function withMuteOperation() {
  const head = structuredClone(base);
  head.paths["/items/{id}:mute"] = {
    post: {
      operationId: "Items_Mute",
      summary: "Mute an item.",
      parameters: [{ $ref: "#/components/parameters/ApiVersion" }, { $ref: "#/components/parameters/Id" }],
      requestBody: {
        required: true,
        content: { "application/json": { schema: { $ref: "#/components/schemas/MuteRequest" } } },
      },
      responses: { "202": { description: "Accepted." } },
    },
  };
  head.components.schemas.MuteRequest = {
    type: "object",
    properties: { target: { $ref: "#/components/schemas/MuteTarget" } },
    required: ["target"],
  };
  head.components.schemas.MuteTarget = { type: "object", properties: { id: { type: "string" } }, required: ["id"] };
  return head;
}

describe("componentUsers", () => {
  it("finds the operations that reach each component, through $refs and callbacks", () => {
    const users = componentUsers(base);
    expect(users.get("components/schemas/ActRequest")).toEqual(["Items_Act"]);
    expect(users.get("components/schemas/Event")).toEqual(["Items_Events (callback of Items_Act)"]);
    expect(users.get("components/parameters/ApiVersion")).toEqual(expect.arrayContaining(["Items_Act", "Items_Get"]));
    // Mode is reached only through ActRequest: used transitively
    expect(JSON.stringify(base.paths)).not.toContain("#/components/schemas/Mode");
    expect(users.get("components/schemas/Mode")).toEqual(expect.arrayContaining(["Items_Act"]));
  });
});

describe("component changes in the report", () => {
  it("a new operation's request model, and the model it refers to, are used by that operation", () => {
    const changes = compareOpenApi(base, withMuteOperation());
    const request = changes.find((c) => c.pointer === "#/components/schemas/MuteRequest");
    expect(request).toMatchObject({
      message: "schema `MuteRequest` added",
      usages: ["component MuteRequest, used by Items_Mute"],
    });
    const target = changes.find((c) => c.pointer === "#/components/schemas/MuteTarget");
    expect(target?.usages).toEqual(["component MuteTarget, used by Items_Mute"]);
    expect(changes.find((c) => c.rule === "operation-added")).toBeDefined();
    expect(changes.map((c) => c.message).join("\n")).not.toMatch(/addd|removed?d\b/);
    expect(changes.flatMap((c) => c.usages).join("\n")).not.toContain("which no operation uses");
  });

  it("a model reached only from a callback is used by the callback, named with its operation", () => {
    const head = structuredClone(base);
    head.components.schemas.EventDetail = { type: "object", properties: { reason: { type: "string" } } };
    head.components.schemas.Event.properties.more = { $ref: "#/components/schemas/EventDetail" };
    const change = compareOpenApi(base, head).find((c) => c.pointer === "#/components/schemas/EventDetail");
    expect(change?.usages).toEqual(["component EventDetail, used by Items_Events (callback of Items_Act)"]);
  });

  it("a model nothing refers to is still said to be unused", () => {
    const head = structuredClone(base);
    head.components.schemas.Orphan = { type: "string" };
    const change = compareOpenApi(base, head).find((c) => c.pointer === "#/components/schemas/Orphan");
    expect(change).toMatchObject({
      message: "schema `Orphan` added",
      usages: ["component Orphan, which no operation uses"],
    });
  });

  it("a removed model is used by the operations that used it at the base", () => {
    const head = structuredClone(base);
    delete head.components.schemas.Mode;
    delete head.components.schemas.ActRequest.properties.mode;
    const change = compareOpenApi(base, head).find((c) => c.pointer === "#/components/schemas/Mode");
    expect(change?.message).toBe("schema `Mode` removed");
    expect(change?.usages[0]).toMatch(/^component Mode, used by .*Items_Act/);
  });
});
