import { describe, expect, it } from "vitest";
import { ACCEPTED_RESULT, CallRules, DEFAULT_FAILED_RESULT, deriveCorrelationId } from "../src/call-rules.js";
import { identifierNames, rawIdOf } from "../src/identifiers.js";

const rules = (overrides = {}) =>
  new CallRules({ undeclaredCalls: "active", calls: [], failingTargets: [], builtInFailRule: true, ...overrides });

describe("call rules", () => {
  it("derives raw ids as the service does for every identifier kind", () => {
    expect(rawIdOf({ communicationUser: { id: "8:acs:u" } })).toBe("8:acs:u");
    expect(rawIdOf({ phoneNumber: { value: "+14255550123" } })).toBe("4:+14255550123");
    expect(rawIdOf({ microsoftTeamsUser: { userId: "t" } })).toBe("8:orgid:t");
    expect(rawIdOf({ microsoftTeamsUser: { userId: "t", cloud: "dod" } })).toBe("8:dod:t");
    expect(rawIdOf({ microsoftTeamsUser: { userId: "t", isAnonymous: true } })).toBe("8:teamsvisitor:t");
    expect(rawIdOf({ microsoftTeamsApp: { appId: "a", cloud: "gcch" } })).toBe("28:gcch:a");
    expect(rawIdOf({ rawId: "given", phoneNumber: { value: "+1" } })).toBe("given");
    expect(identifierNames({ rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } })).toEqual([
      "4:+14255550123",
      "+14255550123",
    ]);
  });

  it("fails configured targets by any of their names, with their own result", () => {
    const r = rules({
      failingTargets: [{ target: "+14255550123", resultInformation: { code: 486 } }, { target: "8:orgid:t" }],
    });
    expect(r.outcomeFor({ phoneNumber: { value: "+14255550123" } })).toEqual({
      outcome: "failed",
      resultInformation: { code: 486 },
    });
    expect(r.outcomeFor({ rawId: "4:+14255550123" })).toEqual({ outcome: "failed", resultInformation: { code: 486 } });
    expect(r.outcomeFor({ microsoftTeamsUser: { userId: "t" } })).toEqual({
      outcome: "failed",
      resultInformation: DEFAULT_FAILED_RESULT,
    });
    expect(r.outcomeFor({ phoneNumber: { value: "+14255550124" } })).toEqual({
      outcome: "accepted",
      resultInformation: ACCEPTED_RESULT,
    });
  });

  it("applies the built-in rule: 'fail' in an id, or a phone number ending in 0000", () => {
    const r = rules();
    expect(r.outcomeFor({ communicationUser: { id: "8:acs:Fail-me" } }).outcome).toBe("failed");
    expect(r.outcomeFor({ microsoftTeamsApp: { appId: "failing-bot" } }).outcome).toBe("failed");
    expect(r.outcomeFor({ phoneNumber: { value: "+14255550000" } }).outcome).toBe("failed");
    expect(r.outcomeFor({ phoneNumber: { value: "+14255550001" } }).outcome).toBe("accepted");
    expect(rules({ builtInFailRule: false }).outcomeFor({ phoneNumber: { value: "+14255550000" } }).outcome).toBe(
      "accepted",
    );
  });

  it("finds undeclared calls unless told not to, and never finds a disconnected one", () => {
    const calls = [
      { callConnectionId: "known", correlationId: "c0ffee00-0000-4000-8000-000000000000" },
      { callConnectionId: "gone", state: "disconnected" as const },
    ];
    expect(rules({ calls }).lookupCall("anything")).toMatchObject({
      found: true,
      call: { correlationId: deriveCorrelationId("anything") },
    });
    expect(rules({ calls }).lookupCall("known")).toMatchObject({
      found: true,
      call: { correlationId: "c0ffee00-0000-4000-8000-000000000000" },
    });
    expect(rules({ calls }).lookupCall("gone")).toEqual({ found: false, reason: "disconnected" });
    expect(rules({ calls, undeclaredCalls: "notFound" }).lookupCall("anything")).toEqual({
      found: false,
      reason: "undeclared",
    });
  });
});
