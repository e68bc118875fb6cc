/** A JavaScript identifier for an api-version, e.g. `v2024_09_15` for 2024-09-15. */
export function versionIdentifier(apiVersion: string): string {
  return `v${apiVersion.replace(/\W/g, "_")}`;
}
