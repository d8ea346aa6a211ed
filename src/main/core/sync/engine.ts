/**
 * The sync engine of one console: at most one hosted room, any number of joined rooms, one
 * anti-entropy session per live link. Each room shares only its incidents (RoomScope): those
 * declared here while in the room, received from it, or shared into it. A relay that joins a room
 * and hosts the same room (same key) extends it; a console in two different rooms keeps their
 * incidents apart until someone shares one across (see docs/sync.md).
 *
 * It talks to the store only through `Replica`, and to the UI through two contract events,
 * syncStatusChanged and presenceChanged, both coalesced so a catch-up does not flood the UI.
 */
import os from 'node:os';
import { WarroomError } from '../../../shared/api';
import type {
  HostingStatus,
  JoinStatus,
  PresencePeer,
  SyncEvents,
  SyncResults,
  SyncStatus,
  syncMethods,
} from '../../../shared/contract/sync';
import {
  DEFAULT_SYNC_PORT,
  JoinLinkError,
  formatJoinLink,
  formatPlainJoinLink,
  parseJoinLink,
  redactJoinLink,
  type JoinLink,
} from '../../../shared/sync/link';
import type { z } from 'zod';
import type { Op } from '../../../shared/ops';
import type { Logger } from '../log';
import type { VersionVector } from '../store/op-store';
import { HostError, RoomHost } from './host';
import { RoomJoin } from './join';
import { newRoomKey, roomIdFor } from './keys';
import { computePresence, presenceKey, rosterFor, type DirectLink, type LostPeer } from './presence';
import type { Replica } from './replica';
import { RoomScope, type Holdings } from './room-scope';
import { PeerSession, type RemotePeer } from './session';
import { DEFAULT_TUNING, type SyncTuning } from './tuning';
import type { Wire } from './wire';

export interface SyncEngineDeps {
  readonly replica: Replica;
  readonly log: Logger;
  readonly now: () => number;
  /** Contract events syncStatusChanged and presenceChanged. */
  readonly onStatus: (status: SyncEvents['syncStatusChanged']) => void;
  readonly onPresence: (peers: SyncEvents['presenceChanged']) => void;
  readonly tuning?: Partial<SyncTuning>;
}

export interface HostOptions {
  /** Interface to listen on; default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** Default: 7312 if free, else any free port. An explicit port must be free. */
  readonly port?: number;
  /** Reuse a key (and with it the room id and link); default a fresh one. */
  readonly roomKey?: string;
  /** Host name put in the link; default the bind address, or this machine's LAN address for 0.0.0.0. */
  readonly advertiseHost?: string;
  /** Incidents to share into the room. */
  readonly share?: readonly string[];
}

type SyncHandlers = {
  [M in keyof SyncResults]: (args: z.output<(typeof syncMethods)[M]>) => SyncResults[M];
};

/** Lost direct peers stay listed (offline) this long. */
const FORGET_LOST_MS = 15 * 60_000;
/** How often our own name and role are checked for changes to announce. */
const PRESENCE_REFRESH_MS = 2_000;
/** Events are coalesced to at most one per this interval. */
const EVENT_COALESCE_MS = 150;

interface Hosting {
  readonly bindHost: string;
  readonly roomId: string;
  readonly roomKey: string;
  readonly advertiseHost: string;
  state: HostingStatus['state'];
  port: number;
  error: string | null;
  room: RoomHost | undefined;
}

export class SyncEngine {
  private readonly tuning: SyncTuning;
  private hosting: Hosting | undefined;
  private readonly joins = new Map<string, RoomJoin>();
  /** Live sessions, with the join they belong to (none for peers that joined our room). */
  private readonly sessions = new Map<PeerSession, RoomJoin | undefined>();
  private readonly lost = new Map<string, LostPeer>();
  private readonly scopes = new Map<string, RoomScope>();
  private role: string | null = null;
  private lastSyncAt: number | null = null;
  private closed = false;
  private statusTimer: NodeJS.Timeout | undefined;
  private presenceTimer: NodeJS.Timeout | undefined;
  private readonly refreshTimer: NodeJS.Timeout;
  private lastPresenceKey = '[]';
  private readonly unhook: (() => void)[] = [];

