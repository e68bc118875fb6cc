import { describe, expectTypeOf, it } from "vitest";
import {
  errorResponse,
  type OperationHandlers,
  type TransferToParticipantInput,
  type TransferToParticipantResult,
} from "../src/index.js";

// Type-level checks of the generated handler interface: these fail `pnpm typecheck` if the surface regresses.
describe("generated handler types", () => {
  it("type the input from the spec", () => {
    expectTypeOf<TransferToParticipantInput["path"]>().toEqualTypeOf<{ callConnectionId: string }>();
    expectTypeOf<TransferToParticipantInput["query"]["api-version"]>().toEqualTypeOf<"2024-09-15">();
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
