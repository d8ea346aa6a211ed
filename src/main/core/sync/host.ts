/**
 * Hosting a room: an HTTP server of its own (separate from the `serve --ui` web server, so a
 * room can be hosted headless, by the desktop app, or by a relay) with two things on it:
 *
 *   GET NONCE_PATH?room=ID   a single-use challenge, valid 30 s
 *   socket.io at SOCKET_PATH the sync link; its handshake must carry an HMAC proof of the room
 *                            key over that challenge (see keys.ts), checked in `io.use` before
 *                            the socket exists
 *
 * Requests carrying an Origin header are refused: peers are Node processes, never web pages, and
 * this keeps browsers (and DNS-rebinding pages) from reaching the room at all.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { describeZodError } from '../../../shared/schemas';
import type { Logger } from '../log';
import { FailureThrottle, NonceBook } from './auth';
import { TokenBucket } from './rate';
import { clientProof, proofMatches, serverProof } from './keys';
import {
  EVENTS,
  HelloSchema,
  JoinAuthSchema,
  MAX_MESSAGE_BYTES,
  NONCE_PATH,
  PROTOCOL_VERSION,
  SOCKET_PATH,
  type HelloAck,
  type JoinAuth,
  type RefusalCode,
} from './protocol';
import type { Replica } from './replica';
import type { Holdings, RoomScope } from './room-scope';
import type { RemotePeer } from './session';
import type { SyncTuning } from './tuning';
import { socketWire, type SocketLike, type Wire } from './wire';

export interface HostConfig {
  readonly bindHost: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly roomId: string;
  readonly roomKey: string;
}

export interface HostDeps {
  readonly replica: Replica;
  /** The hosted room's share of the log. */
  readonly scope: RoomScope;
  readonly log: Logger;
  readonly tuning: SyncTuning;
  /** Local identity as sent in the hello acknowledgement. */
  readonly identity: () => { name: string; role: string | null };
  /**
   * A joiner passed the handshake and said hello: set up its session (handlers registered at
   * once) and return the function that starts sending, called when the joiner is ready.
   */
  readonly accept: (wire: Wire, remote: RemotePeer, holdings: Holdings) => () => void;
}

/** Answer sent to the client with a refusal: `err.message` is shown to the joiner as is. */
function refusal(code: RefusalCode, message: string, retryAfterMs?: number): Error {
  return Object.assign(new Error(message), { data: retryAfterMs === undefined ? { code } : { code, retryAfterMs } });
}

export class RoomHost {
  readonly port: number;
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server,
    readonly config: HostConfig,
  ) {
    this.port = (http.address() as AddressInfo).port;
  }

  static async start(config: HostConfig, deps: HostDeps): Promise<RoomHost> {
    const { log, replica, tuning } = deps;
    const nonces = new NonceBook(Date.now);
    const throttle = new FailureThrottle(Date.now);

    const challenges = new ChallengeLimiter();
    const http = createServer((req, res) => serveNonce(req, res, config.roomId, nonces, throttle, challenges));
    const io = new Server(http, {
      path: SOCKET_PATH,
      serveClient: false,
      transports: ['websocket'],
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: tuning.pingIntervalMs,
      pingTimeout: tuning.pingTimeoutMs,
      connectTimeout: 10_000,
      allowRequest: (req, callback) => callback(null, req.headers.origin === undefined),
    });

    io.use((socket, next) => {
      const address = socket.handshake.address;
      const wait = throttle.retryAfter(address);
      if (wait > 0) {
        return next(
          refusal(
            'locked',
            `Too many failed join attempts from ${address}: try again in ${Math.ceil(wait / 1000)} s.`,
            wait,
          ),
        );
      }
      const auth: unknown = socket.handshake.auth;
      const protocol =
        typeof auth === 'object' && auth !== null ? (auth as { protocol?: unknown }).protocol : undefined;
      if (protocol !== PROTOCOL_VERSION) {
        return next(
          refusal(
            'protocol',
            `This host speaks sync protocol ${PROTOCOL_VERSION}, the joining Warroom speaks ${String(protocol)}: run the same Warroom version on both.`,
          ),
        );
      }
      const parsed = JoinAuthSchema.safeParse(auth);
      if (!parsed.success) {
        log.warn('sync: refused a malformed join request', { address, error: describeZodError(parsed.error) });
        return next(refusal('bad_request', `Malformed join request: ${describeZodError(parsed.error)}`));
      }
      const a = parsed.data;
      if (a.roomId !== config.roomId) {
        return next(refusal('wrong_room', 'This host serves another room: ask for a fresh join link.'));
      }
      if (a.peerId === replica.peerId) {
        return next(refusal('self', 'This link is your own room: a console cannot join itself.'));
      }
      if (!nonces.consume(a.serverNonce)) {
        return next(refusal('stale_nonce', 'The join challenge expired or was already used; retrying.'));
      }
      const expected = clientProof(config.roomKey, {
        roomId: a.roomId,
        serverNonce: a.serverNonce,
        clientNonce: a.clientNonce,
        clientPeerId: a.peerId,
      });
      if (!proofMatches(expected, a.proof)) {
        const lock = throttle.fail(address);
        log.warn('sync: refused a join with a wrong room key', { address, peer: a.peerId, lockMs: lock });
        return next(
          refusal(
            'bad_key',
            'Wrong room key: the host could not verify the key in your join link. Ask for the current link.',
          ),
        );
      }
      throttle.succeed(address);
      (socket.data as { auth?: JoinAuth }).auth = a;
      next();
    });

    const host = await listen(http, config);
    const room = new RoomHost(http, io, config);

    io.on('connection', (socket) => {
      const auth = (socket.data as { auth?: JoinAuth }).auth;
      if (!auth) return void socket.disconnect(true);
      room.sockets.add(socket);
      const label = `${auth.peerId}@${socket.handshake.address}`;
      let wire: Wire = socketWire(socket as unknown as SocketLike, label);
      if (tuning.wrapWire) wire = tuning.wrapWire(wire);
      let start: (() => void) | undefined;
      const helloTimer = setTimeout(() => {
        log.warn('sync: joiner never said hello, dropping it', { peer: label });
        socket.disconnect(true);
      }, tuning.ackTimeoutMs);
      helloTimer.unref();
      socket.on('disconnect', () => {
        clearTimeout(helloTimer);
        room.sockets.delete(socket);
      });
      wire.onRequest(EVENTS.hello, (payload): HelloAck | { error: string } => {
        const hello = HelloSchema.safeParse(payload);
        if (!hello.success || start) {
          log.warn('sync: bad hello, dropping the joiner', { peer: label });
          setImmediate(() => socket.disconnect(true));
          return { error: 'bad hello' };
        }
        clearTimeout(helloTimer);
        const remote: RemotePeer = { peerId: auth.peerId, name: hello.data.name, role: hello.data.role };
        start = deps.accept(wire, remote, { vv: hello.data.vv, incidents: hello.data.incidents });
        const me = deps.identity();
        return {
          peerId: replica.peerId,
          name: me.name,
          role: me.role,
          ...deps.scope.holdings(),
          proof: serverProof(config.roomKey, {
            roomId: auth.roomId,
            serverNonce: auth.serverNonce,
            clientNonce: auth.clientNonce,
            clientPeerId: auth.peerId,
            hostPeerId: replica.peerId,
          }),
        };
      });
      wire.onNotify(EVENTS.ready, () => start?.());
    });

    log.debug('sync: hosting a room', { host: host.address, port: host.port, room: config.roomId });
    return room;
  }

  /** Peers currently connected. */
  get connected(): number {
    return this.sockets.size;
  }

  /** Test and bench seam: the engine.io connection of every peer, for byte counting. */
  get engine(): Server['engine'] {
    return this.io.engine;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const socket of this.sockets) socket.disconnect(true);
      const closed = this.io.close();
      this.http.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }
}