  constructor(private readonly deps: SyncEngineDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.unhook.push(
      deps.replica.onOpsApplied((ops, from) => {
        // Before the push: an incident declared here joins every room this console is in.
        if (from === undefined) this.shareDeclared(ops);
        for (const session of this.sessions.keys()) session.wake(ops, from);
      }),
    );
    // A renamed profile reaches peers with the next roster. Not subscribed to the service's
    // events: a subscriber makes every commit look up the rows it changed, for nothing here.
    this.refreshTimer = setInterval(() => {
      if (this.sessions.size > 0) this.presenceChanged();
    }, PRESENCE_REFRESH_MS);
    this.refreshTimer.unref();
  }

  /** Start hosting and resolve once listening; rejects with a HostError saying what to change. */
  async host(options: HostOptions = {}): Promise<HostingStatus> {
    if (this.closed) throw new HostError('Sync is shut down.', undefined);
    if (this.hosting) throw new HostError('This console already hosts a room: stop it first.', undefined);
    const roomKey = options.roomKey ?? newRoomKey();
    const bindHost = options.host ?? '127.0.0.1';
    const hosting: Hosting = {
      bindHost,
      roomKey,
      roomId: roomIdFor(roomKey),
      advertiseHost: options.advertiseHost ?? advertisedAddress(bindHost),
      state: 'starting',
      port: options.port ?? DEFAULT_SYNC_PORT,
      error: null,
      room: undefined,
    };
    this.hosting = hosting;
    if (options.share) this.scopeFor(hosting.roomId).add(options.share, 'shared');
    this.statusChanged();
    try {
      hosting.room = await this.listen(hosting, options.port === undefined);
    } catch (err) {
      if (this.hosting === hosting) {
        hosting.state = 'error';
        hosting.error = err instanceof Error ? err.message : String(err);
        this.statusChanged();
      }
      throw err;
    }
    if (this.hosting !== hosting || this.closed) {
      // Stopped while starting.
      await hosting.room.close();
      throw new HostError('Hosting was stopped while starting.', undefined);
    }
    hosting.port = hosting.room.port;
    hosting.state = 'listening';
    this.statusChanged();
    return this.hostingStatus(hosting);
  }

  async stopHosting(): Promise<void> {
    const hosting = this.hosting;
    this.hosting = undefined;
    this.statusChanged();
    await hosting?.room?.close();
  }

  /** Join a room from a pasted link; connection proceeds in the background. */
  join(text: string): JoinStatus {
    if (this.closed) throw new WarroomError('invalid_argument', 'Sync is shut down.');
    let link: JoinLink;
    try {
      link = parseJoinLink(text);
    } catch (err) {
      if (err instanceof JoinLinkError) throw new WarroomError('invalid_argument', err.message);
      throw err;
    }
    const hosting = this.hosting;
    if (hosting?.roomId === link.roomId && hosting.advertiseHost === link.host && hosting.port === link.port) {
      throw new WarroomError('invalid_argument', 'This is the room this console hosts: share the link instead.');
    }
    const existing = this.joins.get(link.roomId);
    if (existing && existing.state !== 'refused' && sameLink(existing.link, link)) return joinStatus(existing);
    if (existing) void existing.stop();
    const join: RoomJoin = new RoomJoin(link, {
      replica: this.deps.replica,
      scope: this.scopeFor(link.roomId),
      log: this.deps.log,
      tuning: this.tuning,
      now: this.deps.now,
      identity: () => this.identity(),
      accept: (wire, remote) => this.acceptJoined(join, wire, remote),
      changed: () => {
        this.statusChanged();
        this.presenceChanged();
      },
    });
    this.joins.set(link.roomId, join);
    this.deps.log.debug('sync: joining a room', { link: redactJoinLink(link) });
    join.start();
    this.statusChanged();
    return joinStatus(join);
  }

