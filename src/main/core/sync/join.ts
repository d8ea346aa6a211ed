/**
 * Joining a room from a join link, and staying joined: each attempt fetches a fresh challenge
 * from the host, connects with a proof over it, checks the host's own proof in the hello
 * acknowledgement (so ops are never sent to an impostor), then hands the link to a session.
 * Lost links are retried forever with jittered exponential backoff; refusals that retrying
 * cannot fix (wrong key, another room) stop the attempts and are shown as they are.
 */
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import type { LinkState } from '../../../shared/contract/sync';
import { describeZodError } from '../../../shared/schemas';
import type { JoinLink } from '../../../shared/sync/link';
import type { Logger } from '../log';
import { clientProof, newNonce, proofMatches, serverProof } from './keys';
import {
  EVENTS,
  FINAL_REFUSALS,
  HelloAckSchema,
  NONCE_PATH,
  NonceResponseSchema,
  PROTOCOL_VERSION,
  RefusalDataSchema,
  SOCKET_PATH,
  type Hello,
  type JoinAuth,
} from './protocol';
import type { Replica } from './replica';
import type { Holdings, RoomScope } from './room-scope';
import type { RemotePeer } from './session';
import type { SyncTuning } from './tuning';
import { socketWire, type SocketLike, type Wire } from './wire';

export interface JoinDeps {
  readonly replica: Replica;
  /** The joined room's share of the log. */
  readonly scope: RoomScope;
  readonly log: Logger;
  readonly tuning: SyncTuning;
  readonly now: () => number;
  readonly identity: () => { name: string; role: string | null };
  /** The host proved itself: set up the session; returns its start and stop functions. */
  readonly accept: (wire: Wire, remote: RemotePeer) => { start: (remote: Holdings) => void; stop: () => void };
  /** State, error or remote identity changed. */
  readonly changed: () => void;
}

