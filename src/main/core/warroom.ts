/**
 * The service: implements the contract (src/shared/api.ts) over the store. Every front door
 * (Electron IPC, the web bridge, tests) calls `handle`, which validates arguments with the
 * contract's zod schemas, turns intents into ops, and emits change events after commit.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Database, Statement } from 'better-sqlite3';
import {
  methodSchemas,
  isMethodName,
  WarroomError,
  type Envelope,
  type EventName,
  type EventPayloads,
  type MethodName,
  type MethodResults,
  type ParsedArgs,
  type Profile,
} from '../../shared/api';
import { STATUS_MILESTONE, emptyMilestones, type Incident } from '../../shared/domain/incident';
import { warroomName } from '../../shared/domain/names';
import { postmortemFileName, postmortemMarkdown } from '../../shared/domain/postmortem';
import { HybridClock } from '../../shared/hlc';
import { originFor } from '../../shared/origin';
import { isTerminalMethod, TERMINALS_LOCAL_ONLY, type TerminalMethodName } from '../../shared/contract/terminal';
import { isSystemKind, type TimelineEntry, type UserEntryKind } from '../../shared/domain/timeline';
import {
  EntryFieldsSchema,
  OpSchema,
  type EntryFields,
  type IncidentFields,
  type Op,
  type OpBody,
} from '../../shared/ops';
import { describeZodError } from '../../shared/schemas';
import { CadenceFeature, commanderName, type CadenceOptions } from './cadence/feature';
import { newId } from './ids';
import { emitTo, parseArgs, toEnvelope } from './dispatch';
import { createLogger, type Logger } from './log';
import { RoleService } from './roles/role-service';
import type { EventListener, WarroomService } from './service';
import { IncidentQueries, type IncidentState } from './store/incident-queries';
import { openDatabase } from './store/open';
import { OpStore, type ApplyResult, type OriginFilter, type StoredOp } from './store/op-store';
import { RoomMembers } from './store/room-members';
import type { OriginDigest } from './store/origin-digest';
import { SyncEngine } from './sync/engine';
import type { OpsAppliedListener } from './sync/replica';
import type { SyncTuning } from './sync/tuning';
import { TimelineQueries } from './store/timeline-queries';
import { changeEntries, declaredEntry } from './system-entries';

export interface WarroomOptions {
  readonly dataDir: string;
  readonly log?: Logger;
  /** Injectable wall clock, for tests of time-dependent behaviour. */
  readonly now?: () => number;
  /** Sync timers and limits (tests shorten them). */
  readonly sync?: Partial<SyncTuning>;
  /** Update-cadence policy file and scheduler clock (tests inject a manual clock). */
  readonly cadence?: CadenceOptions;
}

export interface RemoteApplyResult extends ApplyResult {
  /** Ops refused: schema violations or clocks beyond the drift bound. */
  readonly rejected: number;
}

/** Terminal methods are served by the local-only terminal service, never by this one. */
type Handlers = { [M in Exclude<MethodName, TerminalMethodName>]: (args: ParsedArgs<M>) => MethodResults[M] };

/** How long role changes settle before peers are told (see schedulePresenceRole). */
const PRESENCE_ROLE_DELAY_MS = 200;

export class Warroom implements WarroomService {
  readonly peerId: string;
  private readonly db: Database;
  private readonly ops: OpStore;
  private readonly incidents: IncidentQueries;
  private readonly timeline: TimelineQueries;
  private readonly clock: HybridClock;
  /** Which incidents each room shares (the sync engine's filters). */
  readonly rooms: RoomMembers;
  private readonly listeners = new Set<EventListener>();
  private readonly log: Logger;
  private readonly now: () => number;
  private displayName: string;
  private readonly handlers: Handlers;
  /** Peer sync: the room this console hosts and the rooms it joined (core/sync). */
  readonly sync: SyncEngine;
  private readonly opsListeners = new Set<OpsAppliedListener>();
  private readonly roles: RoleService;
  private readonly cadence: CadenceFeature;
  /** meta key -> value: profile() runs on every local write; this process is the only writer. */
  private readonly metaCache = new Map<string, string | undefined>();
  private presenceRoleTimer: NodeJS.Timeout | undefined;
  private readonly getMeta: Statement;
  private readonly putMeta: Statement;

