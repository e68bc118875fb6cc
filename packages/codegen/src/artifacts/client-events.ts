import { eventSchemaByType } from "../schemas/validator-exports.js";
import { STANDALONE_VALIDATORS } from "../tools.js";
import { GENERATED_BANNER, type GeneratedFile, latestVersion, type SpecDocuments } from "../types.js";
import { callInWorker } from "../workers.js";

const OUTPUT = "packages/client/src/generated/transfer-events.gen.ts";

/**
 * The client's validators of the transfer callback events: Ajv standalone code for each event
 * schema the newest api-version's `TransferEvent` discriminator maps to (compiled like the server's request
 * validators, see schemas/), exported as one table, CloudEvent type → validator. A TypeScript
 * module, so the client's build emits it with the rest of its sources: the compiled code is
 * plain JavaScript and is not type-checked, the table's declared type is what callers see.
 */
export async function clientEvents(spec: SpecDocuments): Promise<GeneratedFile[]> {
  const doc = latestVersion(spec)["3.0.0"];
  const types = Object.keys(eventSchemaByType(doc)).map((t) => JSON.stringify(t));
  const code = await callInWorker<string>(STANDALONE_VALIDATORS, "eventValidatorsModule", doc);
  const tail = /export\s*\{\s*([\w$]+) as default\s*\};\s*$/;
  const local = tail.exec(code)?.[1];
  if (!local) throw new Error("client event validators: the bundle does not end with its default export");
  const content =
    GENERATED_BANNER +
    "// @ts-nocheck\n" +
    `import type { EventValidator } from "../json-schema.js";\n\n` +
    code.replace(tail, "") +
    "\n/** CloudEvent `type` → the validator of that event's schema (the TransferEvent discriminator mapping). */\n" +
    `export const transferEventValidators: Readonly<Record<${types.join(" | ")}, EventValidator>> = ${local};\n`;
  return [{ path: OUTPUT, content }];
}
