import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransferToParticipantInput } from "../src/index.js";
import { rawRequest } from "./support/raw-http.js";
import { memoryLogger, serveNode, type TestServer } from "./support/servers.js";

// Every request is validated against the schemas of the api-version it names (body, headers,
// query), and the handler learns that version.
const VERSIONS = ["2023-03-06", "2023-10-15", "2024-04-15", "2024-09-15", "2025-05-15", "2025-06-15", "2026-03-12"];
const seen: TransferToParticipantInput[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await serveNode({
    handlers: {
      transferToParticipant(input) {
        seen.push(input);
        return { status: 202, body: {} };
      },
    },
    auth: false,
    logger: memoryLogger(),
  });
});
afterAll(() => server.close());

const phone = (value: string) => ({ kind: "phoneNumber", phoneNumber: { value } });

async function transfer(apiVersion: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await rawRequest(
    `${server.url}/calling/callConnections/c1:transferToParticipant?api-version=${encodeURIComponent(apiVersion)}`,
    { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) },
  );
  return { status: response.status, body: JSON.parse(response.body || "{}") };
}

describe("per api-version validation", () => {
  it("accepts every version, and hands the handler the version it was validated against", async () => {
    for (const apiVersion of VERSIONS) {
      const answer = await transfer(apiVersion, { targetParticipant: phone("+14255550100") });
      expect(answer.status, `${apiVersion}: ${JSON.stringify(answer.body)}`).toBe(202);
      expect(seen.at(-1)!.apiVersion).toBe(apiVersion);
    }
  });

  it("refuses a field of a later version, naming the field and the version", async () => {
    const body = { targetParticipant: phone("+14255550100"), sourceCallerIdNumber: { value: "+14255550199" } };
    expect((await transfer("2024-09-15", body)).status).toBe(202);
    const refused = await transfer("2024-04-15", body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.target).toBe("sourceCallerIdNumber");
    expect(refused.body.error.message).toContain("api-version 2024-04-15");
    expect(refused.body.error.message).toContain("sourceCallerIdNumber");
  });

  it("refuses a field a later version renamed: 2023-03-06's customContext", async () => {
    const body = { targetParticipant: phone("+14255550100"), customContext: { sipHeaders: { "X-MS-Custom-a": "1" } } };
    expect((await transfer("2023-03-06", body)).status).toBe(202);
    const refused = await transfer("2023-10-15", body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.target).toBe("customContext");
    expect(refused.body.error.message).toContain("api-version 2023-10-15");
  });

  it("refuses Teams Phone call details before 2026-03-12", async () => {
    const body = {
      targetParticipant: phone("+14255550100"),
      customCallingContext: { teamsPhoneCallDetails: { sessionId: "s1" } },
    };
    const refused = await transfer("2025-06-15", body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.target).toBe("customCallingContext.teamsPhoneCallDetails");
    expect(refused.body.error.message).toContain("api-version 2025-06-15");
  });

  it("an unsupported api-version is a 400 that lists every supported version", async () => {
    const refused = await transfer("2025-01-01", { targetParticipant: phone("+14255550100") });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("UnsupportedApiVersion");
    expect(refused.body.error.target).toBe("api-version");
    expect(refused.body.error.message).toContain(`supported versions: ${VERSIONS.join(", ")}.`);
  });
});

describe("a service that serves some of the api-versions", () => {
  let some: TestServer;
  beforeAll(async () => {
    some = await serveNode({
      apiVersions: ["2024-09-15", "2026-03-12"],
      handlers: { transferToParticipant: () => ({ status: 202, body: {} }) },
      auth: false,
      logger: memoryLogger(),
    });
  });
  afterAll(() => some.close());

  const transferTo = async (apiVersion: string) =>
    rawRequest(`${some.url}/calling/callConnections/c1:transferToParticipant?api-version=${apiVersion}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetParticipant: phone("+14255550100") }),
    });

  it("answers the served ones, and refuses the others listing only the served ones", async () => {
    expect((await transferTo("2024-09-15")).status).toBe(202);
    expect((await transferTo("2026-03-12")).status).toBe(202);
    const refused = await transferTo("2025-05-15");
    expect(refused.status).toBe(400);
    const message: string = JSON.parse(refused.body).error.message;
    expect(message).toMatch(/supported versions: 2024-09-15, 2026-03-12\.$/);
  });

  it("refuses, at start-up, a version the spec does not define", async () => {
    await expect(
      serveNode({
        apiVersions: ["2099-01-01" as "2026-03-12"],
        handlers: { transferToParticipant: () => ({ status: 202, body: {} }) },
        auth: false,
      }),
    ).rejects.toThrow(/2099-01-01 is not one/);
  });
});
