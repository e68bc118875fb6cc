import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AzureKeyCredential, bearerTokenCredential, CallAutomationClient, type TokenCredential } from "../src/index.js";
import { accepted, type RecordedRequest, recordingFetch, status } from "./support/recording-fetch.js";

const ACCESS_KEY = randomBytes(32).toString("base64");
const ENDPOINT = "https://contoso.communication.azure.com";
const TARGET = { targetParticipant: { kind: "communicationUser", communicationUser: { id: "8:acs:target" } } };

/** The ACS signature, computed independently with node:crypto from what was on the wire. */
function expectedAuthorization(request: RecordedRequest, key: string): string {
  const url = new URL(request.url);
  const hash = createHash("sha256").update(request.body).digest("base64");
  const date = request.headers.get("x-ms-date")!;
  const toSign = `${request.method}\n${url.pathname}${url.search}\n${date};${url.host};${hash}`;
  const signature = createHmac("sha256", Buffer.from(key, "base64")).update(toSign, "utf8").digest("base64");
  return `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`;
}

describe("HMAC-SHA256 access-key signing", () => {
  it("signs the transfer call exactly as ACS defines it", async () => {
    const fetch = recordingFetch(() => accepted());
    const client = new CallAutomationClient(`endpoint=${ENDPOINT}/;accesskey=${ACCESS_KEY}`, { fetch });
    await client.transferToParticipant("call/with:odd id", TARGET);
    const [request] = fetch.requests;
    expect(request).toBeDefined();
    expect(request!.headers.get("x-ms-content-sha256")).toBe(
      createHash("sha256").update(request!.body).digest("base64"),
    );
    expect(new Date(request!.headers.get("x-ms-date")!).toUTCString()).toBe(request!.headers.get("x-ms-date"));
    expect(request!.headers.get("authorization")).toBe(expectedAuthorization(request!, ACCESS_KEY));
    // The signed path is the percent-encoded one that goes on the wire, with the literal colon.
    expect(new URL(request!.url).pathname).toBe(
      "/calling/callConnections/call%2Fwith%3Aodd%20id:transferToParticipant",
    );
  });

  it("signs the host with its port when the port is not the default", async () => {
    const fetch = recordingFetch(() => accepted());
    const client = new CallAutomationClient("http://127.0.0.1:8080", new AzureKeyCredential(ACCESS_KEY), {
      fetch,
      allowInsecureConnection: true,
    });
    await client.transferToParticipant("c1", TARGET);
    expect(fetch.requests[0]!.headers.get("authorization")).toBe(expectedAuthorization(fetch.requests[0]!, ACCESS_KEY));
    expect(new URL(fetch.requests[0]!.url).host).toBe("127.0.0.1:8080");
  });

  it("hashes an empty body as the well-known empty SHA-256", async () => {
    const fetch = recordingFetch(() => status(200));
    const client = new CallAutomationClient(ENDPOINT, new AzureKeyCredential(ACCESS_KEY), { fetch });
    await client.sendRequest(new Request(`${ENDPOINT}/anything?x=1`));
    expect(fetch.requests[0]!.headers.get("x-ms-content-sha256")).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    expect(fetch.requests[0]!.headers.get("authorization")).toBe(expectedAuthorization(fetch.requests[0]!, ACCESS_KEY));
  });

  it("recomputes the signature on every attempt (a key rotated between attempts signs the retry)", async () => {
    const credential = new AzureKeyCredential(ACCESS_KEY);
    const rotated = randomBytes(32).toString("base64");
    const fetch = recordingFetch((_, attempt) => {
      if (attempt === 0) {
        credential.update(rotated);
        return status(503);
      }
      return accepted();
    });
    const client = new CallAutomationClient(ENDPOINT, credential, { fetch, retryOptions: { retryDelayInMs: 1 } });
    const result = await client.transferToParticipant("c1", TARGET);
    expect(result.response.status).toBe(202);
    const [first, second] = fetch.requests;
    expect(first!.headers.get("authorization")).toBe(expectedAuthorization(first!, ACCESS_KEY));
    expect(second!.headers.get("authorization")).toBe(expectedAuthorization(second!, rotated));
    expect(second!.headers.get("authorization")).not.toBe(first!.headers.get("authorization"));
  });
});

describe("Bearer tokens", () => {
  it("sends a static token", async () => {
    const fetch = recordingFetch(() => accepted());
    const client = new CallAutomationClient(ENDPOINT, bearerTokenCredential("static-token"), { fetch });
    await client.transferToParticipant("c1", TARGET);
    expect(fetch.requests[0]!.headers.get("authorization")).toBe("Bearer static-token");
    expect(fetch.requests[0]!.headers.has("x-ms-content-sha256")).toBe(false);
  });

  it("asks an async provider on every attempt", async () => {
    let calls = 0;
    const fetch = recordingFetch((_, attempt) => (attempt === 0 ? status(500) : accepted()));
    const provider = async () => `token-${++calls}`;
    const client = new CallAutomationClient(ENDPOINT, bearerTokenCredential(provider), {
      fetch,
      retryOptions: { retryDelayInMs: 1 },
    });
    await client.transferToParticipant("c1", TARGET);
    expect(fetch.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("caches a TokenCredential's token until shortly before it expires, asking for the ACS scope", async () => {
    const scopes: unknown[] = [];
    const credential: TokenCredential = {
      async getToken(scope) {
        scopes.push(scope);
        return { token: `t${scopes.length}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const fetch = recordingFetch(() => accepted());
    const client = new CallAutomationClient(ENDPOINT, credential, { fetch });
    await client.transferToParticipant("c1", TARGET);
    await client.transferToParticipant("c2", TARGET);
    expect(scopes).toEqual(["https://communication.azure.com//.default"]);
    expect(fetch.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer t1", "Bearer t1"]);
  });

  it("rejects with a typed error when the credential gives no token", async () => {
    const credential: TokenCredential = { getToken: async () => null };
    const client = new CallAutomationClient(ENDPOINT, credential, { fetch: recordingFetch(() => accepted()) });
    await expect(client.transferToParticipant("c1", TARGET)).rejects.toMatchObject({
      name: "CallAutomationError",
      code: "InvalidCredential",
    });
  });
});