  async leave(roomId: string): Promise<boolean> {
    const join = this.joins.get(roomId);
    if (!join) return false;
    this.joins.delete(roomId);
    await join.stop();
    this.statusChanged();
    this.presenceChanged();
    return true;
  }

  /** The role shown to peers (the role board sets it). */
  setRole(role: string | null): void {
    this.role = role;
    this.presenceChanged();
  }

  status(): SyncStatus {
    const joins = [...this.joins.values()].map(joinStatus);
    return {
      peerId: this.deps.replica.peerId,
      hosting: this.hosting ? this.hostingStatus(this.hosting) : null,
      joins,
      lastSyncAt: this.lastSyncAt,
    };
  }

  presence(): PresencePeer[] {
    return computePresence(this.deps.replica.peerId, this.directLinks(), this.lostPeers(), this.deps.now());
  }

  /** Contract handlers, spread into the service's handler table. */
  handlers(): SyncHandlers {
    return {
      getSyncStatus: () => this.status(),
      listPeers: () => this.presence(),
      hostRoom: (args) => {
        if (this.hosting && this.hosting.state !== 'error') {
          throw new WarroomError('invalid_argument', 'This console already hosts a room: stop it first.');
        }
        for (const id of args.share ?? []) this.requireIncident(id);
        if (this.hosting) this.hosting = undefined;
        this.host(args).catch((err: unknown) =>
          this.deps.log.warn('sync: cannot host the room', { error: err instanceof Error ? err.message : String(err) }),
        );
        return this.status();
      },
      stopHosting: () => {
        void this.stopHosting();
        return this.status();
      },
      joinRoom: ({ link }) => {
        this.join(link);
        return this.status();
      },
      leaveRoom: ({ roomId }) => {
        if (!this.joins.has(roomId)) throw new WarroomError('not_found', `Not in room ${roomId}`);
        void this.leave(roomId);
        return this.status();
      },
      shareIncident: ({ incidentId, roomId }) => this.share(incidentId, roomId),
      incidentRooms: ({ incidentId }) => this.deps.replica.rooms.roomsOf(this.requireIncident(incidentId)),
    };
  }

  /**
   * Share an incident into a room this console is in: the room's peers get all its ops, and its
   * new ops from now on. Returns the rooms the incident is now shared in.
   */
  share(incidentId: string, roomId: string): string[] {
    this.requireIncident(incidentId);
    if (!this.currentRooms().includes(roomId)) {
      throw new WarroomError('not_found', `This console is not in room ${roomId}: host or join it first.`);
    }
    this.scopeFor(roomId).add([incidentId], 'shared');
    return this.deps.replica.rooms.roomsOf(incidentId);
  }

  private requireIncident(id: string): string {
    if (!this.deps.replica.hasIncident(id)) throw new WarroomError('not_found', `No incident with id ${id}`);
    return id;
  }

  /** Test seam: the live host (byte counting) and joins (simulated network failures). */
  get internals(): { host: RoomHost | undefined; joins: ReadonlyMap<string, RoomJoin>; sessions: number } {
    return { host: this.hosting?.room, joins: this.joins, sessions: this.sessions.size };
  }

