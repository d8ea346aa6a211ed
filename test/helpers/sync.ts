/**
 * Helpers for sync tests: peers with their own data folder and clock, a seeded random source,
 * a fault-injecting wire, a canonical hash of everything replicated, and waiting on conditions
 * that re-checks whenever any peer commits ops (no fixed sleeps).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../../src/main/core/log';
import { PROJECTIONS } from '../../src/main/core/store/projections';
import { DB_FILE } from '../../src/main/core/store/open';
import { effectiveClocks } from './store';
import type { SyncTuning } from '../../src/main/core/sync/tuning';
import type { Wire } from '../../src/main/core/sync/wire';
import { Warroom } from '../../src/main/core/warroom';

/** Short timers so partitions heal and digests run within a test's time. */
export const FAST_SYNC: Partial<SyncTuning> = {
  ackTimeoutMs: 2_000,
  digestIntervalMs: 250,
  maxDigestIntervalMs: 2_000,
  backoffBaseMs: 20,
  backoffMaxMs: 250,
  offlineAfterMs: 5_000,
  pingIntervalMs: 2_000,
  pingTimeoutMs: 2_000,
};

/** mulberry32: a small seeded PRNG, so a failing schedule replays exactly from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface Faults {
  /** Probability that an ops batch is delivered twice in a row. */
  readonly duplicate: number;
  /** ...delivered, but its ack lost (the sender sends it again). */
  readonly lostAck: number;
  /** ...also delivered once more, later, after newer batches (reordering). */
  readonly late: number;
  /** ...delivered with its ops in another order. */
  readonly shuffle: number;
}

/** A wire that hands everything to `inner`, but sending through `overrides` where given. */
export function passThrough(inner: Wire, overrides: Partial<Pick<Wire, 'request' | 'notify'>>): Wire {
  return {
    get connected() {
      return inner.connected;
    },
    label: inner.label,
    onRequest: (e, h) => inner.onRequest(e, h),
    onNotify: (e, h) => inner.onNotify(e, h),
    onMalformed: (h) => inner.onMalformed(h),
    onClose: (h) => inner.onClose(h),
    close: (r) => inner.close(r),
    notify: overrides.notify ?? ((e, p) => inner.notify(e, p)),
    request: overrides.request ?? ((e, p, t) => inner.request(e, p, t)),
  };
}

/** Wraps every link with seeded faults on the ops channel; everything else passes through. */
export function faultyWires(rand: () => number, faults: Faults): (wire: Wire) => Wire {
  return (inner) =>
    passThrough(inner, {
      async request(event, payload, timeoutMs) {
        if (event !== 'ops') return inner.request(event, payload, timeoutMs);
        const batch = payload as { ops: unknown[] };
        const send = (): Promise<unknown> =>
          inner.request(event, rand() < faults.shuffle ? { ops: shuffle(rand, batch.ops) } : batch, timeoutMs);
        if (rand() < faults.late) {
          const copy = { ops: shuffle(rand, batch.ops) };
          setTimeout(() => void inner.request(event, copy, timeoutMs).catch(() => undefined), 5 + rand() * 60);
        }
        if (rand() < faults.duplicate) await send();
        const ack = await send();
        if (rand() < faults.lostAck) throw new Error('simulated lost acknowledgement');
        return ack;
      },
    });
}

export interface Peer {
  readonly name: string;
  readonly dir: string;
  readonly w: Warroom;
  readonly skewMs: number;
}

/** Peers in fresh folders; `closeAll` stops sync, closes stores and removes the folders. */
export class PeerSet {
  readonly peers: Peer[] = [];
  private readonly dirs: string[] = [];

  open(
    name: string,
    options: { skewMs?: number; tuning?: Partial<SyncTuning>; log?: Logger; dir?: string } = {},
  ): Peer {
    const dir = options.dir ?? this.dir();
    const skewMs = options.skewMs ?? 0;
    const w = new Warroom({
      dataDir: dir,
      log: options.log ?? silentLogger,
      now: () => Date.now() + skewMs,
      sync: { ...FAST_SYNC, ...options.tuning },
    });
    w.call('setProfile', { displayName: name });
    const peer = { name, dir, w, skewMs };
    this.peers.push(peer);
    return peer;
  }

