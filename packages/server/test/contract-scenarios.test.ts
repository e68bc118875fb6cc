import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoHandlers, scenarios, send } from "./support/scenarios.js";
import { ADAPTERS, memoryLogger, type TestServer } from "./support/servers.js";
import { ACCESS_KEY } from "./support/signing.js";

// Both adapters replay the same scenarios against a real server on 127.0.0.1.
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
        const response = await send(server.url, scenario);
        expect(response.status, response.text).toBe(scenario.expect.status);
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
        if (scenario.expect.body !== undefined) expect(response.json).toEqual(scenario.expect.body);
        if (response.status >= 400) {
          expect(response.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
          if (scenario.expect.code) expect(response.json.error.code).toBe(scenario.expect.code);
          if (scenario.expect.target) expect(response.json.error.target).toBe(scenario.expect.target);
        }
        for (const [name, value] of Object.entries(scenario.expect.headers ?? {})) {
          if (value instanceof RegExp) expect(response.headers.get(name)).toMatch(value);
          else expect(response.headers.get(name)).toBe(value);
        }
      });
    }

    it("logged no errors: every scenario above is an expected outcome", () => {
      expect(logger.entries.filter((e) => e.level === "error")).toEqual([]);
    });
  });
}