function serveNonce(
  req: IncomingMessage,
  res: ServerResponse,
  roomId: string,
  nonces: NonceBook,
  throttle: FailureThrottle,
  challenges: ChallengeLimiter,
): void {
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://host');
  } catch {
    return reply(400, { error: 'Bad request.' });
  }
  if (req.headers.origin !== undefined) return reply(403, { error: 'Browsers cannot join a room.' });
  if (req.method !== 'GET' || url.pathname !== NONCE_PATH) return reply(404, { error: 'Not found.' });
  if (url.searchParams.get('room') !== roomId) {
    return reply(404, { error: 'This host serves another room: ask for a fresh join link.', code: 'wrong_room' });
  }
  const address = req.socket.remoteAddress ?? '';
  const wait = throttle.retryAfter(address);
  if (wait > 0) {
    return reply(
      429,
      { error: `Too many failed join attempts: try again in ${Math.ceil(wait / 1000)} s.`, code: 'locked' },
      { 'retry-after': String(Math.ceil(wait / 1000)) },
    );
  }
  if (!challenges.allow(address)) {
    return reply(
      429,
      { error: 'Too many join attempts: try again in a second.', code: 'locked' },
      { 'retry-after': '1' },
    );
  }
  reply(200, { protocol: PROTOCOL_VERSION, nonce: nonces.issue() });
}

/**
 * Challenges per address: honest joiners need one per attempt. At 50/s an address can hold at
 * most 1,500 live challenges (30 s each), far below the book's 10,000, so no single address can
 * evict the challenges of others.
 */
class ChallengeLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  allow(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      // Bounded memory: forget everyone when too many addresses are tracked (they start full).
      if (this.buckets.size > 10_000) this.buckets.clear();
      this.buckets.set(address, (bucket = new TokenBucket(100, 50, Date.now)));
    }
    return bucket.take();
  }
}

function listen(http: HttpServer, config: HostConfig): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      http.off('listening', onListening);
      reject(listenError(err, config));
    };
    const onListening = (): void => {
      http.off('error', onError);
      resolve(http.address() as AddressInfo);
    };
    http.once('error', onError).once('listening', onListening);
    http.listen(config.port, config.bindHost);
  });
}

export class HostError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

function listenError(err: NodeJS.ErrnoException, config: HostConfig): HostError {
  const where = `${config.bindHost}:${config.port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new HostError(
        `Port ${config.port} is already in use on ${config.bindHost}: choose another port.`,
        err.code,
      );
    case 'EACCES':
      return new HostError(`Not allowed to listen on ${where}: choose a port above 1023.`, err.code);
    case 'EADDRNOTAVAIL':
      return new HostError(`${config.bindHost} is not an address of this machine.`, err.code);
    default:
      return new HostError(`Cannot listen on ${where}: ${err.message}`, err.code);
  }
}
