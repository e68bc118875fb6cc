// @transfer-call/codegen: the generator behind `pnpm generate`, and the one interpreter of the
// spec's schemas for anything that validates, shapes or declares data from them. Validation in
// process is the `@transfer-call/codegen/validation` entry (see validation.ts).

export { clientMethodsModule } from "./artifacts/client-methods.js";
export { emulatorDocument } from "./artifacts/emulator-document.js";
export { type OperationModel, readOperations } from "./artifacts/server-operations.js";
export { OWNED_DIRS, openApiFiles, STEPS } from "./artifacts.js";
export { moveCallbacks } from "./callbacks.js";
export { type Mode, main } from "./cli.js";
export { checkSpecFormatting, compileSpec, formatProblem, SpecCompileError, type SpecProblem } from "./compile-spec.js";
export { generateAndLint, generateFiles } from "./generate.js";
export { formatFinding, type LintFinding } from "./lint/findings.js";
export { createLinter } from "./lint/spectral.js";
export { applyDrift, type Drift, findDrift } from "./outputs.js";
export { FORMATS } from "./schemas/formats.js";
export { fastifySchemas, LOCATIONS, type Location, requestSchemas } from "./schemas/request-schemas.js";
export { responseShapes, type Shape } from "./schemas/response-shapes.js";
export { NOT_SUMMARY, SPEC_ID, specSchema, summarizeNot, toSpecRefs } from "./schemas/spec-schemas.js";
export { eventValidatorsModule, validatorsModule } from "./schemas/standalone-validators.js";
export { eventSchemaByType, validatorName, validatorsDeclarations } from "./schemas/validator-exports.js";
export { preloadTools } from "./tools.js";
export {
  GENERATED_BANNER,
  type GeneratedFile,
  latestVersion,
  OPENAPI_VERSIONS,
  type OpenApiDocument,
  type OpenApiDocuments,
  type OpenApiVersion,
  openApiFile,
  type SpecDocuments,
  type VersionDocuments,
} from "./types.js";
