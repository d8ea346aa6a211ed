/**
 * The browser's stand-in for the Electron preload: the same WarroomApi, carried over socket.io to
 * `warroom serve --ui`. No DOM access here, so integration tests run it in Node against the real
 * server.
 */
import { io, type Socket } from 'socket.io-client';
import {
  METHOD_NAMES,
  WEB_NAMESPACE,
  WarroomError,
  unwrap,
  type Envelope,
  type EventName,
  type EventPayloads,
  type WarroomApi,
} from '../../shared/api';
import { CALL_EVENT, type WebClientToServerEvents, type WebServerToClientEvents } from '../../shared/web';
import type { Bridge, Connection } from './connection';

export interface SocketBridgeOptions {
  /** Origin of the console, e.g. http://127.0.0.1:7311. */
  readonly origin: string;
  readonly token: string | null;
  /** A call unanswered for this long fails instead of leaving the UI waiting forever. */
  readonly callTimeoutMs?: number;
}

type WebSocketClient = Socket<WebServerToClientEvents, WebClientToServerEvents>;

export interface SocketBridge extends Bridge {
  close(): void;
}

export function createSocketBridge(options: SocketBridgeOptions): SocketBridge {
  const timeoutMs = options.callTimeoutMs ?? 10_000;
  const socket: WebSocketClient = io(options.origin + WEB_NAMESPACE, {
    auth: { token: options.token ?? '' },
    // Same-origin and local: no long-polling detour before the WebSocket upgrade.
    transports: ['websocket'],
  });

  let connection: Connection = { state: 'connecting', message: 'Connecting to the Warroom service…' };
  const listeners = new Set<(connection: Connection) => void>();
  /** Calls in flight, so a refused handshake fails them at once instead of at their timeout. */
  const pending = new Set<(error: Error) => void>();

  const setConnection = (next: Connection): void => {
    connection = next;
    if (next.state === 'unauthorized') {
      for (const reject of pending) reject(new WarroomError('unauthorized', next.message ?? 'unauthorized'));
      pending.clear();
    }
    for (const listener of listeners) listener(next);
  };

  socket.on('connect', () => setConnection({ state: 'connected', message: null }));
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    setConnection({ state: 'disconnected', message: 'Connection to the Warroom service lost; reconnecting…' });
  });
  socket.on('connect_error', (error) => {
    // An inactive socket after connect_error means the server refused the handshake (wrong
    // token): retrying cannot help. An active one is still retrying a transport failure.
    if (!socket.active) setConnection({ state: 'unauthorized', message: error.message });
    else setConnection({ state: 'disconnected', message: 'Cannot reach the Warroom service; retrying…' });
  });

  async function call(method: string, args: unknown): Promise<unknown> {
    if (connection.state === 'unauthorized') {
      throw new WarroomError('unauthorized', connection.message ?? 'unauthorized');
    }
    const envelope = await new Promise<Envelope<unknown>>((resolve, reject) => {
      pending.add(reject);
      socket
        .timeout(timeoutMs)
        .emitWithAck(CALL_EVENT, method, args)
        .then(resolve, () =>
          reject(
            new WarroomError(
              'internal',
              `No answer from the Warroom service to ${method} within ${timeoutMs / 1000} s; check the connection and retry.`,
            ),
          ),
        )
        .finally(() => pending.delete(reject));
    });
    if (!isEnvelope(envelope)) throw new WarroomError('internal', `Malformed reply to ${method}`);
    return unwrap(envelope);
  }

  const on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): (() => void) => {
    // socket.io's typed `on` cannot follow a generic event name; the server pairs them correctly.
    const untyped = socket as unknown as {
      on(event: string, listener: (payload: unknown) => void): void;
      off(event: string, listener: (payload: unknown) => void): void;
    };
    const relay = (payload: unknown): void => listener(payload as EventPayloads[E]);
    untyped.on(event, relay);
    return () => untyped.off(event, relay);
  };

  const methods = Object.fromEntries(METHOD_NAMES.map((name) => [name, (args: unknown) => call(name, args)]));
  // fromEntries cannot carry the per-method types; METHOD_NAMES covers every key of WarroomApi.
  const api = Object.freeze({ ...methods, on }) as unknown as WarroomApi;

  return {
    kind: 'socket',
    api,
    connection: () => connection,
    onConnection(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      socket.disconnect();
    },
  };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
