// @transfer-call/codegen/validation: checking values against the spec's schemas in process, with
// the formats the generated validators use. Its own entry because those formats are the server
// package's TypeScript sources (@transfer-call/server/string-formats): importers run where the
// `source` export condition resolves them (vitest, `node --conditions=source --import tsx`),
// while the main entry stays loadable by plain Node.
export {
  createSchemaValidator,
  type SchemaValidator,
  schemaErrors,
  specAjvPlugin,
} from "./schemas/runtime-validator.js";
