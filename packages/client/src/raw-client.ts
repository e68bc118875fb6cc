import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./api-types.js";
import type { CallAutomationClient } from "./call-automation-client.js";

/**
 * The typed openapi-fetch client for every operation in the spec, sending the way `client`
 * sends (auth, retries, timeouts). A separate function, so that code that only transfers calls
 * does not bundle openapi-fetch.
 *
 * ```ts
 * const raw = createRawClient(client);
 * const { data, error } = await raw.POST("/calling/callConnections/{callConnectionId}:transferToParticipant", {...});
 * ```
 */
export function createRawClient(client: CallAutomationClient<boolean>): Client<paths> {
  return createClient<paths>({ baseUrl: client.endpoint, fetch: (request) => client.sendRequest(request) });
}
