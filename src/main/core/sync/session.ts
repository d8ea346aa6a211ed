/**
 * Anti-entropy over one authenticated link, the same on both ends.
 *
 * Sending: per origin, `known` is what the remote surely holds (1..known, from its version
 * vector) and `sent` how far the batches we sent reach, acknowledged or still in flight. The
 * next batch is what we store beyond `sent` (a scan of the log, at most MAX_BATCH ops), or, in
 * the steady state, the ops just committed here, pushed by the store hook without touching the
 * log. A batch goes out with emitWithAck and a timeout; when its ack does not come, `sent`
 * rewinds to where it started and the log is scanned again, and when acks keep missing the link
 * is dropped (the next link starts over from the receiver's version vector). Up to `maxInFlight` batches are in flight
 * per link, so a catch-up streams (the sender reads and encodes the next batches while the
 * receiver applies one) and a fresh op never waits for the previous op's ack; a slow peer
 * still slows only its own link, and memory stays bounded by the window.
 *
 * Receiving: a batch is validated op by op and applied in one transaction; the ack carries our
 * version vector for the batch's origins.
 *
 * Checking: when the link is idle, we ask for the remote's per-origin digest and compare it with
 * ours; an origin where the remote lacks what we hold is resent from its contiguous prefix.
 *
 * Scope: a link is in one room and carries only the room's share of the log (RoomScope). The
 * room's incidents are merged at the hello, by `share` messages, and from the ops that arrive.
 */
import type { z } from 'zod';
import type { Op } from '../../../shared/ops';
import { describeZodError, IdSchema } from '../../../shared/schemas';
import type { Logger } from '../log';
import type { StoredOp, VersionVector } from '../store/op-store';
import {
  DigestRequestSchema,
  DigestResponseSchema,
  EVENTS,
  inflateOp,
  OpsAckSchema,
  OpsBatchSchema,
  RosterSchema,
  ShareSchema,
  type DigestResponse,
  type RosterEntry,
  type WireOriginDigest,
} from './protocol';
import { StrikeCounter, TokenBucket } from './rate';
import type { Replica } from './replica';
import type { Holdings, RoomScope } from './room-scope';
import type { SyncTuning } from './tuning';
import type { Wire } from './wire';

/** What a session sends: ops just committed (bodies as objects) or scanned from the log (as stored text). */
type OutgoingOp = Op | StoredOp;

export interface RemotePeer {
  readonly peerId: string;
  readonly name: string;
  readonly role: string | null;
}

export interface SessionEvents {
  /** Ops, acks or a digest check went through: the link is in sync as of now. */
  onSynced(): void;
  onRoster(peers: readonly RosterEntry[]): void;
}

let sessionCounter = 0;
/** A push bigger than this (a burst, big entries) goes with an ack, so the window bounds it. */
const MAX_PUSH_CHARS = 64 * 1024;
/** Pushed ops queued on one link before the queue is dropped in favour of a log scan. */
const MAX_PENDING = 20_000;

export class PeerSession {
  /** Names this session as the source of ops it applies, so they are not echoed back. */
  readonly id: string;
  lastSeen: number;
  roster: readonly RosterEntry[] = [];
  private readonly known = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private pending: OutgoingOp[] = [];
  private needScan = true;
  /** Batches sent and not yet acknowledged. */
  private inFlight = 0;
  /** Pushes sent without an ack since the last acknowledged batch went out. */
  private unackedPushes = 0;
  /** Acks missed since the last one that came. */
  private missedAcks = 0;
  private kickQueued = false;
  private started = false;
  private stopped = false;
  private digestTimer: NodeJS.Timeout | undefined;
  private digestDelay: number;
  private readonly msgBucket: TokenBucket;
  private readonly opBucket: TokenBucket;
  private readonly strikes: StrikeCounter;

