import { describe, expect, it } from "vitest";
import { operationRoutes } from "../src/generated/routes.gen.js";
import { ApiError } from "../src/runtime/api-error.js";
import { compileTemplate, Router, routeError, splitTarget } from "../src/runtime/router.js";

const TEMPLATE = "/calling/callConnections/{callConnectionId}:transferToParticipant";

function router() {
  return new Router<string>().add("POST", TEMPLATE, "transfer").add("GET", "/calls/{a}/parts/{b}", "part");
}

describe("Router", () => {
  it("routes the generated transfer template, whose literal colon survives generation", () => {
    expect(operationRoutes.map((r) => r.path)).toContain(TEMPLATE);
    const r = new Router<string>();
    for (const route of operationRoutes) r.add(route.method, route.path, route.operationId);
    expect(r.match("POST", "/calling/callConnections/abc:transferToParticipant")).toEqual({
      kind: "found",
      route: "CallConnection_TransferToParticipant",
      params: { callConnectionId: "abc" },
    });
  });

  it("does not route another verb after the colon", () => {
    expect(router().match("POST", "/calling/callConnections/abc:mute")).toEqual({ kind: "not-found" });
    expect(router().match("POST", "/calling/callConnections/abc:transferToParticipantX")).toEqual({
      kind: "not-found",
    });
    expect(router().match("POST", "/calling/callConnections/:transferToParticipant")).toEqual({ kind: "not-found" });
  });

  it("percent-decodes ids holding ':' and '/' after matching the raw path", () => {
    const m = router().match("POST", `/calling/callConnections/${encodeURIComponent("a:b/c d")}:transferToParticipant`);
    expect(m).toEqual({ kind: "found", route: "transfer", params: { callConnectionId: "a:b/c d" } });
  });

  it("takes an unencoded colon inside the id, anchoring the literal at the end of the segment", () => {
    const m = router().match("POST", "/calling/callConnections/a:b:transferToParticipant");
    expect(m).toMatchObject({ params: { callConnectionId: "a:b" } });
  });

  it("never lets a parameter span a '/'", () => {
    expect(router().match("POST", "/calling/callConnections/a/b:transferToParticipant")).toEqual({ kind: "not-found" });
    expect(router().match("POST", "/calling/callConnections/abc:transferToParticipant/")).toEqual({
      kind: "not-found",
    });
  });

  it("reports the allowed methods when only the method differs", () => {
    expect(router().match("GET", "/calling/callConnections/abc:transferToParticipant")).toEqual({
      kind: "method-not-allowed",
      allow: ["POST"],
    });
  });

  it("matches several parameters in separate segments", () => {
    expect(router().match("GET", "/calls/x/parts/y%20z")).toEqual({
      kind: "found",
      route: "part",
      params: { a: "x", b: "y z" },
    });
  });

  it("answers a malformed percent-encoding with a 400 naming the parameter", () => {
    try {
      router().match("POST", "/calling/callConnections/%E0%A4%A:transferToParticipant");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).target).toBe("callConnectionId");
    }
  });

  it("escapes regular-expression characters in literal text", () => {
    const { pattern } = compileTemplate("/a.b/{x}");
    expect(pattern.test("/a.b/1")).toBe(true);
    expect(pattern.test("/aXb/1")).toBe(false);
  });

  it("splits the request-target at the first '?'", () => {
    expect(splitTarget("/p?a=1?b")).toEqual({ path: "/p", query: "a=1?b" });
    expect(splitTarget("/p")).toEqual({ path: "/p", query: "" });
  });

  it("turns a failed match into 404 or 405 in the API's error format", () => {
    const notFound = routeError({ kind: "not-found" }, "POST", "/nope");
    expect([notFound.status, notFound.code]).toEqual([404, "NotFound"]);
    const notAllowed = routeError({ kind: "method-not-allowed", allow: ["POST"] }, "PUT", "/x");
    expect([notAllowed.status, notAllowed.code, notAllowed.headers.allow]).toEqual([405, "MethodNotAllowed", "POST"]);
    expect(notAllowed.toResponseBody().error.message).toContain("POST");
  });
});
