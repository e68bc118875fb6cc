import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LATEST_API_VERSION } from "@transfer-call/client";
import { clientMethodsModule, readOperations } from "@transfer-call/codegen";
import { type BenchCase, round } from "../bench-case.js";
import { repoRoot } from "../repo-root.js";
import { bundleSize } from "./bundle-size.js";

/**
 * Tree-shaking of the generated operations: the browser bundle of an app that only transfers a
 * call, built from the client as it is and from a copy whose generated operations module also has a
 * second operation (upstream's CallConnection_Mute, with repeatability headers), made by the same
 * generator function `pnpm generate` runs. The goal is no growth at all. (The journey test,
 * test/journeys/add-operation.test.ts, does the same with the whole spec → generate chain.)
 */
const CLIENT_DIR = path.join(repoRoot(), "packages/client");
const DOCUMENT = path.join(repoRoot(), `spec/openapi/3.0.0/openapi.${LATEST_API_VERSION}.json`);
const APP = `import { CallAutomationClient } from "./src/index.ts";
export const go = (cs) => new CallAutomationClient(cs).transferToParticipant("id", { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } });`;

const bundle = (packageDir: string) => bundleSize(APP, "browser", packageDir);

export async function secondOperationCase(): Promise<BenchCase> {
  const doc = JSON.parse(await readFile(DOCUMENT, "utf8"));
  const [transfer] = readOperations(doc);
  if (!transfer) throw new Error(`${DOCUMENT} has no operation`);
  const mute = {
    ...transfer,
    operationId: "CallConnection_Mute",
    handlerName: "mute",
    typeName: "Mute",
    path: "/calling/callConnections/{callConnectionId}/participants:mute",
    summary: "Mute participants from the call using identifier.",
    success: { ...transfer.success, status: 200 },
  };
  const copy = await mkdtemp(path.join(os.tmpdir(), "bench-second-operation-"));
  try {
    await cp(path.join(CLIENT_DIR, "src"), path.join(copy, "src"), { recursive: true });
    await cp(path.join(CLIENT_DIR, "package.json"), path.join(copy, "package.json"));
    await symlink(path.join(CLIENT_DIR, "node_modules"), path.join(copy, "node_modules"), "dir");
    await writeFile(path.join(copy, "src/generated/client-methods.gen.ts"), clientMethodsModule(doc, [mute, transfer]));
    const [one, two] = await Promise.all([bundle(CLIENT_DIR), bundle(copy)]);
    return {
      name: "client: bundle of one transfer call, spec with one operation vs two (tree-shaking of generated operations)",
      metrics: {
        oneOperationMinBytes: one.min,
        twoOperationsMinBytes: two.min,
        oneOperationGzBytes: one.gz,
        twoOperationsGzBytes: two.gz,
      },
      ratio: { value: round(two.min / one.min, 4), goal: "= 1 (no growth)", ok: two.min === one.min },
    };
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
