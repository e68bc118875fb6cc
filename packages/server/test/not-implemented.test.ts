import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createTransferService,
  listen,
  type OperationId,
  operationsExcept,
  type RunningServer,
  silentLogger,
} from "../src/index.js";

const TRANSFER = "CallConnection_TransferToParticipant";
const transferUrl = (base: string) => `${base}/calling/callConnections/c1:transferToParticipant?api-version=2026-03-12`;
const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("operations a service declares not implemented", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const service = createTransferService({
      handlers: {},
      notImplemented: [TRANSFER],
      auth: false,
      logger: silentLogger,
    });
    server = await listen(service, { host: "127.0.0.1", port: 0 });
  });
  afterAll(() => server.close());

  it("answer 501 NotImplemented in the API's error format, naming the operationId", async () => {
    const response = await post(transferUrl(server.url), {
      targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } },
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      error: {
        code: "NotImplemented",
        message: "The operation CallConnection_TransferToParticipant is not implemented by this service yet.",
      },
    });
  });

  it("are still routed and validated first: a bad body is a 400 naming the field", async () => {
    const response = await post(transferUrl(server.url), { targetParticipant: {}, operationCallbakUri: "x" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.target).toBe("operationCallbakUri");
  });
});

describe("an operation neither implemented nor declared", () => {
  it("stops the service from starting, naming the operation and the two fixes", () => {
    expect(() => createTransferService({ handlers: {} as never, auth: false })).toThrow(
      'The service has no handler for CallConnection_TransferToParticipant (POST /calling/callConnections/{callConnectionId}:transferToParticipant): add handlers.transferToParticipant, or list "CallConnection_TransferToParticipant" in notImplemented to answer 501 until it is implemented',
    );
  });

  it("refuses an operationId the spec does not have, and one both implemented and declared", () => {
    const notInSpec = ["CallConnection_Mute"] as never[];
    expect(() => createTransferService({ handlers: {} as never, notImplemented: notInSpec, auth: false })).toThrow(
      "notImplemented lists CallConnection_Mute, which is not an operation of the spec (CallConnection_TransferToParticipant)",
    );
    const both = { transferToParticipant: () => ({ status: 202 as const, body: {} }) } as never;
    expect(() => createTransferService({ handlers: both, notImplemented: [TRANSFER], auth: false })).toThrow(
      "handlers.transferToParticipant implements CallConnection_TransferToParticipant, which notImplemented also lists: remove one of the two",
    );
  });

  it("is a type error; the declaration is checked against the spec's operationIds", () => {
    const check = () => {
      // @ts-expect-error transferToParticipant is neither implemented nor declared
      createTransferService({ handlers: {}, auth: false });
      // @ts-expect-error not an operationId of the spec
      createTransferService({ handlers: {}, notImplemented: ["CallConnection_Mute"], auth: false });
      createTransferService({ handlers: {}, notImplemented: [TRANSFER], auth: false });
      createTransferService({ handlers: {}, notImplemented: operationsExcept(), auth: false });
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<OperationId>().toEqualTypeOf<"CallConnection_TransferToParticipant">();
    expectTypeOf(operationsExcept(TRANSFER)).toEqualTypeOf<never[]>();
  });

  it("operationsExcept lists every operation of the spec but the given ones", () => {
    expect(operationsExcept()).toEqual([TRANSFER]);
    expect(operationsExcept(TRANSFER)).toEqual([]);
  });
});
