// The second operation the "add an operation" journey adds to the spec: upstream's
// `POST /calling/callConnections/{callConnectionId}/participants:mute` (CallConnection_Mute), with
// its repeatability headers, a sealed request of identifiers and a 200 `MuteParticipantsResult`.
// Declared as the transfer is (spec/transfer-versions.tsp): a template instantiated once per
// api-version it is in, each with an example valid in that version.
import { versionMember as member } from "./new-api-version.js";

/**
 * spec/mute.tsp, formatted as `tsp format` does, declaring the operation in the given api-versions
 * (consecutive, oldest first, up to the newest): it is `@added` in the first one.
 */
export function muteSpec(apiVersions: readonly string[]): string {
  const declarations = apiVersions.map((apiVersion, i) => {
    const id = member(apiVersion);
    const next = apiVersions[i + 1];
    return [
      `  @added(Versions.${id})`,
      ...(next ? [`  @removed(Versions.${member(next)})`] : []),
      "  @opExample(",
      "    #{",
      `      parameters: #{ apiVersion: Versions.${id}, ...muteExample },`,
      "      returnType: muted,",
      "    },",
      "    muteTitle",
      "  )",
      `  mute${id.slice(1)} is Mute<ApiVersion>;`,
    ].join("\n");
  });
  return `import "@typespec/http";
import "@typespec/openapi";
import "@typespec/versioning";
import "./api-version.tsp";
import "./identifiers.tsp";
import "./errors.tsp";
import "./scalars.tsp";

using Http;
using OpenAPI;
using Versioning;

namespace Azure.Communication.CallAutomation;

/** The request payload for muting participants from the call. */
model MuteParticipantsRequest {
  ...Record<never>;

  /** Participants to be muted from the call. Only ACS Users are supported. */
  targetParticipants: CommunicationIdentifierModel[];

  /** Used by customers when calling mid-call actions to correlate the request to the response event. */
  operationContext?: string;
}

/** The result payload for muting participants from the call. */
model MuteParticipantsResult {
  ...Record<never>;

  /** The operation context provided by client. */
  operationContext?: string;
}

/** The participants were muted. */
model MuteParticipantsOk {
  /** Always 200. */
  @statusCode statusCode: 200;

  /** The operation context the request carried. */
  @body body: MuteParticipantsResult;
}

/** Mute participants from the call using identifier. */
@summary("Mute participants from the call using identifier.")
@operationId("CallConnection_Mute")
@route("/calling/callConnections/{callConnectionId}/participants:mute")
@sharedRoute
@post
op Mute<Version extends ApiVersion>(
  /** Version of the API to invoke. */
  @query("api-version") apiVersion: Version,

  /** The call connection id. */
  @path callConnectionId: string,

  /** If specified, the client directs that the request is repeatable: a version 4 (random) UUID. */
  @header("Repeatability-Request-ID") repeatabilityRequestID?: uuid,

  /** When the request was first created, as an IMF-fixdate HTTP-date; required with Repeatability-Request-ID. */
  @header("Repeatability-First-Sent")
  @encode(DateTimeKnownEncoding.rfc7231)
  repeatabilityFirstSent?: utcDateTime,

  /** The participants to be muted from the call. */
  @body muteParticipantsRequest: MuteParticipantsRequest,
): MuteParticipantsOk | CommunicationErrorResponse;

const muteExample = #{
  callConnectionId: "18dea47f-b081-4107-9a5c-4300819d2c6c",
  muteParticipantsRequest: #{
    targetParticipants: #[
      #{
        kind: "communicationUser",
        communicationUser: #{
          id: "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce",
        },
      }
    ],
    operationContext: "muting",
  },
};
const muted = #{ statusCode: 200, body: #{ operationContext: "muting" } };
const muteTitle = #{
  title: "CallConnection_Mute",
  description: "Mute an ACS user.",
};

/** Participants of an established call connection. */
@tag("MidConnections")
interface CallConnectionParticipants {
${declarations.join("\n\n")}
}
`;
}