/** Why one attempt failed, and whether to keep trying. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly final: boolean,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

export class RoomJoin {
  state: LinkState = 'connecting';
  error: string | null = null;
  remote: RemotePeer | null = null;
  lastSyncAt: number | null = null;
  /** When the link was last lost (or first tried), for reconnecting -> offline and presence. */
  lostAt: number;
  private failures = 0;
  private socket: Socket | undefined;
  private stopSession: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly link: JoinLink,
    private readonly deps: JoinDeps,
  ) {
    this.lostAt = deps.now();
  }

  start(): void {
    this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopSession?.();
    this.socket?.disconnect();
    this.socket = undefined;
    await Promise.resolve();
  }

  /** Test seam: drop the transport as a network failure would; the link reconnects by itself. */
  dropConnection(): void {
    this.socket?.io.engine.close();
  }

  private attempt(): void {
    if (this.stopped) return;
    this.connect().catch((err: unknown) => {
      if (this.stopped) return;
      const e = err instanceof AttemptError ? err : new AttemptError(String(err), false);
      this.socket?.disconnect();
      this.socket = undefined;
      this.fail(e);
    });
  }

  private async connect(): Promise<void> {
    const { replica, tuning } = this.deps;
    const serverNonce = await fetchNonce(this.link, tuning.ackTimeoutMs);
    if (this.stopped) return;
    const clientNonce = newNonce();
    const peerId = replica.peerId;
    const proofInput = { roomId: this.link.roomId, serverNonce, clientNonce, clientPeerId: peerId };
    const auth: JoinAuth = {
      protocol: PROTOCOL_VERSION,
      roomId: this.link.roomId,
      peerId,
      serverNonce,
      clientNonce,
      proof: clientProof(this.link.roomKey, proofInput),
    };
    const socket = io(`http://${urlHost(this.link.host)}:${this.link.port}`, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: tuning.ackTimeoutMs,
      auth,
    });
    this.socket = socket;

    await new Promise<void>((resolve, reject) => {
      // socket.io's own timeout covers opening the transport, not the namespace handshake after
      // it: a host that goes away in between would leave this attempt waiting forever.
      const timer = setTimeout(
        () =>
          reject(
            new AttemptError(
              `${urlHost(this.link.host)}:${this.link.port} did not accept the connection in time.`,
              false,
            ),
          ),
        tuning.ackTimeoutMs,
      );
      let settled = false;
      const settle = (err?: AttemptError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      socket.once('connect', () => settle());
      // A refusal closes the transport just before it reports connect_error: let that win.
      socket.io.once('close', (reason: string) =>
        queueMicrotask(() => settle(new AttemptError(`Connection closed by the host (${reason}).`, false))),
      );
      socket.once('connect_error', (err: Error & { data?: unknown }) => {
        const data = RefusalDataSchema.safeParse(err.data);
        if (!data.success) return settle(new AttemptError(describeTransportError(err, this.link), false));
        settle(new AttemptError(err.message, FINAL_REFUSALS.has(data.data.code), data.data.retryAfterMs));
      });
    });
    if (this.stopped) return void socket.disconnect();

    const label = `${this.link.host}:${this.link.port}`;
    let wire: Wire = socketWire(socket as unknown as SocketLike, label);
    if (tuning.wrapWire) wire = tuning.wrapWire(wire);
    // One handler for the whole life of the socket: during the hello it fails the attempt,
    // afterwards it ends the session and schedules the reconnect.
    const live: { session?: { start: (remote: Holdings) => void; stop: () => void } } = {};
    let lostDuringHello: ((reason: string) => void) | undefined;
    socket.on('disconnect', (reason) => {
      if (this.socket === socket) this.socket = undefined;
      if (!live.session) return lostDuringHello?.(reason);
      live.session.stop();
      this.stopSession = undefined;
      if (this.stopped) return;
      this.deps.log.debug('sync: link to host lost', { host: label, reason });
      this.fail(new AttemptError(`Connection lost (${reason}).`, false));
    });

    const me = this.deps.identity();
    const hello: Hello = { name: me.name, role: me.role, ...this.deps.scope.holdings() };
    const rawAck = await Promise.race([
      wire.request(EVENTS.hello, hello, tuning.ackTimeoutMs).catch(() => {
        throw new AttemptError('The host did not answer the hello in time.', false);
      }),
      new Promise<never>((_, reject) => {
        lostDuringHello = (reason) =>
          reject(new AttemptError(`The host closed the link during the hello (${reason}).`, false));
      }),
    ]);
    const ack = HelloAckSchema.safeParse(rawAck);
    if (!ack.success) {
      throw new AttemptError(`The host answered with a malformed hello: ${describeZodError(ack.error)}`, false);
    }
    const expected = serverProof(this.link.roomKey, { ...proofInput, hostPeerId: ack.data.peerId });
    if (!proofMatches(expected, ack.data.proof)) {
      throw new AttemptError(
        'The host could not prove it holds the room key: this is not the room of your link. Nothing was sent.',
        true,
      );
    }
    if (this.stopped || !socket.connected) throw new AttemptError('The host closed the link during the hello.', false);

    const remote: RemotePeer = { peerId: ack.data.peerId, name: ack.data.name, role: ack.data.role };
    const session = (live.session = this.deps.accept(wire, remote));
    this.stopSession = session.stop;
    wire.notify(EVENTS.ready, {});
    session.start({ vv: ack.data.vv, incidents: ack.data.incidents });
    this.remote = remote;
    this.failures = 0;
    this.state = 'connected';
    this.error = null;
    this.lastSyncAt = this.deps.now();
    this.deps.log.debug('sync: joined a room', { host: label, room: this.link.roomId, hostPeer: remote.peerId });
    this.deps.changed();
  }

  private fail(err: AttemptError): void {
    if (this.stopped) return;
    if (this.state === 'connected') this.lostAt = this.deps.now();
    this.error = err.message;
    if (err.final) {
      this.state = 'refused';
      this.deps.log.warn('sync: the host refused us', {
        host: this.link.host,
        port: this.link.port,
        reason: err.message,
      });
      this.deps.changed();
      return;
    }
    const { backoffBaseMs, backoffMaxMs, offlineAfterMs } = this.deps.tuning;
    const failingFor = this.deps.now() - this.lostAt;
    this.state = failingFor > offlineAfterMs ? 'offline' : this.remote ? 'reconnecting' : 'connecting';
    const delay = Math.max(
      err.retryAfterMs,
      Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.min(this.failures, 20)) * (0.5 + Math.random() * 0.5),
    );
    this.failures++;
    this.deps.log.debug('sync: join attempt failed, retrying', { reason: err.message, delayMs: Math.round(delay) });
    this.deps.changed();
    this.retryTimer = setTimeout(() => this.attempt(), delay);
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** One GET for a challenge; errors say what the user can check. */
function fetchNonce(link: JoinLink, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const where = `${urlHost(link.host)}:${link.port}`;
    const req = http.get(
      {
        host: link.host,
        port: link.port,
        path: `${NONCE_PATH}?room=${encodeURIComponent(link.roomId)}`,
        timeout: timeoutMs,
        // A fresh connection per challenge: a pooled one may belong to a host that restarted.
        agent: false,
        headers: { accept: 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > 4096) req.destroy(new Error('oversized challenge'));
        });
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            return reject(new AttemptError(`${where} is not a Warroom room (unexpected answer).`, false));
          }
          const fields = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
          const message = typeof fields.error === 'string' ? fields.error.slice(0, 300) : `HTTP ${res.statusCode}`;
          if (res.statusCode === 429) {
            const retry = Number(res.headers['retry-after'] ?? 5) * 1000;
            return reject(new AttemptError(message, false, Number.isFinite(retry) ? retry : 5_000));
          }
          if (res.statusCode === 404 && fields.code === 'wrong_room') return reject(new AttemptError(message, true));
          if (res.statusCode !== 200) {
            return reject(new AttemptError(`${where} is not a Warroom room (${message}).`, false));
          }
          const parsed = NonceResponseSchema.safeParse(json);
          if (!parsed.success) return reject(new AttemptError(`${where} sent a malformed challenge.`, false));
          if (parsed.data.protocol !== PROTOCOL_VERSION) {
            return reject(
              new AttemptError(
                `The host speaks sync protocol ${parsed.data.protocol}, this Warroom speaks ${PROTOCOL_VERSION}: run the same Warroom version on both.`,
                true,
              ),
            );
          }
          resolve(parsed.data.nonce);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    // The socket timeout is for idleness; this bounds the whole exchange.
    const deadline = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new AttemptError(unreachable(where, err), false)));
  });
}

function unreachable(where: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening on ${where}: is the host running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve ${where}: check the host name in the link.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this network.`;
    default:
      return `Cannot reach ${where}: ${err.message}`;
  }
}

function describeTransportError(err: Error, link: JoinLink): string {
  return `Cannot connect to ${urlHost(link.host)}:${link.port}: ${err.message}`;
}