  dir(): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-sync-'));
    this.dirs.push(d);
    return d;
  }

  async close(peer: Peer): Promise<void> {
    const i = this.peers.indexOf(peer);
    if (i >= 0) this.peers.splice(i, 1);
    await peer.w.sync.close();
    peer.w.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.peers.map((p) => p.w.sync.close()));
    for (const p of this.peers.splice(0)) p.w.close();
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Resolves once `cond` holds; re-checks on every commit of any peer and on a short tick. */
export function until(
  peers: readonly Peer[],
  cond: () => boolean,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const finish = (err?: Error): void => {
      clearInterval(tick);
      clearTimeout(timer);
      for (const off of offs) off();
      if (err) reject(err);
      else resolve();
    };
    const check = (): void => {
      try {
        if (cond()) finish();
      } catch (err) {
        finish(err as Error);
      }
    };
    // Status changes (reconnects) commit nothing, hence the tick besides the commit hook.
    const tick = setInterval(check, 20);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)), timeoutMs);
    for (const p of peers) offs.push(p.w.onOpsApplied(() => queueMicrotask(check)));
    check();
  });
}

export function sameVectors(peers: readonly Peer[]): boolean {
  const first = JSON.stringify(sorted(peers[0]?.w.versionVector() ?? {}));
  return peers.every((p) => JSON.stringify(sorted(p.w.versionVector())) === first);
}

export function vectorsReport(peers: readonly Peer[]): string {
  return peers.map((p) => `${p.name}: ${JSON.stringify(sorted(p.w.versionVector()))}`).join('\n');
}

function sorted(v: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * SHA-256 over every replicated table (the op log, version vector, field clocks and history, and
 * every projection), rows in primary-key order, read through a separate read-only connection.
 */
export function canonicalHash(dataDir: string): string {
  const h = crypto.createHash('sha256');
  for (const [table, digest] of Object.entries(tableHashes(dataDir))) h.update(`${table}:${digest}\n`);
  return h.digest('hex');
}

/** The hash of each replicated table on its own: which table differs, when hashes differ. */
export function tableHashes(dataDir: string): Record<string, string> {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const tables = ['ops', 'version_vector', 'field_history'];
    for (const p of Object.values(PROJECTIONS)) if (!tables.includes(p.table)) tables.push(p.table);
    const out: Record<string, string> = {
      field_clock: crypto
        .createHash('sha256')
        .update(JSON.stringify(effectiveClocks(db)))
        .digest('hex')
        .slice(0, 16),
    };
    for (const table of tables.sort()) {
      const h = crypto.createHash('sha256');
      const columns = (
        db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as { name: string; pk: number }[]
      ).toSorted((a, b) => a.pk - b.pk || (a.name < b.name ? -1 : 1));
      const keys = columns.filter((c) => c.pk > 0).map((c) => c.name);
      const order = (keys.length ? keys : columns.map((c) => c.name)).join(', ');
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate()) {
        h.update(JSON.stringify(row) + '\n');
      }
      out[table] = h.digest('hex').slice(0, 16);
    }
    return out;
  } finally {
    db.close();
  }
}

/** A join link of `host`'s room, once it listens. */
export function linkOf(host: Peer): string {
  const link = host.w.sync.status().hosting?.link;
  if (!link) throw new Error(`${host.name} does not host a room`);
  return link;
}

/** Host a room on a free port that shares every incident the peer holds (declared before it hosts). */
export function hostSharingAll(p: Peer, options: { roomKey?: string } = {}): ReturnType<Peer['w']['sync']['host']> {
  const share = p.w.call('listIncidents', {}).map((i) => i.id);
  return p.w.sync.host({ port: 0, share, ...options });
}

/** The ops a console holds: its vector's contiguous prefixes, summed (one origin per console and incident). */
export function opsHeld(w: Warroom): number {
  return Object.values(w.versionVector()).reduce((a, b) => a + b, 0);
}