  constructor(
    private readonly wire: Wire,
    readonly remote: RemotePeer,
    readonly via: 'host' | 'join',
    private readonly replica: Replica,
    readonly scope: RoomScope,
    private readonly tuning: SyncTuning,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly events: SessionEvents,
  ) {
    this.id = `s${++sessionCounter}:${remote.peerId}`;
    this.lastSeen = now();
    this.digestDelay = tuning.digestIntervalMs;
    this.msgBucket = new TokenBucket(tuning.floodMessages * 2, tuning.floodMessages, Date.now);
    this.opBucket = new TokenBucket(tuning.floodOps * 2, tuning.floodOps, Date.now);
    this.strikes = new StrikeCounter(tuning.garbageStrikes, 60_000, Date.now);
    // A local failure (disk full, store closing) must neither crash the process nor be blamed
    // on the peer: it is logged and answered with no progress, so the sender tries again.
    wire.onRequest(EVENTS.ops, (p) => this.guard('ops', () => this.receiveOps(p), { vv: {}, rejected: 0 }));
    wire.onNotify(EVENTS.push, (p) => this.guard('push', () => void this.applyBatch(p), undefined));
    wire.onRequest(EVENTS.digest, (p) => this.guard('digest', () => this.answerDigest(p), { origins: {} }));
    wire.onNotify(EVENTS.roster, (p) => this.guard('roster', () => this.receiveRoster(p), undefined));
    wire.onNotify(EVENTS.share, (p) => this.guard('share', () => this.receiveShare(p), undefined));
    wire.onMalformed((what) => this.offence(`malformed message: ${what}`));
  }

