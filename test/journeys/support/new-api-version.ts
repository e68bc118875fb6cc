// A new newest api-version, added as the README journey "Add an api-version" says: a member of
// `Versions` and of the `ApiVersion` union (the previous member ended by `@removed`), and the
// transfer declared for it with an example (spec/transfer-versions.tsp), the previous declaration
// ended there too. The operation it brings is declared separately (mute-operation.ts).
import { edit } from "./scratch-repo.js";

/** The `Versions` member of an api-version: `2024-09-15` → `v2024_09_15`. */
export const versionMember = (apiVersion: string) => `v${apiVersion.replaceAll("-", "_")}`;

/** Adds `apiVersion` after `previous` (today's newest) to the spec of the repository at `dir`. */
export async function addApiVersion(dir: string, apiVersion: string, previous: string, doc: string): Promise<void> {
  const id = versionMember(apiVersion);
  const prev = versionMember(previous);
  await edit(
    dir,
    "spec/api-version.tsp",
    `  ${prev}: "${previous}",\n`,
    `  ${prev}: "${previous}",\n\n  /** ${doc} */\n  ${id}: "${apiVersion}",\n`,
  );
  await edit(
    dir,
    "spec/api-version.tsp",
    `  @added(Versions.${prev})\n  ${prev}: Versions.${prev},\n`,
    `  @added(Versions.${prev})\n  @removed(Versions.${id})\n  ${prev}: Versions.${prev},\n\n  @added(Versions.${id})\n  ${id}: Versions.${id},\n`,
  );
  await edit(
    dir,
    "spec/transfer-versions.tsp",
    `  @added(Versions.${prev})\n`,
    `  @added(Versions.${prev})\n  @removed(Versions.${id})\n`,
  );
  const declaration = `transferToParticipant${prev.slice(1)} is TransferToParticipant<ApiVersion>;\n`;
  await edit(
    dir,
    "spec/transfer-versions.tsp",
    declaration,
    `${declaration}
  @added(Versions.${id})
  @opExample(
    #{
      parameters: #{ apiVersion: Versions.${id}, ...E.upstream },
      returnType: E.upstreamAccepted,
    },
    E.upstreamTitle
  )
  transferToParticipant${id.slice(1)} is TransferToParticipant<ApiVersion>;
`,
  );
}
