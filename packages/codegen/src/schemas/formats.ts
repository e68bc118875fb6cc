// The string and number formats the spec uses, in one table: what each applies to and which
// implementation checks it. The server package's own checks (its `string-formats` export) are
// the implementations wherever they can be imported; ajv-formats' full checks otherwise.

type OwnCheck = "isCanonicalUuid" | "isCommonUri" | "isImfFixdate";

export interface FormatSpec {
  /** The JSON type the format constrains. */
  type: "string" | "number";
  /** The export of @transfer-call/server/string-formats that is the check. */
  own?: OwnCheck;
  /** An export of it that accepts the common shape fast, with `full` deciding the rest. */
  fastPath?: OwnCheck;
  /** The ajv-formats `fullFormats` entry that checks it (where `own` cannot be imported). */
  full?: string;
}

export const FORMATS: Readonly<Record<string, FormatSpec>> = {
  uri: { type: "string", fastPath: "isCommonUri", full: "uri" },
  uuid: { type: "string", own: "isCanonicalUuid", full: "uuid" },
  "http-date": { type: "string", own: "isImfFixdate" },
  "date-time": { type: "string", full: "date-time" },
  int32: { type: "number", full: "int32" },
  int64: { type: "number", full: "int64" },
};

type Check = (value: any) => boolean;
/** A format as Ajv takes it: a function for strings, a typed definition for numbers. */
export type AjvFormat = Check | { type: "number"; validate: Check };

const asAjvFormat = (spec: FormatSpec, validate: Check): AjvFormat =>
  spec.type === "number" ? { type: "number", validate } : validate;

/** The formats as live functions, from the server's checks and ajv-formats' (for validating in process). */
export function liveFormats(own: Record<OwnCheck, Check>, full: Record<string, unknown>): Record<string, AjvFormat> {
  const fullCheck = (name: string | undefined): Check | undefined => {
    const entry = name === undefined ? undefined : full[name];
    const inner = entry && typeof entry === "object" && "validate" in entry ? entry.validate : entry;
    if (inner instanceof RegExp) return (value: string) => inner.test(value);
    return typeof inner === "function" ? (inner as Check) : undefined;
  };
  return Object.fromEntries(
    Object.entries(FORMATS).map(([name, spec]) => {
      const second = fullCheck(spec.full);
      const fast = spec.fastPath && own[spec.fastPath];
      const validate = spec.own ? own[spec.own] : fast && second ? (v: any) => fast(v) || second(v) : second;
      if (!validate) throw new Error(`format "${name}" has no implementation`);
      return [name, asAjvFormat(spec, validate)];
    }),
  );
}

/**
 * The formats as Ajv sees them while it writes standalone code: that code calls the functions of
 * the formats module below, so Ajv only needs each format's type here.
 */
export function declaredFormats(): Record<string, AjvFormat> {
  return Object.fromEntries(Object.entries(FORMATS).map(([name, spec]) => [name, asAjvFormat(spec, () => true)]));
}

/**
 * The source of the module standalone validators take their formats from: only the `used`
 * formats, the server's checks imported from `ownFrom` at run time, or, without it, ajv-formats'
 * full checks alone (bundled in).
 */
export function formatsModuleSource(used: string[], ownFrom: string | undefined): string {
  const imports = new Set<string>();
  const fulls: string[] = [];
  const entries = [...used].sort().map((name) => {
    const spec = FORMATS[name];
    if (!spec) throw new Error(`format "${name}" is not one the generator knows (see schemas/formats.ts)`);
    const key = JSON.stringify(name);
    // ajv-formats gives a string format as a function, a RegExp or `{ validate }`: asCheck makes it a function.
    if (ownFrom && spec.own) {
      imports.add(spec.own);
      return `${key}: ${spec.own}`;
    }
    const entry = spec.full && `fullFormats[${JSON.stringify(spec.full)}]`;
    let full = entry;
    if (entry && spec.type === "string") {
      full = `full${fulls.length}`;
      fulls.push(`const ${full} = asCheck(${entry});`);
    }
    if (!full) throw new Error(`format "${name}" needs the server's own check, which this module cannot import`);
    if (ownFrom && spec.fastPath) {
      imports.add(spec.fastPath);
      return `${key}: (value) => ${spec.fastPath}(value) || ${full}(value)`;
    }
    return `${key}: ${full}`;
  });
  return [
    `import { fullFormats } from "ajv-formats/dist/formats.js";`,
    ...(imports.size ? [`import { ${[...imports].sort().join(", ")} } from ${JSON.stringify(ownFrom)};`] : []),
    `const asCheck = (f) => (typeof f === "function" ? f : f instanceof RegExp ? (v) => f.test(v) : asCheck(f.validate));`,
    ...fulls,
    `export const formats = { ${entries.join(", ")} };`,
  ].join("\n");
}