  /** Begin sending, given what the remote holds of the room (its hello). */
  start(remote: Holdings): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.scope.add(remote.incidents, 'received', this.id);
    for (const [origin, seq] of Object.entries(remote.vv)) {
      this.known.set(origin, seq);
      this.sent.set(origin, seq);
    }
    this.scheduleDigest();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.pending = [];
    clearTimeout(this.digestTimer);
  }

  get active(): boolean {
    return !this.stopped;
  }

  /** Ops were committed locally (by us or from another link): push those the room shares. */
  wake(ops: readonly Op[], from: string | undefined): void {
    if (this.stopped || from === this.id) return;
    for (const op of ops) if (this.scope.shares(op.origin)) this.pending.push(op);
    if (this.pending.length > MAX_PENDING) {
      // A stalled link must not hold every new op in memory: the log has them, scan it later.
      this.pending = [];
      this.needScan = true;
    }
    this.kickSoon();
  }

  sendRoster(peers: readonly RosterEntry[]): void {
    if (!this.stopped) this.wire.notify(EVENTS.roster, { peers });
  }

  /**
   * Incidents joined the room here: tell the remote, with our vector over their origins (`vv`,
   * RoomScope.vectorOf), and send it their ops it lacks.
   */
  shared(incidents: readonly string[], vv: VersionVector): void {
    // Before start the remote may not listen yet; start's scan reads the room as it is then.
    if (this.stopped || !this.started) return;
    this.wire.notify(EVENTS.share, { incidents, vv });
    this.needScan = true;
    this.kickSoon();
  }

  /**
   * Fill the window of batches in flight from the pending pushes or the log. Never throws: it
   * runs from timers, acks and commit hooks, and a local failure (store closing) is logged.
   */
  private kick(): void {
    if (!this.started || this.stopped) return;
    try {
      this.fill();
    } catch (err) {
      this.log.error('sync: sender failed', { peer: this.wire.label, error: String(err) });
    }
  }

  private fill(): void {
    while (this.inFlight < this.tuning.maxInFlight && !this.stopped) {
      const { ops: batch, chars, fresh } = this.nextBatch();
      if (batch.length === 0) return;
      for (const op of batch) {
        if (op.seq > (this.sent.get(op.origin) ?? 0)) this.sent.set(op.origin, op.seq);
      }
      if (fresh && chars <= MAX_PUSH_CHARS && this.unackedPushes < this.tuning.pushesPerAck) {
        // Fresh ops in the steady state: no ack (see pushesPerAck). The connection delivers in
        // order or drops, and a new link starts over from the receiver's version vector.
        this.unackedPushes++;
        this.wire.notify(EVENTS.push, { ops: batch });
        continue;
      }
      this.unackedPushes = 0;
      this.send(batch);
    }
  }

  /**
   * Kick once the code that committed returns: the ops of every commit it made leave in one
   * message. Not later (setImmediate): in a busy process that would queue a fresh op behind
   * every message already read from the network.
   */
  private kickSoon(): void {
    if (this.kickQueued || !this.started || this.stopped) return;
    this.kickQueued = true;
    queueMicrotask(() => {
      this.kickQueued = false;
      this.kick();
    });
  }

  /**
   * Fresh pushed ops when they continue `sent` exactly (`fresh`); otherwise a scan of the log.
   * `chars` is the batch's approximate JSON size.
   */
  private nextBatch(): { ops: OutgoingOp[]; chars: number; fresh: boolean } {
    const fills: OutgoingOp[] = [];
    const fresh: OutgoingOp[] = [];
    for (const op of this.pending) {
      const sent = this.sent.get(op.origin) ?? 0;
      if (op.seq <= (this.known.get(op.origin) ?? 0)) continue;
      // Below `sent` yet newly stored here: it filled a gap we had scanned past. Send it again.
      if (op.seq <= sent) fills.push(op);
      else fresh.push(op);
    }
    this.pending = [];
    const max = this.tuning.batchSize;
    if (!this.needScan && continues(fresh, this.sent)) {
      const batch = fills.concat(fresh);
      const { cut, chars } = sizeCut(batch, max, this.tuning.batchChars);
      if (cut < batch.length) this.pending = batch.splice(cut);
      return { ops: batch, chars, fresh: true };
    }
    // The log holds every fresh op too: a scan from `sent` finds them.
    const batch = fills.slice(0, max);
    this.pending = fills.slice(max);
    const room = max - batch.length;
    if (room > 0) {
      const scanned = this.replica.missingStored(Object.fromEntries(this.sent), room, this.scope.shares);
      this.needScan = scanned.length === room;
      for (const op of scanned) batch.push(op);
    }
    const { cut, chars } = sizeCut(batch, max, this.tuning.batchChars);
    if (cut < batch.length) {
      // Fills go back to the queue; scanned ops are found again by the next scan.
      const rest = batch.splice(cut);
      this.pending = rest.filter((op) => op.seq <= (this.sent.get(op.origin) ?? 0)).concat(this.pending);
      if (rest.length > 0) this.needScan = true;
    }
    return { ops: batch, chars, fresh: false };
  }

  /**
   * Send a batch with an ack. The batch is not kept for a resend, only where it starts per
   * origin: a missed ack rewinds `sent` there and the log is scanned again. Held until their
   * acks, batches outlived the reading of the next ones and were promoted by young-generation
   * GCs: a catch-up host's heap reached ~190 MB instead of ~60-120 MB.
   */
  private send(batch: readonly OutgoingOp[]): void {
    const from = new Map<string, number>();
    for (const op of batch) {
      const low = from.get(op.origin);
      if (low === undefined || op.seq < low) from.set(op.origin, op.seq);
    }
    const count = batch.length;
    this.inFlight++;
    this.wire
      .request(EVENTS.ops, { ops: batch }, this.tuning.ackTimeoutMs)
      .then(
        (raw) => {
          this.inFlight--;
          if (this.acknowledged(raw)) this.kick();
        },
        (err: unknown) => {
          this.inFlight--;
          this.unacknowledged(from, count, err);
        },
      )
      .catch((err: unknown) => this.log.error('sync: sender failed', { peer: this.wire.label, error: String(err) }));
  }

  /** Learn from an ack; false when it was malformed (or the session is over). */
  private acknowledged(raw: unknown): boolean {
    if (this.stopped) return false;
    const ack = OpsAckSchema.safeParse(raw);
    if (!ack.success) {
      this.offence(`bad ops ack: ${describeZodError(ack.error)}`);
      return false;
    }
    this.missedAcks = 0;
    this.learn(ack.data.vv);
    if (ack.data.rejected > 0) {
      this.log.warn('sync: peer rejected ops we sent', { peer: this.wire.label, rejected: ack.data.rejected });
    }
    this.lastSeen = this.now();
    this.events.onSynced();
    return true;
  }

  /**
   * No ack in time (or the link failed): send the batch's ops again from the log, or give the
   * link up when acks keep missing (the window's batches time out together, hence the product).
   */
  private unacknowledged(from: ReadonlyMap<string, number>, ops: number, err: unknown): void {
    if (this.stopped) return;
    this.missedAcks++;
    if (this.missedAcks >= this.tuning.maxSendAttempts * this.tuning.maxInFlight) {
      this.log.warn('sync: batches never acknowledged, dropping the link', {
        peer: this.wire.label,
        ops,
        error: String(err),
      });
      this.wire.close('ack timeout');
      return;
    }
    this.log.debug('sync: batch not acknowledged, sending again', { peer: this.wire.label, missed: this.missedAcks });
    for (const [origin, seq] of from) {
      if ((this.sent.get(origin) ?? 0) < seq) continue;
      this.sent.set(origin, Math.max(seq - 1, this.known.get(origin) ?? 0));
    }
    this.needScan = true;
    this.kick();
  }

  /** The remote holds 1..vv[origin] of these origins. */
  private learn(vv: VersionVector): void {
    for (const [origin, seq] of Object.entries(vv)) {
      if (seq > (this.known.get(origin) ?? 0)) this.known.set(origin, seq);
      if (seq > (this.sent.get(origin) ?? 0)) this.sent.set(origin, seq);
    }
  }

  /** A batch with an ack: applied, then answered with our vector for its origins. */
  private receiveOps(payload: unknown): unknown {
    const ops = this.applyBatch(payload);
    if (!ops) return { vv: {}, rejected: 0 };
    const origins = new Set<string>();
    for (const item of ops.items) {
      const origin = (item as { origin?: unknown }).origin;
      if (typeof origin === 'string') origins.add(origin);
    }
    const ackVv: VersionVector = {};
    for (const origin of origins) {
      const seq = this.replica.seqOf(origin);
      if (seq !== undefined) ackVv[origin] = seq;
    }
    return { vv: ackVv, rejected: ops.rejected };
  }

  /** Validate, rate-limit and apply a batch (an acknowledged one or a push); undefined if refused. */
  private applyBatch(payload: unknown): { items: readonly unknown[]; rejected: number } | undefined {
    if (this.stopped) return undefined;
    this.lastSeen = this.now();
    const batch = OpsBatchSchema.safeParse(payload);
    if (!batch.success) {
      this.offence(`bad ops batch: ${describeZodError(batch.error)}`);
      return undefined;
    }
    const ops = batch.data.ops;
    if (!this.msgBucket.take(1) || !this.opBucket.take(ops.length)) {
      this.log.warn('sync: peer sends faster than any honest peer could, disconnecting it', {
        peer: this.wire.label,
      });
      this.stop();
      this.wire.close('flood');
      return undefined;
    }
    // Ops of an incident the room did not share here yet: the sender shares it in the room. The
    // incident joins before the ops land, so the commit's push reaches the room's other links.
    this.scope.add(unsharedIncidents(ops, this.scope), 'received', this.id);
    const result = this.replica.applyRemote(ops.map(inflateOp), this.id);
    if (result.rejected > 0) this.offence(`${result.rejected} invalid op(s) in a batch`);
    // The sender holds what it sent: never push those back.
    this.noteHeld(ops);
    this.events.onSynced();
    return { items: ops, rejected: result.rejected };
  }

  /** Advance `known` over ops the remote just sent us, where they continue its prefix. */
  private noteHeld(items: readonly unknown[]): void {
    const byOrigin = new Map<string, number[]>();
    for (const item of items) {
      const { origin, seq } = item as { origin?: unknown; seq?: unknown };
      if (typeof origin !== 'string' || typeof seq !== 'number') continue;
      let list = byOrigin.get(origin);
      if (!list) byOrigin.set(origin, (list = []));
      list.push(seq);
    }
    for (const [origin, seqs] of byOrigin) {
      seqs.sort((a, b) => a - b);
      let top = this.known.get(origin) ?? 0;
      for (const s of seqs) if (s === top + 1) top = s;
      if (top > (this.known.get(origin) ?? 0)) this.known.set(origin, top);
      if (top > (this.sent.get(origin) ?? 0)) this.sent.set(origin, top);
    }
  }

  private answerDigest(payload: unknown): unknown {
    this.lastSeen = this.now();
    if (!DigestRequestSchema.safeParse(payload).success) {
      this.offence('bad digest request');
      return { origins: {} };
    }
    if (!this.msgBucket.take(1)) return { origins: {} };
    return { origins: this.scope.digest() };
  }

  private receiveRoster(payload: unknown): void {
    const roster = this.notice('roster', RosterSchema, payload);
    if (!roster) return;
    this.roster = roster.peers;
    this.events.onRoster(this.roster);
  }

  private receiveShare(payload: unknown): void {
    const share = this.notice('share', ShareSchema, payload);
    if (!share) return;
    this.scope.add(share.incidents, 'received', this.id);
    this.learn(share.vv);
    this.needScan = true;
    this.kick();
  }

  /** A notice (no ack) from the peer, parsed; undefined when malformed (an offence) or over the rate. */
  private notice<T>(what: string, schema: z.ZodType<T>, payload: unknown): T | undefined {
    this.lastSeen = this.now();
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      this.offence(`bad ${what}: ${describeZodError(parsed.error)}`);
      return undefined;
    }
    return this.msgBucket.take(1) ? parsed.data : undefined;
  }

  private scheduleDigest(): void {
    clearTimeout(this.digestTimer);
    if (this.stopped) return;
    this.digestTimer = setTimeout(() => {
      this.checkDigest()
        .catch((err: unknown) =>
          this.log.warn('sync: digest check failed', { peer: this.wire.label, error: String(err) }),
        )
        .finally(() => this.scheduleDigest());
    }, this.digestDelay);
    this.digestTimer.unref();
  }

  /**
   * Compare digests while nothing is in flight: everything we held when asking has then been
   * acknowledged, so an origin where the remote is behind lost something and is resent.
   */
  private async checkDigest(): Promise<void> {
    if (this.stopped || this.inFlight > 0 || this.pending.length > 0 || this.needScan) return;
    const ours = this.scope.digest();
    const raw = await this.wire.request(EVENTS.digest, {}, this.tuning.ackTimeoutMs);
    if (this.stopped) return;
    const theirs = DigestResponseSchema.safeParse(raw);
    if (!theirs.success) {
      this.offence(`bad digest: ${describeZodError(theirs.error)}`);
      return;
    }
    this.lastSeen = this.now();
    const resend = compareDigests(ours, theirs.data.origins);
    for (const origin of resend.divergent) {
      this.log.error('sync: a peer holds different ops under the same ids (corrupt or forged log)', {
        peer: this.wire.label,
        origin,
      });
    }
    if (resend.behind.size === 0) {
      this.digestDelay = this.tuning.digestIntervalMs;
      this.events.onSynced();
      return;
    }
    this.log.warn('sync: digest mismatch, resending', { peer: this.wire.label, origins: [...resend.behind.keys()] });
    for (const [origin, prefix] of resend.behind) {
      this.known.set(origin, prefix);
      this.sent.set(origin, prefix);
    }
    this.needScan = true;
    // If a resend does not cure it (ops the peer refuses), do not resend in a tight loop.
    this.digestDelay = Math.min(this.digestDelay * 2, this.tuning.maxDigestIntervalMs);
    this.kick();
  }

  private guard<T>(what: string, run: () => T, fallback: T): T {
    try {
      return run();
    } catch (err) {
      this.log.error('sync: failed to handle a message from a peer', {
        peer: this.wire.label,
        what,
        error: err instanceof Error ? err.message : String(err),
      });
      return fallback;
    }
  }

  private offence(what: string): void {
    this.log.warn('sync: bad input from peer', { peer: this.wire.label, what });
    if (this.strikes.strike()) {
      this.log.warn('sync: peer keeps sending bad input, disconnecting it', { peer: this.wire.label });
      this.stop();
      this.wire.close('garbage');
    }
  }
}

