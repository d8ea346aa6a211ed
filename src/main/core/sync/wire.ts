/**
 * One authenticated socket.io connection, host side or joiner side, behind the few operations
 * the protocol uses. Both socket classes have the same API; this also gives tests one seam to
 * inject faults (duplicates, lost acks, late delivery) without touching the protocol code.
 */

export interface Wire {
  /** For logs: `<peer id>@<address>`. */
  readonly label: string;
  readonly connected: boolean;
  /** Emit with an acknowledgement; rejects on timeout or disconnect. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  notify(event: string, payload: unknown): void;
  /** The handler's return value is the acknowledgement. */
  onRequest(event: string, handler: (payload: unknown) => unknown): void;
  onNotify(event: string, handler: (payload: unknown) => void): void;
  /** Anything malformed at the transport level: unknown events, missing acks, extra arguments. */
  onMalformed(handler: (what: string) => void): void;
  onClose(handler: (reason: string) => void): void;
  close(reason: string): void;
}

/** The part of socket.io's server and client Socket classes used here. */
export interface SocketLike {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  disconnect(close?: boolean): unknown;
}

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error']);

export function socketWire(socket: SocketLike, label: string): Wire {
  const known = new Set<string>();
  const malformed: ((what: string) => void)[] = [];
  const report = (what: string): void => {
    for (const h of malformed) h(what);
  };
  socket.onAny((event: unknown) => {
    if (typeof event !== 'string' || (!known.has(event) && !RESERVED.has(event))) {
      report(`unknown event ${String(event).slice(0, 40)}`);
    }
  });
  return {
    label,
    get connected() {
      return socket.connected;
    },
    request: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload),
    notify: (event, payload) => void socket.emit(event, payload),
    onRequest(event, handler) {
      known.add(event);
      socket.on(event, (...args: unknown[]) => {
        const ack = args[1];
        if (args.length !== 2 || typeof ack !== 'function') {
          report(`${event} without a single payload and an acknowledgement`);
          return;
        }
        (ack as (value: unknown) => void)(handler(args[0]));
      });
    },
    onNotify(event, handler) {
      known.add(event);
      socket.on(event, (...args: unknown[]) => {
        if (args.length !== 1) {
          report(`${event} with ${args.length} arguments`);
          return;
        }
        handler(args[0]);
      });
    },
    onMalformed: (handler) => void malformed.push(handler),
    onClose: (handler) => void socket.on('disconnect', (reason: unknown) => handler(String(reason))),
    close: () => void socket.disconnect(true),
  };
}