  /** Stops everything; database access stops synchronously, sockets close in the background. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const off of this.unhook) off();
    for (const session of this.sessions.keys()) session.stop();
    this.sessions.clear();
    clearTimeout(this.statusTimer);
    clearTimeout(this.presenceTimer);
    clearInterval(this.refreshTimer);
    const joins = [...this.joins.values()];
    this.joins.clear();
    const room = this.hosting?.room;
    this.hosting = undefined;
    return Promise.all([...joins.map((j) => j.stop()), room?.close()]).then(() => undefined);
  }

  private async listen(hosting: Hosting, fallback: boolean): Promise<RoomHost> {
    const scope = this.scopeFor(hosting.roomId);
    const deps = {
      replica: this.deps.replica,
      scope,
      log: this.deps.log,
      tuning: this.tuning,
      identity: () => this.identity(),
      accept: (wire: Wire, remote: RemotePeer, holdings: Holdings) => this.acceptHosted(wire, remote, scope, holdings),
    };
    const config = { bindHost: hosting.bindHost, port: hosting.port, roomId: hosting.roomId, roomKey: hosting.roomKey };
    try {
      return await RoomHost.start(config, deps);
    } catch (err) {
      if (!fallback || !(err instanceof HostError) || err.code !== 'EADDRINUSE') throw err;
      this.deps.log.debug('sync: default room port busy, using a free one', { port: hosting.port });
      return RoomHost.start({ ...config, port: 0 }, deps);
    }
  }

  private acceptHosted(wire: Wire, remote: RemotePeer, scope: RoomScope, holdings: Holdings): () => void {
    const session = this.addSession(wire, remote, 'host', scope);
    wire.onClose((reason) => {
      this.deps.log.debug('sync: peer left the room', { peer: wire.label, reason });
      this.dropSession(session);
    });
    return () => {
      if (!session.active) return;
      session.start(holdings);
      session.sendRoster(this.rosterFor(session));
    };
  }

  private acceptJoined(
    join: RoomJoin,
    wire: Wire,
    remote: RemotePeer,
  ): { start: (remote: Holdings) => void; stop: () => void } {
    const session = this.addSession(wire, remote, 'join', this.scopeFor(join.link.roomId), join);
    return {
      start: (holdings) => {
        session.start(holdings);
        session.sendRoster(this.rosterFor(session));
      },
      stop: () => this.dropSession(session),
    };
  }

  private addSession(
    wire: Wire,
    remote: RemotePeer,
    via: 'host' | 'join',
    scope: RoomScope,
    join?: RoomJoin,
  ): PeerSession {
    const session: PeerSession = new PeerSession(
      wire,
      remote,
      via,
      this.deps.replica,
      scope,
      this.tuning,
      this.deps.log,
      this.deps.now,
      {
        onSynced: () => {
          const now = this.deps.now();
          this.lastSyncAt = now;
          if (join) join.lastSyncAt = now;
          this.statusChanged();
        },
        onRoster: () => this.presenceChanged(),
      },
    );
    if (this.closed) {
      session.stop();
      wire.close('shutting down');
      return session;
    }
    this.sessions.set(session, join);
    this.lost.delete(remote.peerId);
    this.statusChanged();
    this.presenceChanged();
    return session;
  }

  private dropSession(session: PeerSession): void {
    session.stop();
    if (!this.sessions.has(session)) return;
    this.sessions.delete(session);
    if (session.via === 'host') {
      const { peerId, name, role } = session.remote;
      this.lost.set(peerId, {
        peerId,
        name,
        role,
        via: 'host',
        state: 'offline',
        lastSeen: this.deps.now(),
      });
    }
    this.statusChanged();
    this.presenceChanged();
  }

  /** One scope per room id, shared by the room's joined and hosted links. */
  private scopeFor(roomId: string): RoomScope {
    let scope = this.scopes.get(roomId);
    if (!scope) {
      scope = new RoomScope(roomId, this.deps.replica, this.deps.now, (s, added, from) =>
        this.announce(s, added, from),
      );
      this.scopes.set(roomId, scope);
    }
    return scope;
  }

  /** The rooms this console is in now: the one it hosts and those it joined, connected or not. */
  private currentRooms(): string[] {
    const rooms = new Set(this.joins.keys());
    if (this.hosting && this.hosting.state !== 'error') rooms.add(this.hosting.roomId);
    return [...rooms];
  }

  private shareDeclared(ops: readonly Op[]): void {
    const declared = ops.filter((op) => op.body.type === 'incident.declare').map((op) => op.incidentId);
    if (declared.length === 0) return;
    for (const roomId of this.currentRooms()) this.scopeFor(roomId).add(declared, 'declared');
  }

