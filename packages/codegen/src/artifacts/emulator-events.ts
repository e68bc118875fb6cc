import { responseShapes } from "../schemas/response-shapes.js";
import { eventSchemaByType } from "../schemas/validator-exports.js";
import { GENERATED_BANNER, type GeneratedFile, type SpecDocuments } from "../types.js";

const OUTPUT = "packages/emulator/src/generated/event-shapes.gen.ts";

/**
 * The transfer events of each api-version as the emulator shapes what it delivers: per version,
 * CloudEvent type → event schema (its `TransferEvent` mapping) and those schemas reduced to their
 * declared properties (the server's response shapes), so an event caused by a request of one
 * version carries only the fields that version's event schema declares.
 */
export function emulatorEvents(spec: SpecDocuments): GeneratedFile[] {
  const versions = spec.map((v) => {
    const byType = eventSchemaByType(v["3.0.0"]);
    const shapes = responseShapes(v["3.0.0"], [...new Set(Object.values(byType))].sort());
    return `  ${JSON.stringify(v.apiVersion)}: {\n    schemaByType: ${JSON.stringify(byType)},\n    shapes: ${JSON.stringify(shapes)},\n  },`;
  });
  const content =
    GENERATED_BANNER +
    `import type { SchemaShape } from "@transfer-call/server";\n\n` +
    "/** One api-version's transfer events: CloudEvent type → schema name, and the schemas' shapes. */\n" +
    "export interface VersionEvents {\n" +
    "  schemaByType: Readonly<Record<string, string>>;\n" +
    "  shapes: Readonly<Record<string, SchemaShape>>;\n" +
    "}\n\n" +
    "/** Each api-version → its transfer events. */\n" +
    `export const eventsByVersion: Readonly<Record<string, VersionEvents>> = {\n${versions.join("\n")}\n};\n`;
  return [{ path: OUTPUT, content }];
}
