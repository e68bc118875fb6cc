import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type OperationHandlers } from "../src/index.js";
import { TRANSFER_PATH, UPSTREAM_EXAMPLE } from "./support/scenarios.js";
import { ADAPTERS, memoryLogger, type TestServer } from "./support/servers.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const post = (base: string) =>
  fetch(base + TRANSFER_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", "x-ms-client-request-id": "client-req-1" },
    body: JSON.stringify(UPSTREAM_EXAMPLE),
  });

for (const [adapter, serve] of Object.entries(ADAPTERS)) {
  describe(`the one error path (${adapter})`, () => {
    async function start(transfer: OperationHandlers["transferToParticipant"]) {
      const logger = memoryLogger();
      const server = await serve({ handlers: { transferToParticipant: transfer }, auth: false, logger });
      servers.push(server);
      return { server, logger };
    }

    it("answers anything a handler throws with a 500 in the API format, no stack, logged once", async () => {
      const { server, logger } = await start(() => {
        throw new TypeError("secret internal detail at /srv/app.js:12");
      });
      const response = await post(server.url);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({
        error: { code: "InternalServerError", message: expect.stringContaining("client-req-1") },
      });
      expect(text).not.toContain("secret");
      expect(text).not.toContain("app.js");
      const errors = logger.entries.filter((e) => e.level === "error");
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(errors[0])).toContain("secret internal detail");
      expect(errors[0]!.fields).toMatchObject({ requestId: "client-req-1" });
    });

    it("answers a thrown ApiError as itself, without logging it as a failure", async () => {
      const { server, logger } = await start(() => {
        throw new ApiError(409, "CallTransferring", "A transfer is already under way.", { target: "callConnectionId" });
      });
      const response = await post(server.url);
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({
        error: { code: "CallTransferring", message: "A transfer is already under way.", target: "callConnectionId" },
      });
      expect(logger.entries).toEqual([]);
    });

    it("turns a rejected promise into the same 500", async () => {
      const { server, logger } = await start(async () => Promise.reject(new Error("db down")));
      expect((await post(server.url)).status).toBe(500);
      expect(logger.entries.filter((e) => e.level === "error")).toHaveLength(1);
    });

    it("serialises by the response schema: undeclared properties are not sent", async () => {
      const { server } = await start(() => ({
        status: 202,
        body: { operationContext: "x", internal: "leak" } as never,
      }));
      const response = await post(server.url);
      expect(await response.json()).toEqual({ operationContext: "x" });
    });

    it("answers a body that breaks the response schema with a logged 500", async () => {
      const { server, logger } = await start(() => ({ status: 202, body: { operationContext: 42 } as never }));
      expect((await post(server.url)).status).toBe(500);
      expect(JSON.stringify(logger.entries)).toContain("operationContext");
    });

    it("answers an undeclared success status with a logged 500", async () => {
      const { server, logger } = await start(() => ({ status: 200 as never, body: {} }));
      expect((await post(server.url)).status).toBe(500);
      expect(logger.entries).toHaveLength(1);
    });

    it("echoes the client request id and always sends x-ms-request-id", async () => {
      const { server } = await start(() => ({ status: 202, body: {} }));
      const response = await post(server.url);
      expect(response.headers.get("x-ms-request-id")).toBe("client-req-1");
      expect(response.headers.get("x-ms-client-request-id")).toBe("client-req-1");
    });
  });
}