  /** Incidents joined a room: the room's links (but the one they came from) pass them on. */
  private announce(scope: RoomScope, added: readonly string[], fromSession: string | undefined): void {
    this.deps.log.debug('sync: incidents joined a room', { room: scope.roomId, incidents: added.length });
    let vv: VersionVector | undefined;
    for (const session of this.sessions.keys()) {
      if (session.scope !== scope || session.id === fromSession) continue;
      // The same for every link of the room: read once, not per link.
      vv ??= scope.vectorOf(added);
      session.shared(added, vv);
    }
    this.statusChanged();
  }

  private lostPeers(): LostPeer[] {
    const now = this.deps.now();
    const out: LostPeer[] = [];
    for (const [id, p] of this.lost) {
      if (now - p.lastSeen > FORGET_LOST_MS) this.lost.delete(id);
      else out.push(p);
    }
    for (const join of this.joins.values()) {
      if (join.state === 'connected' || !join.remote) continue;
      out.push({
        peerId: join.remote.peerId,
        name: join.remote.name,
        role: join.remote.role,
        via: 'join',
        state: join.state === 'reconnecting' ? 'reconnecting' : 'offline',
        lastSeen: join.lostAt,
      });
    }
    return out;
  }

  private identity(): { name: string; role: string | null } {
    return { name: this.deps.replica.profile().displayName, role: this.role };
  }

  private directLinks(): DirectLink[] {
    return [...this.sessions.keys()].map(linkOf);
  }

  private rosterFor(session: PeerSession): ReturnType<typeof rosterFor> {
    const links = [...this.sessions.keys()];
    const index = links.indexOf(session);
    if (index < 0) return [];
    const views = links.map(linkOf);
    const self = { peerId: this.deps.replica.peerId, ...this.identity() };
    return rosterFor(self, views, views[index] as DirectLink, this.deps.now());
  }

  private hostingStatus(h: Hosting): HostingStatus {
    const listening = h.state === 'listening';
    const link = { host: h.advertiseHost, port: h.port, roomId: h.roomId, roomKey: h.roomKey };
    return {
      state: h.state,
      bindHost: h.bindHost,
      port: h.port,
      roomId: h.roomId,
      link: listening ? formatJoinLink(link) : null,
      plainLink: listening ? formatPlainJoinLink(link) : null,
      error: h.error,
      connected: h.room?.connected ?? 0,
    };
  }

  private statusChanged(): void {
    if (this.closed || this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      if (!this.closed) this.deps.onStatus(this.status());
    }, EVENT_COALESCE_MS);
    this.statusTimer.unref();
  }

  /** Presence may have changed: tell the UI if it did, and every link (rosters). */
  private presenceChanged(): void {
    if (this.closed || this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = undefined;
      if (this.closed) return;
      const peers = this.presence();
      const key = presenceKey(peers) + JSON.stringify(this.identity());
      if (key === this.lastPresenceKey) return;
      this.lastPresenceKey = key;
      this.deps.onPresence(peers);
      for (const session of this.sessions.keys()) session.sendRoster(this.rosterFor(session));
    }, EVENT_COALESCE_MS);
    this.presenceTimer.unref();
  }
}

function linkOf(s: PeerSession): DirectLink {
  return { ...s.remote, via: s.via, lastSeen: s.lastSeen, roster: s.roster };
}

function joinStatus(j: RoomJoin): JoinStatus {
  return {
    roomId: j.link.roomId,
    host: j.link.host,
    port: j.link.port,
    link: formatJoinLink(j.link),
    state: j.state,
    error: j.error,
    remotePeerId: j.remote?.peerId ?? null,
    lastSyncAt: j.lastSyncAt,
  };
}

function sameLink(a: JoinLink, b: JoinLink): boolean {
  return a.host === b.host && a.port === b.port && a.roomId === b.roomId && a.roomKey === b.roomKey;
}

/** What to put in the link: the bind address, or for a wildcard bind this machine's LAN address. */
function advertisedAddress(bindHost: string): string {
  if (bindHost !== '0.0.0.0' && bindHost !== '::') return bindHost;
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}