/**
 * How many of `ops` fit one message: at most `maxOps`, and at most about `maxChars` characters
 * of JSON (at least one op, whatever its size: the message limit is far above any legal op).
 */
function sizeCut(ops: readonly OutgoingOp[], maxOps: number, maxChars: number): { cut: number; chars: number } {
  let chars = 0;
  const n = Math.min(ops.length, maxOps);
  for (let i = 0; i < n; i++) {
    const size = opChars(ops[i] as OutgoingOp);
    if (chars + size > maxChars && i > 0) return { cut: i, chars };
    chars += size;
  }
  return { cut: n, chars };
}

/**
 * Sizes of ops already measured: a commit's ops are the same objects on every link they are
 * pushed to, so a host measures each op once, not once per peer.
 */
const opSizes = new WeakMap<OutgoingOp, number>();

function opChars(op: OutgoingOp): number {
  let size = opSizes.get(op);
  if (size === undefined) opSizes.set(op, (size = approxChars(op)));
  return size;
}

/** JSON length of a value, roughly (cheaper than serializing it). */
function approxChars(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 16;
  let n = 2;
  if (Array.isArray(value)) {
    for (const v of value) n += approxChars(v) + 1;
    return n;
  }
  for (const [k, v] of Object.entries(value)) n += k.length + 4 + approxChars(v);
  return n;
}

