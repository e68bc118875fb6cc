import { describe, expectTypeOf, it } from "vitest";
import {
  errorResponse,
  type OperationHandlers,
  type TransferToParticipantInput,
  type TransferToParticipantResult,
  type TransferToParticipantVersionInput,
} from "../src/index.js";

// Type-level checks of the generated handler interface: these fail `pnpm typecheck` if the surface regresses.
describe("generated handler types", () => {
  it("type the input from the spec", () => {
    expectTypeOf<TransferToParticipantInput["path"]>().toEqualTypeOf<{ callConnectionId: string }>();
    expectTypeOf<TransferToParticipantInput["apiVersion"]>().toEqualTypeOf<
      "2023-03-06" | "2023-10-15" | "2024-04-15" | "2024-09-15" | "2025-05-15" | "2025-06-15" | "2026-03-12"
    >();
    // Each member is typed by its own version's document, discriminated by apiVersion.
    type V2024 = Extract<TransferToParticipantInput, { apiVersion: "2024-09-15" }>;
    expectTypeOf<V2024["query"]["api-version"]>().toEqualTypeOf<"2024-09-15">();
    expectTypeOf<V2024>().toEqualTypeOf<TransferToParticipantVersionInput<"2024-09-15">>();
    // 2024-09-15 has no Teams Phone details in the custom calling context; 2026-03-12 has.
    type Context<V extends "2024-09-15" | "2026-03-12"> = NonNullable<
      TransferToParticipantVersionInput<V>["body"]["customCallingContext"]
    >;
    expectTypeOf<"teamsPhoneCallDetails">().toMatchTypeOf<keyof Context<"2026-03-12">>();
    expectTypeOf<"teamsPhoneCallDetails" extends keyof Context<"2024-09-15"> ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<TransferToParticipantInput["body"]["operationContext"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TransferToParticipantInput["headers"]["Repeatability-Request-ID"]>().toEqualTypeOf<
      string | undefined
    >();
  });

  it("accept the 202 success and error results, and refuse anything else", () => {
    const ok: TransferToParticipantResult = { status: 202, body: { operationContext: "x" } };
    const notFound: TransferToParticipantResult = errorResponse(404, "CallNotFound", "no such call");
    // @ts-expect-error 200 is neither the declared success nor an error status
    const wrongStatus: TransferToParticipantResult = { status: 200, body: {} };
    // @ts-expect-error the success body has no such property
    const wrongBody: TransferToParticipantResult = { status: 202, body: { operationContext: 1 } };
    // @ts-expect-error an error result needs the API's error body
    const wrongError: TransferToParticipantResult = { status: 404, body: { message: "x" } };
    void [ok, notFound, wrongStatus, wrongBody, wrongError];
  });

  it("require one handler per operation", () => {
    expectTypeOf<keyof OperationHandlers>().toEqualTypeOf<"transferToParticipant">();
  });
});
