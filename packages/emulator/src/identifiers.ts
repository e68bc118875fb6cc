import type { CommunicationIdentifierModel } from "./spec-types.js";

/**
 * The raw id of an identifier: the one it carries, or the one the service derives from its kind
 * (`8:acs:…` users keep their id, `4:` + E.164 for phone numbers, `8:orgid:` / `8:dod:` /
 * `8:gcch:` / `8:teamsvisitor:` for Teams users, `28:orgid:` / `28:dod:` / `28:gcch:` for Teams apps).
 */
export function rawIdOf(identifier: CommunicationIdentifierModel): string {
  if (identifier.rawId) return identifier.rawId;
  if (identifier.communicationUser) return identifier.communicationUser.id;
  if (identifier.phoneNumber) return `4:${identifier.phoneNumber.value}`;
  if (identifier.microsoftTeamsUser) {
    const { userId, isAnonymous, cloud } = identifier.microsoftTeamsUser;
    if (isAnonymous) return `8:teamsvisitor:${userId}`;
    return `8:${cloudPrefix(cloud)}:${userId}`;
  }
  if (identifier.microsoftTeamsApp) {
    const { appId, cloud } = identifier.microsoftTeamsApp;
    return `28:${cloudPrefix(cloud)}:${appId}`;
  }
  return "";
}

/** Every string a rule may name an identifier by: its raw id and its nested id or phone number. */
export function identifierNames(identifier: CommunicationIdentifierModel): string[] {
  const rawId = rawIdOf(identifier);
  const names = [
    rawId,
    rawId.startsWith("4:") ? rawId.slice(2) : undefined,
    identifier.communicationUser?.id,
    identifier.phoneNumber?.value,
    identifier.microsoftTeamsUser?.userId,
    identifier.microsoftTeamsApp?.appId,
  ];
  return [...new Set(names.filter((name): name is string => typeof name === "string" && name !== ""))];
}

/** The identifier as the service echoes it in events: `kind` and `rawId` always filled in. */
export function normalizeIdentifier(identifier: CommunicationIdentifierModel): CommunicationIdentifierModel {
  return { ...identifier, kind: identifier.kind ?? kindOf(identifier), rawId: rawIdOf(identifier) };
}

function kindOf(identifier: CommunicationIdentifierModel): CommunicationIdentifierModel["kind"] {
  if (identifier.communicationUser) return "communicationUser";
  if (identifier.phoneNumber) return "phoneNumber";
  if (identifier.microsoftTeamsUser) return "microsoftTeamsUser";
  if (identifier.microsoftTeamsApp) return "microsoftTeamsApp";
  return "unknown";
}

function cloudPrefix(cloud: string | undefined): string {
  if (cloud === "dod") return "dod";
  if (cloud === "gcch") return "gcch";
  return "orgid";
}
