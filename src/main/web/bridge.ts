/**
 * The contract over socket.io for browser participants: namespace WEB_NAMESPACE, gated by the
 * per-run token in the handshake. Everything a socket sends is untrusted: the shape of a call is
 * checked here, its arguments by the service against the contract.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { WEB_NAMESPACE, type Envelope, type ErrorCode } from '../../shared/api';
import { CALL_EVENT, UNAUTHORIZED_MESSAGE, type WebServerToClientEvents } from '../../shared/web';
import type { Logger } from '../core/log';
import type { WarroomService } from '../core/service';
import { tokenMatches } from './token';

/** What the server listens to: typed as unknown on purpose, nothing a client sends is trusted. */
export interface WebListenEvents {
  [CALL_EVENT]: (...received: unknown[]) => void;
}

export type WebIoServer = Server<WebListenEvents, WebServerToClientEvents>;
type WebSocket = Socket<WebListenEvents, WebServerToClientEvents>;

export interface BridgeOptions {
  readonly service: WarroomService;
  readonly token: string;
  readonly log: Logger;
}

/** Wire the namespace to the service; returns a function that stops forwarding service events. */
export function attachBridge(io: WebIoServer, options: BridgeOptions): () => void {
  const { service, token, log } = options;

  // Nothing is served on the main namespace; refuse it rather than leave an open socket around.
  io.of('/').use((_socket, next) => next(new Error(`unknown namespace: use ${WEB_NAMESPACE}`)));

  const nsp: Namespace<WebListenEvents, WebServerToClientEvents> = io.of(WEB_NAMESPACE);
  nsp.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const candidate = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
    if (tokenMatches(candidate, token)) return next();
    log.warn('web: refused a connection with a missing or wrong token', { address: socket.handshake.address });
    next(Object.assign(new Error(UNAUTHORIZED_MESSAGE), { data: { code: 'unauthorized' satisfies ErrorCode } }));
  });

  nsp.on('connection', (socket: WebSocket) => {
    log.debug('web: client connected', { socket: socket.id, address: socket.handshake.address });
    socket.on(CALL_EVENT, (...received: unknown[]) => {
      handleCall(socket, received).catch((error: unknown) =>
        log.error('web: a call failed outside the service', { socket: socket.id, error: String(error) }),
      );
    });
    socket.onAny((event: unknown) => {
      if (event !== CALL_EVENT) log.warn('web: ignored an unknown event', { socket: socket.id, event: clip(event) });
    });
    socket.on('disconnect', (reason) => log.debug('web: client disconnected', { socket: socket.id, reason }));
  });

  async function handleCall(socket: WebSocket, received: unknown[]): Promise<void> {
    const ack = received.at(-1);
    if (typeof ack !== 'function') {
      log.warn('web: ignored a call without an acknowledgement callback', { socket: socket.id });
      return;
    }
    const reply = (envelope: Envelope<unknown>): void => {
      (ack as (envelope: Envelope<unknown>) => void)(envelope);
    };
    const [method, args] = received;
    if (received.length !== 3 || typeof method !== 'string') {
      log.warn('web: rejected a malformed call', { socket: socket.id, method: clip(method), items: received.length });
      reply(failure('invalid_argument', 'malformed call: expected (method: string, args, ack)'));
      return;
    }
    try {
      reply(await service.handle(method, args));
    } catch (error) {
      // The service promises never to throw; if it does, the caller still gets an answer.
      log.error('web: the service threw', { method: clip(method), error: String(error) });
      reply(failure('internal', 'internal error'));
    }
  }

  return service.subscribe((event, payload) => {
    // socket.io's typed emit cannot follow a generic event name; the service guarantees the pair.
    (nsp.emit as (event: string, payload: unknown) => boolean)(event, payload);
  });
}

function failure(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** For logs only: a client-sent value may be huge, or an object whose toString throws. */
function clip(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 64) : `<${typeof value}>`;
}
