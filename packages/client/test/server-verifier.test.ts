import { randomBytes } from "node:crypto";
import { verifyHmacSignature } from "@transfer-call/server";
import { describe, expect, it } from "vitest";
import { AzureKeyCredential, CallAutomationClient } from "../src/index.js";
import { sendJson, startServer } from "./support/local-server.js";

const KEY = randomBytes(32).toString("base64");

describe("signatures accepted by the server stub's verifier", () => {
  it("verifies every attempt of a retried transfer sent over real HTTP, and rejects a wrong key", async () => {
    const verdicts: unknown[] = [];
    const wrongKey: unknown[] = [];
    let attempts = 0;
    const server = await startServer(async (req, res) => {
      const signed = {
        method: req.method,
        pathAndQuery: req.pathAndQuery,
        host: req.headers.host!,
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(req.body),
      };
      verdicts.push(await verifyHmacSignature(signed, KEY));
      wrongKey.push(await verifyHmacSignature(signed, randomBytes(32).toString("base64")));
      if (++attempts === 1) return sendJson(res, 503, { error: { code: "ServiceUnavailable", message: "retry" } });
      sendJson(res, 202, {});
    });
    try {
      const client = new CallAutomationClient(server.url, new AzureKeyCredential(KEY), {
        allowInsecureConnection: true,
        retryOptions: { retryDelayInMs: 1 },
      });
      const result = await client.transferToParticipant("id:with/slash", {
        targetParticipant: { kind: "microsoftTeamsUser", microsoftTeamsUser: { userId: "aad-1", cloud: "public" } },
      });
      expect(result.response.status).toBe(202);
      expect(verdicts).toEqual([{ ok: true }, { ok: true }]);
      expect(wrongKey).toEqual([expect.objectContaining({ ok: false }), expect.objectContaining({ ok: false })]);

      // A bodyless GET with a query, sent the same way, is accepted too.
      await client.sendRequest(new Request(`${server.url}/anything?x=1&y=a%20b`));
      expect(verdicts).toHaveLength(3);
      expect(verdicts.at(-1)).toEqual({ ok: true });
    } finally {
      await server.close();
    }
  });
});