/** True when `ops` continue `sent` with no gap, origin by origin. */
function continues(ops: readonly OutgoingOp[], sent: ReadonlyMap<string, number>): boolean {
  const top = new Map<string, number>();
  for (const op of ops) {
    const t = top.get(op.origin) ?? sent.get(op.origin) ?? 0;
    if (op.seq !== t + 1) return false;
    top.set(op.origin, op.seq);
  }
  return true;
}

/**
 * Incidents of raw ops that the room does not share yet (an op's origin names its incident, or
 * for a console-wide origin from before rooms, its incidentId does).
 */
function unsharedIncidents(items: readonly unknown[], scope: RoomScope): string[] {
  const out = new Set<string>();
  let last: unknown;
  for (const item of items) {
    const incident = (item as { incidentId?: unknown }).incidentId;
    if (incident === last || typeof incident !== 'string') continue;
    last = incident;
    if (scope.incidents.has(incident) || !IdSchema.safeParse(incident).success) continue;
    out.add(incident);
  }
  return [...out];
}

/**
 * Which origins the remote is behind on (with the prefix to resend from) and which differ in
 * content under equal counts. Only what we hold can be resent, so only our side counts.
 */
export function compareDigests(
  ours: Readonly<Record<string, WireOriginDigest>>,
  theirs: DigestResponse['origins'],
): { behind: Map<string, number>; divergent: string[] } {
  const behind = new Map<string, number>();
  const divergent: string[] = [];
  for (const [origin, mine] of Object.entries(ours)) {
    const other = theirs[origin] ?? { vv: 0, count: 0, max: 0, hash: '0000000000000000' };
    if (mine.vv > other.vv || mine.count > other.count) behind.set(origin, other.vv);
    else if (mine.count === other.count && mine.max === other.max && mine.hash !== other.hash) divergent.push(origin);
  }
  return { behind, divergent };
}
