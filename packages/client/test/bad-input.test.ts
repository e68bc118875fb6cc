import { describe, expect, it } from "vitest";
import { toCommunicationErrorResponse } from "../src/call-automation-error.js";
import {
  API_VERSIONS,
  AzureKeyCredential,
  bearerTokenCredential,
  CallAutomationClient,
  type CallAutomationClientOptions,
  CallAutomationError,
  LATEST_API_VERSION,
  parseConnectionString,
} from "../src/index.js";

const KEY = Buffer.from("k".repeat(32)).toString("base64");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CallAutomationError);
    return (e as CallAutomationError).code;
  }
  return undefined;
}

describe("connection strings", () => {
  it("parses the documented form, case-insensitively, with whitespace and a trailing semicolon", () => {
    expect(parseConnectionString(`endpoint=https://x.communication.azure.com/;accesskey=${KEY}`)).toEqual({
      endpoint: "https://x.communication.azure.com/",
      accessKey: KEY,
    });
    expect(parseConnectionString(` Endpoint = https://x/ ; AccessKey=${KEY} ; `)).toEqual({
      endpoint: "https://x/",
      accessKey: KEY,
    });
  });

  it.each([
    ["", "empty"],
    ["endpoint=https://x/", 'no "accesskey='],
    [`accesskey=${KEY}`, 'no "endpoint='],
    ["endpoint=https://x/;accesskey=not base64!", "not base64"],
    ["endpoint=https://x/;accesskey=abc", "not base64"],
    [`endpoint=https://x/;accesskey=${KEY};accesskey=${KEY}`, "twice"],
    ["garbage", "not key=value"],
  ])("rejects %j with InvalidConnectionString naming the problem (%s)", (input, reason) => {
    let error: unknown;
    try {
      parseConnectionString(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CallAutomationError);
    expect(error).toMatchObject({ code: "InvalidConnectionString" });
    expect((error as Error).message).toContain(reason);
    if (input.includes("accesskey=not")) expect((error as Error).message).not.toContain("not base64!");
  });
});

describe("client construction", () => {
  it("rejects a key that is not base64", () => {
    expect(codeOf(() => new AzureKeyCredential("%%%"))).toBe("InvalidAccessKey");
    expect(codeOf(() => new AzureKeyCredential(""))).toBe("InvalidAccessKey");
    const credential = new AzureKeyCredential(KEY);
    expect(codeOf(() => credential.update("not-base64"))).toBe("InvalidAccessKey");
    expect(credential.key).toBe(KEY);
  });

  it("rejects endpoints that are not absolute http(s) URLs, and http unless allowed", () => {
    const credential = new AzureKeyCredential(KEY);
    expect(codeOf(() => new CallAutomationClient("not a url", credential))).toBe("InvalidEndpoint");
    expect(codeOf(() => new CallAutomationClient("ftp://x/", credential))).toBe("InvalidEndpoint");
    expect(codeOf(() => new CallAutomationClient("https://x/?a=1", credential))).toBe("InvalidEndpoint");
    expect(codeOf(() => new CallAutomationClient("http://127.0.0.1:1/", credential))).toBe("InsecureConnection");
    expect(
      new CallAutomationClient("http://127.0.0.1:1/", credential, { allowInsecureConnection: true }).endpoint,
    ).toBe("http://127.0.0.1:1");
    expect(new CallAutomationClient("https://x.example/base/", credential).endpoint).toBe("https://x.example/base");
  });

  it("rejects an api-version the spec does not describe (a JavaScript caller has no types to stop it)", () => {
    const credential = new AzureKeyCredential(KEY);
    const options = { apiVersion: "2024-01-01" } as unknown as CallAutomationClientOptions;
    const error = (() => {
      try {
        new CallAutomationClient("https://x.example", credential, options);
      } catch (e) {
        return e as CallAutomationError;
      }
      throw new Error("expected a CallAutomationError");
    })();
    expect(error).toBeInstanceOf(CallAutomationError);
    expect(error).toMatchObject({ code: "UnsupportedApiVersion", target: "apiVersion" });
    expect(error.message).toContain('"2024-01-01"');
    expect(error.message).toContain(API_VERSIONS.join(", "));
    for (const apiVersion of API_VERSIONS)
      expect(new CallAutomationClient("https://x.example", credential, { apiVersion }).apiVersion).toBe(apiVersion);
    expect(new CallAutomationClient("https://x.example", credential).apiVersion).toBe(LATEST_API_VERSION);
  });

  it("rejects an empty bearer token and a credential of neither kind", () => {
    expect(codeOf(() => bearerTokenCredential(""))).toBe("InvalidCredential");
    // A plain object that is neither credential is taken as options, so the endpoint must parse as a connection string.
    expect(codeOf(() => new CallAutomationClient("https://x/", {} as never))).toBe("InvalidConnectionString");
  });
});

describe("error bodies", () => {
  const response = new Response(null, { status: 502, statusText: "Bad Gateway" });
  it.each([
    [undefined, "HTTP 502 Bad Gateway with no error body"],
    ["", "HTTP 502 Bad Gateway with no error body"],
    ["upstream timeout", "HTTP 502 Bad Gateway: upstream timeout"],
    [{ message: "other shape" }, 'HTTP 502 Bad Gateway: {"message":"other shape"}'],
    [{ error: { code: 5 } }, 'HTTP 502 Bad Gateway: {"error":{"code":5}}'],
  ])("normalises %j into the API's error shape", (body, message) => {
    expect(toCommunicationErrorResponse(body, response)).toEqual({ error: { code: "UnexpectedResponse", message } });
  });

  it("truncates a long body", () => {
    const message = toCommunicationErrorResponse("x".repeat(1000), response).error.message;
    expect(message.length).toBeLessThan(250);
  });
});
