/**
 * The wire protocol of the browser bridge (`warroom serve --ui`): the socket.io events both
 * src/main/web and the renderer's socket bridge speak, on namespace WEB_NAMESPACE of api.ts.
 * Pure types and constants, so both sides can import it.
 */
import type { Envelope, EventName, EventPayloads } from './api';

/** Query parameter of the console URL that carries the per-run access token. */
export const TOKEN_QUERY_PARAM = 'token';

/** Client -> server: run one contract method; the ack receives its envelope. */
export const CALL_EVENT = 'call';

/** Message of the handshake refusal, shown to the user as is. */
export const UNAUTHORIZED_MESSAGE =
  'Access denied: the access token is missing or wrong. Open the exact URL printed by `warroom serve --ui`.';

/** Server -> client: every contract event is emitted under its own name with its payload. */
export type WebServerToClientEvents = {
  [E in EventName]: (payload: EventPayloads[E]) => void;
};

/** Client -> server, as the client sends it (the server re-validates everything it receives). */
export interface WebClientToServerEvents {
  call: (method: string, args: unknown, ack: (envelope: Envelope<unknown>) => void) => void;
}

/** What the client passes in the socket.io handshake `auth` field. */
export interface WebAuth {
  readonly token: string;
}
