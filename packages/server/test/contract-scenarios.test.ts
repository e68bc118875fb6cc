import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS, type Scenario } from "../../../test/contract/scenarios.js";
import { echoHandlers, scenarios, send } from "./support/scenarios.js";
import { ADAPTERS, memoryLogger, type TestServer } from "./support/servers.js";
import { ACCESS_KEY } from "./support/signing.js";

/** Checks an answer against the scenario's expected response. */
function expectAnswer(response: Awaited<ReturnType<typeof send>>, scenario: Scenario): void {
  const expected = scenario.response;
  expect(response.status, response.text).toBe(expected.status);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  if (expected.body !== undefined) expect(response.json).toEqual(expected.body);
  if (response.status >= 400) {
    expect(response.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    if (expected.code) expect(response.json.error.code).toBe(expected.code);
    if (expected.target) expect(response.json.error.target).toBe(expected.target);
  }
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (value instanceof RegExp) expect(response.headers.get(name)).toMatch(value);
    else expect(response.headers.get(name)).toBe(value);
  }
}

// Both adapters replay the same scenarios against a real server on 127.0.0.1: the server's own
// cases, and the spec-derived contract scenarios the client is checked against too.
for (const [adapter, serve] of Object.entries(ADAPTERS)) {
  describe(`contract scenarios through the ${adapter} adapter`, () => {
    let server: TestServer;
    const logger = memoryLogger();
    beforeAll(async () => {
      server = await serve({
        handlers: echoHandlers,
        auth: { accessKey: ACCESS_KEY, verifyBearer: (token) => token === "good-token" },
        logger,
      });
    });
    afterAll(() => server.close());

    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        expectAnswer(await send(server.url, scenario), scenario);
      });
    }

    it("logged no errors: every scenario above is an expected outcome", () => {
      expect(logger.entries.filter((e) => e.level === "error")).toEqual([]);
    });
  });

  describe(`spec-derived contract scenarios through the ${adapter} adapter`, () => {
    // Unsigned, as the contract suite sends them; the clock reads the day the spec's repeatable
    // examples were first sent, so their Repeatability-First-Sent is within the service's window.
    // One server per api-version: every version's repeatable example has the same request id.
    const servers = new Map<string, Promise<TestServer>>();
    const serverFor = (apiVersion: string) => {
      let server = servers.get(apiVersion);
      if (!server) {
        server = serve({ handlers: echoHandlers, auth: false, now: () => Date.parse("2024-09-15T08:50:00Z") });
        servers.set(apiVersion, server);
      }
      return server;
    };
    afterAll(async () => {
      for (const server of servers.values()) await (await server).close();
    });

    for (const scenario of SCENARIOS) {
      it(scenario.name, async () => {
        expectAnswer(await send((await serverFor(scenario.call.apiVersion)).url, scenario), scenario);
      });
    }
  });
}