  constructor(options: WarroomOptions) {
    this.log = options.log ?? createLogger('warroom');
    this.now = options.now ?? Date.now;
    this.db = openDatabase(options.dataDir);
    this.getMeta = this.db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck();
    this.putMeta = this.db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    this.ops = new OpStore(this.db);
    this.incidents = new IncidentQueries(this.db);
    this.timeline = new TimelineQueries(this.db);
    this.rooms = new RoomMembers(this.db);
    this.peerId = this.meta('peer_id') ?? this.setMeta('peer_id', crypto.randomBytes(9).toString('base64url'));
    this.displayName = this.meta('display_name') ?? defaultDisplayName();
    this.clock = new HybridClock(this.peerId, this.now);
    const maxHlc = this.ops.maxHlc();
    if (maxHlc) this.clock.observePersisted(maxHlc);
    this.roles = new RoleService({
      db: this.db,
      peerId: this.peerId,
      log: this.log,
      now: () => this.now(),
      profile: () => this.profile(),
      write: (incidentId, bodies) => this.write(incidentId, bodies),
      requireIncident: (id) => this.requireIncident(id),
    });
    this.sync = new SyncEngine({
      replica: this,
      log: this.log,
      now: this.now,
      onStatus: (status) => this.emit('syncStatusChanged', status),
      onPresence: (peers) => this.emit('presenceChanged', peers),
      tuning: options.sync,
    });
    this.sync.setRole(this.roles.presenceRole());
    this.cadence = new CadenceFeature(
      {
        db: this.db,
        log: this.log,
        now: () => this.now(),
        displayName: () => this.displayName,
        requireIncident: (id) => this.requireIncident(id),
        write: (incidentId, bodies) => this.write(incidentId, bodies),
        newId,
        emitAlert: (alert) => this.emit('cadenceAlert', alert),
        commander: (id) => commanderName(this.roles.boardIfExists(id)),
      },
      options.cadence,
    );
    this.handlers = {
      ...this.cadence.handlers,
      ...this.sync.handlers(),
      ...this.roles.handlers(),
      getProfile: () => this.profile(),
      setProfile: ({ displayName, handle, contact }) => {
        this.displayName = this.setMeta('display_name', displayName);
        if (handle !== undefined) this.setMeta('handle', handle);
        if (contact !== undefined) this.setMeta('contact', contact);
        this.emit('profileChanged', this.profile());
        return this.profile();
      },
      listIncidents: () => this.incidents.list(),
      getIncident: ({ id }) => this.requireIncident(id),
      declareIncident: (a) => this.declare(a),
      changeSeverity: ({ id, severity }) => this.set(id, { severity }),
      changeStatus: ({ id, status }) => this.changeStatus(id, status),
      editIncident: ({ id, ...fields }) => this.set(id, fields),
      setMilestone: ({ id, milestone, at }) => this.set(id, { [milestone]: at }),
      addEntry: ({ incidentId, entryId: proposedId, kind, text, eventTime, tags, pinned }) => {
        this.requireIncident(incidentId);
        // A client may propose the id, so that it can show the entry before the reply arrives.
        if (proposedId !== undefined && this.timeline.get(proposedId)) {
          throw new WarroomError('invalid_argument', `A timeline entry with id ${proposedId} already exists`);
        }
        const entryId = proposedId ?? newId();
        const fields: EntryFields = {
          kind,
          text,
          eventTime: eventTime ?? this.now(),
          tags: tags ?? [],
          pinned: pinned ?? false,
          deleted: false,
          data: null,
        };
        this.write(incidentId, [{ type: 'timeline.add', entryId, fields }]);
        return this.requireEntry(incidentId, entryId);
      },
      editEntry: ({ incidentId, entryId, ...fields }) => {
        if (isSystemKind(this.requireEntry(incidentId, entryId).kind)) {
          throw new WarroomError('invalid_argument', 'System entries are written by Warroom and cannot be edited');
        }
        return this.setEntry(incidentId, entryId, fields);
      },
      setEntryPinned: ({ incidentId, entryId, pinned }) => this.setEntry(incidentId, entryId, { pinned }),
      deleteEntry: ({ incidentId, entryId }) => this.setEntry(incidentId, entryId, { deleted: true }),
      restoreEntry: ({ incidentId, entryId }) => this.setEntry(incidentId, entryId, { deleted: false }),
      getEntryHistory: ({ incidentId, entryId }) => {
        this.requireEntry(incidentId, entryId);
        return this.timeline.history(entryId);
      },
      getTimeline: ({ incidentId, offset, limit, fromEnd, ...filter }) => {
        this.requireIncident(incidentId);
        return this.timeline.page(incidentId, filter, offset ?? 0, limit ?? 1_000, fromEnd ?? false);
      },
      exportPostmortem: ({ incidentId }) => {
        const incident = this.requireIncident(incidentId);
        const { entries } = this.timeline.page(incidentId, {}, 0, Number.MAX_SAFE_INTEGER);
        return {
          fileName: postmortemFileName(incident),
          markdown: postmortemMarkdown({ incident, entries, generatedAt: this.now() }),
        };
      },
      searchTimeline: ({ incidentId, query, limit }) => {
        this.requireIncident(incidentId);
        const started = performance.now();
        const hits = this.timeline.search(incidentId, query, limit ?? 200);
        return { hits, tookMs: performance.now() - started };
      },
      listTimelineAuthors: ({ incidentId }) => {
        this.requireIncident(incidentId);
        return this.timeline.authors(incidentId);
      },
      locateEntry: ({ incidentId, entryId, ...filter }) => {
        this.requireEntry(incidentId, entryId);
        return this.timeline.locate(incidentId, filter, entryId);
      },
    };
  }

