import { createHash, createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo-root.js";
import { startBenchServer } from "../src/server/child.js";
import { ACCESS_KEY, BODY, PATH, signedHeaders } from "../src/server/load.js";
import { transferRouteSchemas } from "../src/server/route-schemas.js";

function signed(port: number, body: string): Record<string, string> {
  if (body === BODY) return signedHeaders(port);
  const date = new Date().toUTCString();
  const hash = createHash("sha256").update(body).digest("base64");
  const signature = createHmac("sha256", Buffer.from(ACCESS_KEY, "base64"))
    .update(`POST\n${PATH}\n${date};127.0.0.1:${port};${hash}`)
    .digest("base64");
  return {
    "content-type": "application/json",
    "x-ms-date": date,
    "x-ms-content-sha256": hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

// The bench compares ours with Fastify "doing the same work": both must check signatures, validate,
// run repeatable requests and answer alike, or the comparison is of different work.
describe.each(["ours", "fastify"] as const)("the %s bench server", (target) => {
  it("checks signatures, runs a repeatable request once, replays it and refuses the id on another request", async () => {
    const port = await startBenchServer(target, true, transferRouteSchemas(repoRoot()));
    const url = `http://127.0.0.1:${port}${PATH}`;
    const repeat = { "repeatability-request-id": randomUUID(), "repeatability-first-sent": new Date().toUTCString() };
    const send = (body: string, headers: Record<string, string>) => fetch(url, { method: "POST", body, headers });

    const first = await send(BODY, { ...signed(port, BODY), ...repeat });
    expect(first.status).toBe(202);
    expect(first.headers.get("repeatability-result")).toBe("accepted");
    const firstBody = await first.text();
    expect(JSON.parse(firstBody)).toEqual({ operationContext: "bench-transfer" });

    const again = await send(BODY, { ...signed(port, BODY), ...repeat });
    expect(again.status).toBe(202);
    expect(again.headers.get("repeatability-result")).toBe("accepted");
    expect(await again.text()).toBe(firstBody);

    const other = BODY.replace("bench-transfer", "another-transfer");
    const conflict = await send(other, { ...signed(port, other), ...repeat });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("repeatability-result")).toBe("rejected");

    const unsigned = await send(BODY, { "content-type": "application/json" });
    expect(unsigned.status).toBe(401);

    const invalid = JSON.stringify({ targetParticipant: { kind: "phoneNumber" }, operationCallbackUri: "not a uri" });
    expect((await send(invalid, signed(port, invalid))).status).toBe(400);
  });
});
