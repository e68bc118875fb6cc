// A bench child for `pnpm bench emulator`: BENCH_EMULATOR_TARGET says which program runs in it.
// - "emulator": the emulator as `pnpm start` runs it (its configuration from the environment, its
//   JSON log lines on stdout), with the bench's access key and no simulated transfer delay;
// - "bare": a bare node:http program doing the same I/O per transfer: parse the body, answer 202,
//   POST a one-event CloudEvents array to the operationCallbackUri with a keep-alive agent.
// It reports its port over IPC and, when asked, its CPU time. It runs as an esbuild bundle.
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { configFromEnv, createJsonLogger, startEmulator } from "@transfer-call/emulator";
import { reportToParent, startBareTransfer } from "../server/child-side.js";
import { ACCESS_KEY } from "../server/load.js";

async function startTheEmulator(): Promise<number> {
  const emulator = await startEmulator({
    ...configFromEnv(process.env),
    host: "127.0.0.1",
    port: 0,
    accessKey: ACCESS_KEY,
    transferDelayMs: 0,
    logger: createJsonLogger({ level: "info" }),
  });
  return Number(new URL(emulator.endpoint).port);
}

async function startBare(): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  return startBareTransfer((target, body) => {
    const callId = decodeURIComponent(/callConnections\/([^:]+):/.exec(target)?.[1] ?? "");
    const resource = `calling/callConnections/${callId}`;
    const event = JSON.stringify([
      {
        specversion: "1.0",
        id: randomUUID(),
        source: resource,
        subject: resource,
        type: "Microsoft.Communication.CallTransferAccepted",
        time: new Date().toISOString(),
        datacontenttype: "application/json",
        data: {
          callConnectionId: callId,
          serverCallId: callId,
          correlationId: callId,
          operationContext: body.operationContext,
          resultInformation: { code: 202, subCode: 0, message: "The transfer was accepted." },
          transferTarget: body.targetParticipant,
        },
      },
    ]);
    const post = request(body.operationCallbackUri!, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(event) },
    });
    post.on("response", (answer) => answer.resume());
    post.on("error", () => {});
    post.end(event);
  });
}

if (process.env.BENCH_EMULATOR_TARGET && process.send) {
  reportToParent(await (process.env.BENCH_EMULATOR_TARGET === "bare" ? startBare() : startTheEmulator()));
}