  async handle(method: string, args: unknown): Promise<Envelope<unknown>> {
    return toEnvelope(this.log, 'request', method, () => this.call(method, args));
  }

  /** Synchronous, throwing form of `handle`, for in-process callers and tests. */
  call<M extends MethodName>(method: M, args: unknown): MethodResults[M];
  call(method: string, args: unknown): unknown;
  call(method: string, args: unknown): unknown {
    if (!isMethodName(method))
      throw new WarroomError('unknown_method', `Unknown method: ${String(method).slice(0, 80)}`);
    if (isTerminalMethod(method)) throw new WarroomError('unauthorized', TERMINALS_LOCAL_ONLY);
    const handler = this.handlers[method] as (a: unknown) => unknown;
    return handler(parseArgs(methodSchemas[method], method, args));
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.presenceRoleTimer);
    this.cadence.stop();
    // Stops all database access by sync at once; its sockets finish closing in the background.
    void this.sync.close();
    this.listeners.clear();
    if (!this.db.open) return;
    try {
      this.catchUpSearchIndex(); // so the next start's first search has nothing to index
    } catch (err) {
      this.log.warn('could not bring the search index up to date before closing', { error: String(err) });
    }
    this.db.close();
  }

  /**
   * Index the timeline entries written since the last catch-up (search-index.ts). Searches and
   * the store's after-write timer do this on their own; returns how many entries were indexed.
   */
  catchUpSearchIndex(): number {
    return this.ops.catchUpSearchIndex();
  }

  profile(): Profile {
    return {
      peerId: this.peerId,
      displayName: this.displayName,
      named: this.meta('display_name') !== undefined,
      handle: this.meta('handle') ?? '',
      contact: this.meta('contact') ?? '',
    };
  }

  /**
   * The sync path: validate ops from a peer, merge their clocks, store and project them in one
   * transaction. Bad ops are logged and skipped; the good ones in the batch still land.
   */
  applyRemote(raw: readonly unknown[], from = 'peer'): RemoteApplyResult {
    const good: Op[] = [];
    let rejected = 0;
    for (const item of raw) {
      const parsed = OpSchema.safeParse(item);
      if (!parsed.success) {
        rejected++;
        this.log.warn('rejected malformed op', { from, error: describeZodError(parsed.error) });
        continue;
      }
      try {
        this.clock.receive(parsed.data.hlc);
      } catch (err) {
        rejected++;
        this.log.warn('rejected op beyond clock drift bound', { from, error: (err as Error).message });
        continue;
      }
      good.push(parsed.data);
    }
    const result = this.ops.apply(good);
    this.roles.forgetJoined(result.ops);
    this.announce(result);
    this.opsApplied(result, from);
    return { ...result, rejected };
  }

  versionVector(): Record<string, number> {
    return this.ops.versionVector();
  }

  seqOf(origin: string): number | undefined {
    return this.ops.seqOf(origin);
  }

  missingFor(remote: Record<string, number>, limit: number): Op[] {
    return this.ops.missingFor(remote, limit);
  }

  missingStored(remote: Record<string, number>, limit: number, shares?: OriginFilter): StoredOp[] {
    return this.ops.missingStored(remote, limit, shares);
  }

  hasIncident(id: string): boolean {
    return this.incidents.state(id) !== undefined;
  }

  /** Per-origin digest of the op log, for the sync engine's cross-check. */
  digest(): Record<string, OriginDigest> {
    return this.ops.digest();
  }

  /** Internal hook for the sync engine: the ops each commit newly stored, local or from a peer. */
  onOpsApplied(listener: OpsAppliedListener): () => void {
    this.opsListeners.add(listener);
    return () => this.opsListeners.delete(listener);
  }

  private opsApplied(result: ApplyResult, from: string | undefined): void {
    if (result.applied === 0) return;
    if (this.roles.affectsPresenceRole(result.ops)) this.schedulePresenceRole();
    for (const listener of this.opsListeners) {
      try {
        listener(result.ops, from);
      } catch (err) {
        this.log.error('ops listener failed', { error: (err as Error).message });
      }
    }
  }

  /**
   * Tell peers which roles this console holds, a moment after role changes: one board read per
   * burst of role ops (a catch-up brings many), off the write path.
   */
  private schedulePresenceRole(): void {
    if (this.presenceRoleTimer) return;
    this.presenceRoleTimer = setTimeout(() => {
      this.presenceRoleTimer = undefined;
      if (!this.db.open) return;
      try {
        this.sync.setRole(this.roles.presenceRole());
      } catch (err) {
        this.log.error('could not work out the roles to show peers', { error: String(err) });
      }
    }, PRESENCE_ROLE_DELAY_MS);
    this.presenceRoleTimer.unref();
  }

  private declare(a: ParsedArgs<'declareIncident'>): Incident {
    const id = newId();
    const declaredAt = this.now();
    const fields: IncidentFields = {
      ...emptyMilestones(),
      name: warroomName(declaredAt, a.title),
      title: a.title,
      severity: a.severity,
      status: 'investigating',
      summary: a.summary ?? '',
      services: a.services ?? [],
      declaredAt,
      detectedAt: declaredAt,
      impactStartedAt: a.impactStartedAt ?? null,
    };
    this.write(id, [
      { type: 'incident.declare', fields, ...(a.triage ? { triage: a.triage } : {}) },
      { type: 'timeline.add', entryId: newId(), fields: declaredEntry(fields, declaredAt) },
    ]);
    return this.requireIncident(id);
  }

  private changeStatus(id: string, status: Incident['status']): Incident {
    const current = this.requireState(id);
    const fields: Partial<IncidentFields> = { status };
    // The first time a status is reached stamps its milestone; an explicit edit still wins later.
    const milestone = STATUS_MILESTONE[status];
    if (milestone && current.milestones[milestone] === null) fields[milestone] = this.now();
    return this.set(id, fields, current);
  }

  /**
   * Set incident fields; every visible change also lands in the timeline, in the same transaction.
   * `before` may be passed by a caller that has just read the incident (reads are a fifth of a write).
   */
  private set(id: string, fields: Partial<IncidentFields>, before = this.requireState(id)): Incident {
    const base = Object.fromEntries(Object.keys(fields).map((f) => [f, this.incidents.fieldHlc(id, f)]));
    const entries = changeEntries(before, fields, this.now()).map((entryFields): OpBody => ({
      type: 'timeline.add',
      entryId: newId(),
      fields: entryFields,
    }));
    const announced = this.write(id, [{ type: 'incident.set', fields, base }, ...entries]);
    return announced.get(id) ?? this.requireIncident(id);
  }

  private setEntry(incidentId: string, entryId: string, fields: Partial<EntryFields>): TimelineEntry {
    this.requireEntry(incidentId, entryId);
    const base = Object.fromEntries(Object.keys(fields).map((f) => [f, this.timeline.fieldHlc(entryId, f)]));
    this.write(incidentId, [{ type: 'timeline.set', entryId, fields, base }]);
    return this.requireEntry(incidentId, entryId);
  }

  /**
   * Turn local intents into ops and commit them together: one transaction, one set of events.
   * Returns the incidents the events were built from, read after the commit, for reuse.
   */
  private write(incidentId: string, bodies: readonly OpBody[]): ReadonlyMap<string, Incident> {
    const author = { peerId: this.peerId, name: this.displayName };
    // Each incident has its own sequence of our ops, so a room can share it alone (origin.ts).
    const origin = originFor(this.peerId, incidentId);
    const first = this.ops.nextSeq(origin);
    // Writing to an incident joins it: the author becomes one of its participants.
    const all = [...bodies, ...this.roles.joinOps(incidentId, bodies)];
    const ops = all.map((body, i): Op => ({
      origin,
      seq: first + i,
      hlc: this.clock.now(origin),
      incidentId,
      author,
      body,
    }));
    const result = this.ops.apply(ops);
    this.roles.forgetJoined(result.ops);
    const announced = this.announce(result);
    this.opsApplied(result, undefined);
    return announced;
  }

  /**
   * An entry a local feature writes on the user's behalf with structured data that addEntry does
   * not take from a UI: a terminal's command record, a runbook step mark (see core/terminal).
   */
  recordEntry(
    incidentId: string,
    entry: { kind: UserEntryKind; text: string; data: EntryFields['data']; tags?: string[]; eventTime?: number },
  ): TimelineEntry {
    this.requireIncident(incidentId);
    const parsed = EntryFieldsSchema.safeParse({
      kind: entry.kind,
      text: entry.text,
      eventTime: entry.eventTime ?? this.now(),
      tags: entry.tags ?? [],
      pinned: false,
      deleted: false,
      data: entry.data,
    });
    if (!parsed.success) throw new WarroomError('invalid_argument', `Invalid entry: ${describeZodError(parsed.error)}`);
    const entryId = newId();
    this.write(incidentId, [{ type: 'timeline.add', entryId, fields: parsed.data }]);
    return this.requireEntry(incidentId, entryId);
  }

  private requireEntry(incidentId: string, entryId: string): TimelineEntry {
    const entry = this.timeline.get(entryId);
    if (!entry || entry.incidentId !== incidentId) {
      throw new WarroomError('not_found', `No timeline entry ${entryId} in incident ${incidentId}`);
    }
    return entry;
  }

  /** The incident's stored fields, without the conflicts query: for writers comparing values. */
  private requireState(id: string): IncidentState {
    const state = this.incidents.state(id);
    if (!state) throw new WarroomError('not_found', `No incident with id ${id}`);
    return state;
  }

  private requireIncident(id: string): Incident {
    const incident = this.incidents.get(id);
    if (!incident) throw new WarroomError('not_found', `No incident with id ${id}`);
    return incident;
  }

  /**
   * Events for what a commit changed: each incident once, its changed entries in one batch.
   * Returns the incidents it read for the events (none without listeners).
   */
  private announce(result: ApplyResult): ReadonlyMap<string, Incident> {
    const read = new Map<string, Incident>();
    if (result.applied > 0) this.cadence.changed(result.incidents);
    if (this.listeners.size === 0 || result.applied === 0) return read;
    const entryIds = new Map<string, Set<string>>();
    for (const op of result.ops) {
      if (op.body.type !== 'timeline.add' && op.body.type !== 'timeline.set') continue;
      let ids = entryIds.get(op.incidentId);
      if (!ids) entryIds.set(op.incidentId, (ids = new Set()));
      ids.add(op.body.entryId);
    }
    for (const id of result.incidents) {
      const incident = this.incidents.get(id);
      if (!incident) continue;
      read.set(id, incident);
      this.emit('incidentChanged', incident);
    }
    for (const [incidentId, ids] of entryIds) {
      const entries = [...ids].flatMap((entryId) => this.timeline.get(entryId) ?? []);
      if (entries.length > 0) this.emit('timelineChanged', { incidentId, entries });
    }
    for (const incidentId of this.roles.boardsChangedBy(result.ops)) {
      const board = this.roles.boardIfExists(incidentId);
      if (board) this.emit('roleBoardChanged', board);
    }
    return read;
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    emitTo(this.listeners, this.log, event, payload);
  }

  private meta(key: string): string | undefined {
    if (this.metaCache.has(key)) return this.metaCache.get(key);
    const value = this.getMeta.get(key) as string | undefined;
    this.metaCache.set(key, value);
    return value;
  }

  private setMeta(key: string, value: string): string {
    this.putMeta.run(key, value);
    this.metaCache.set(key, value);
    return value;
  }
}

function defaultDisplayName(): string {
  try {
    return os.userInfo().username || 'Responder';
  } catch {
    return 'Responder';
  }
}

export function openWarroom(options: WarroomOptions): Warroom {
  return new Warroom(options);
}
