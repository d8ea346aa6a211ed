/**
 * The role board side of the service: turns role intents into ops (each intent one `write`, so
 * the role change and its timeline entry commit together) and reads boards back. Warroom owns
 * the op log, the clock and events; this module only needs the few capabilities in RoleDeps.
 */
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { WarroomError, type MethodResults, type ParsedArgs, type Profile } from '../../../shared/api';
import type { RoleResults } from '../../../shared/contract/roles';
import { isActive, type Incident } from '../../../shared/domain/incident';
import { ROLE_KINDS } from '../../../shared/domain/policy';
import { DEFAULT_FATIGUE_LIMIT_MS, ROLE_CHECKLISTS } from '../../../shared/domain/role-policy';
import {
  buildRoleBoard,
  mayChangeRole,
  presenceRole,
  resolveRoleName,
  roleKindOf,
  sameName,
  smeKey,
  valueSince,
  type FatigueLimits,
  type HandoffBrief,
  type Participant,
  type PendingHandoff,
  type RoleBoard,
  type RoleCard,
  type RoleKey,
} from '../../../shared/domain/roles';
import { ROLE_OP_TYPES, type Op, type OpBody, type ParticipantFields, type RoleFields } from '../../../shared/ops';
import { newId } from '../ids';
import type { Logger } from '../log';
import { RoleQueries } from '../store/role-queries';
import {
  acknowledgedEntry,
  assignedEntry,
  conflictResolvedEntry,
  handoffCancelledEntry,
  handoffEntry,
  releasedEntry,
  smeEntry,
  type Person,
} from './role-entries';

export interface RoleDeps {
  readonly db: Database;
  readonly peerId: string;
  readonly log: Logger;
  readonly now: () => number;
  profile(): Profile;
  /** Commit ops for one incident in one transaction (Warroom.write). */
  write(incidentId: string, bodies: readonly OpBody[]): void;
  requireIncident(id: string): Incident;
}

type RoleMethod = keyof RoleResults;
export type RoleHandlers = { [M in RoleMethod]: (args: ParsedArgs<M>) => MethodResults[M] };

const FATIGUE_META_KEY = 'fatigue_limits';
const StoredLimitsSchema = z.partialRecord(z.enum([...ROLE_KINDS, 'custom']), z.number().int().positive());

const ROLE_TYPES = new Set<string>(ROLE_OP_TYPES);
const TRIGGER_TYPES = new Set<string>([...ROLE_OP_TYPES, 'incident.declare', 'incident.set']);

/** A participant to act on, and the ops that bring it into the incident if it is new. */
interface Target {
  readonly person: Person;
  readonly bodies: OpBody[];
}

export class RoleService {
  private readonly q: RoleQueries;
  private readonly getMeta: Statement;
  private readonly putMeta: Statement;
  /**
   * incident -> the profile (name, handle, contact) this console is known to be a participant with. Every local
   * write asks; the participants query it saves was a tenth of a write. Forgotten whenever a
   * participant op of the incident lands (`forgetJoined`), so it never outlives what it mirrors.
   */
  private readonly joined = new Map<string, string>();

  constructor(private readonly deps: RoleDeps) {
    this.q = new RoleQueries(deps.db);
    this.getMeta = deps.db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck();
    this.putMeta = deps.db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
  }

  handlers(): RoleHandlers {
    return {
      listParticipants: ({ incidentId }) => this.board(incidentId).participants.slice(),
      joinIncident: ({ incidentId }) => {
        this.deps.requireIncident(incidentId);
        this.deps.write(incidentId, []);
        return this.requireMe(incidentId);
      },
      addParticipant: ({ incidentId, name, handle, contact }) => {
        this.deps.requireIncident(incidentId);
        const existing = this.findByName(incidentId, name);
        if (existing) return this.participant(incidentId, existing.id);
        const id = newId();
        const fields: ParticipantFields = { name, handle: handle ?? '', contact: contact ?? '', peerId: null };
        this.deps.write(incidentId, [{ type: 'participant.add', participantId: id, fields }]);
        return this.participant(incidentId, id);
      },
      editParticipant: ({ incidentId, participantId, ...changes }) => {
        this.requireParticipant(incidentId, participantId);
        const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
        const base = Object.fromEntries(
          Object.keys(fields).map((f) => [f, this.q.fieldHlc('participant', participantId, f)]),
        );
        this.deps.write(incidentId, [{ type: 'participant.set', participantId, fields, base }]);
        return this.participant(incidentId, participantId);
      },
      getRoleBoard: ({ incidentId }) => this.board(incidentId),
      assignRole: (a) => this.assign(a),
      releaseRole: (a) => this.release(a),
      handOffRole: (a) => this.handOff(a),
      acknowledgeHandoff: (a) => this.acknowledge(a),
      cancelHandoff: (a) => this.cancelHandoff(a),
      addSme: (a) => this.addSme(a),
      removeSme: (a) => this.removeSme(a),
      tickChecklistItem: (a) => this.tick(a),
      getRoleSettings: () => ({ fatigueLimitsMs: this.fatigueLimits() }),
      setFatigueLimit: ({ role, minutes }) => {
        const stored = { ...this.storedLimits(), [role]: minutes * 60_000 };
        this.putMeta.run(FATIGUE_META_KEY, JSON.stringify(stored));
        return { fatigueLimitsMs: this.fatigueLimits() };
      },
    };
  }

  board(incidentId: string): RoleBoard {
    const incident = this.deps.requireIncident(incidentId);
    const declaredAt = incident.milestones.declaredAt ?? incident.createdAt;
    const severityClock = this.q.fieldHlc('incident', incidentId, 'severity');
    const severitySince = valueSince(this.q.severityWrites(incidentId), severityClock) ?? declaredAt;
    return buildRoleBoard({
      incidentId,
      severity: incident.severity,
      declaredAt,
      severitySince,
      myPeerId: this.deps.peerId,
      participants: this.q.participants(incidentId),
      roles: this.q.roles(incidentId),
      smeTags: this.q.smeTags(incidentId),
      checklist: this.q.checklist(incidentId),
      fatigueLimits: this.fatigueLimits(),
    });
  }

  /** The roles this console holds in its active incidents, as its presence shows them to peers. */
  presenceRole(): string | null {
    const boards: RoleBoard[] = [];
    for (const id of this.q.incidentsWithRolesOf(this.deps.peerId)) {
      const board = this.boardIfExists(id);
      if (board && isActive(this.deps.requireIncident(id).status)) boards.push(board);
    }
    return presenceRole(boards);
  }

  /** Whether a commit may change presenceRole(): a role op, or a status change (resolving ends a role). */
  affectsPresenceRole(ops: readonly Op[]): boolean {
    return ops.some(
      (op) => ROLE_TYPES.has(op.body.type) || (op.body.type === 'incident.set' && op.body.fields.status !== undefined),
    );
  }

  /** Incidents whose board a commit may have changed (role ops, severity, declaration). */
  boardsChangedBy(ops: readonly { readonly incidentId: string; readonly body: { readonly type: string } }[]): string[] {
    return [...new Set(ops.filter((op) => TRIGGER_TYPES.has(op.body.type)).map((op) => op.incidentId))];
  }

  /** The board, or null while the incident itself has not arrived (ops out of order). */
  boardIfExists(incidentId: string): RoleBoard | null {
    try {
      return this.board(incidentId);
    } catch (err) {
      if (err instanceof WarroomError && err.code === 'not_found') return null;
      throw err;
    }
  }

  /**
   * Ops that make this console a participant of the incident, added to every local write: a
   * new participant, or claiming one added by this console's display name before it joined,
   * or a rename after the profile changed. None when `bodies` already take care of it.
   */
  joinOps(incidentId: string, bodies: readonly OpBody[]): OpBody[] {
    const selfIn = (b: OpBody): boolean =>
      (b.type === 'participant.add' || b.type === 'participant.set') && b.fields.peerId === this.deps.peerId;
    if (bodies.some(selfIn)) return [];
    const profile = this.deps.profile();
    const wanted = { name: profile.displayName, handle: profile.handle ?? '', contact: profile.contact ?? '' };
    const signature = JSON.stringify(wanted);
    if (this.joined.get(incidentId) === signature) return [];
    const participants = this.q.participants(incidentId);
    const me = participants.find((p) => p.peerId === this.deps.peerId);
    if (me) {
      // The profile changed since this console joined: its participant follows (name, handle, contact).
      const fields = Object.fromEntries(
        (Object.keys(wanted) as (keyof typeof wanted)[]).filter((f) => me[f] !== wanted[f]).map((f) => [f, wanted[f]]),
      );
      if (Object.keys(fields).length === 0) {
        this.joined.set(incidentId, signature);
        return [];
      }
      const base = Object.fromEntries(Object.keys(fields).map((f) => [f, this.q.fieldHlc('participant', me.id, f)]));
      return [{ type: 'participant.set', participantId: me.id, fields, base }];
    }
    const unclaimed = participants.find((p) => p.peerId === null && sameName(p.name, profile.displayName));
    if (unclaimed) return [this.claim(unclaimed.id)];
    return [
      {
        type: 'participant.add',
        participantId: newId(),
        fields: {
          name: profile.displayName,
          handle: profile.handle ?? '',
          contact: profile.contact ?? '',
          peerId: this.deps.peerId,
        },
      },
    ];
  }

  /** Called after every commit, local or remote: participant ops may change who this console is. */
  forgetJoined(ops: readonly Op[]): void {
    if (this.joined.size === 0) return;
    for (const op of ops) {
      if (op.body.type === 'participant.add' || op.body.type === 'participant.set') this.joined.delete(op.incidentId);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Intents

  private assign(a: ParsedArgs<'assignRole'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label, card } = this.roleFor(board, a.role, true);
    const target = this.target(board, a);
    const holder = card?.holderId ?? null;
    const resolving = holder === target.person.id && (card?.conflicts.length ?? 0) > 0;
    if (holder === target.person.id && !resolving) {
      throw new WarroomError('invalid_argument', `${target.person.name} already holds ${label}`);
    }
    // Either side of a conflict may settle it by picking a holder; otherwise the usual rule.
    const party = card?.conflicts.some((c) => c.holderId === this.callerId(board)) ?? false;
    if (holder !== null && !party) this.requireAuthority(board, key, label, 'reassign');
    const now = this.deps.now();
    const fields: Partial<RoleFields> = {
      holder: target.person.id,
      since: resolving ? (card?.since ?? now) : now,
      handoff: null,
    };
    if (roleKindOf(key) === 'custom' && !card) fields.label = label;
    const pendingTo = card?.handoff ? this.person(board, card.handoff.to) : null;
    const text = resolving
      ? conflictResolvedEntry(label, key, target.person, now)
      : assignedEntry(label, key, target.person, holder ? this.person(board, holder) : null, pendingTo, now);
    this.deps.write(a.incidentId, [...target.bodies, this.roleSet(a.incidentId, key, fields), timeline(text)]);
    return this.board(a.incidentId);
  }

  private release(a: ParsedArgs<'releaseRole'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label, card } = this.roleFor(board, a.role, false);
    if (!card?.holderId) throw new WarroomError('invalid_argument', `${label} is not held by anyone`);
    this.requireAuthority(board, key, label, 'release');
    const now = this.deps.now();
    const entry = releasedEntry(label, key, this.person(board, card.holderId), this.deps.profile().displayName, now);
    this.deps.write(a.incidentId, [
      this.roleSet(a.incidentId, key, { holder: null, since: now, handoff: null }),
      timeline(entry),
    ]);
    return this.board(a.incidentId);
  }

  private handOff(a: ParsedArgs<'handOffRole'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label, card } = this.roleFor(board, a.role, false);
    if (!card?.holderId) {
      throw new WarroomError('invalid_argument', `Nobody holds ${label}: assign it instead of handing it off`);
    }
    this.requireAuthority(board, key, label, 'hand off');
    const target = this.target(board, a);
    if (target.person.id === card.holderId) {
      throw new WarroomError('invalid_argument', `${target.person.name} already holds ${label}`);
    }
    const now = this.deps.now();
    const brief: HandoffBrief = {
      currentState: a.brief.currentState,
      openActions: a.brief.openActions,
      nextUpdateDue: a.brief.nextUpdateDue ?? null,
      notes: a.brief.notes ?? '',
    };
    const handoff: PendingHandoff = {
      id: newId(),
      from: card.holderId,
      to: target.person.id,
      brief,
      startedAt: now,
      startedBy: this.deps.profile().displayName,
    };
    const from = this.person(board, card.holderId);
    this.deps.write(a.incidentId, [
      ...target.bodies,
      this.roleSet(a.incidentId, key, { handoff }),
      timeline(handoffEntry(label, key, from, target.person, handoff.id, brief, now)),
    ]);
    return this.board(a.incidentId);
  }

  private acknowledge(a: ParsedArgs<'acknowledgeHandoff'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label, card } = this.roleFor(board, a.role, false);
    const handoff = card?.handoff;
    if (!handoff || handoff.id !== a.handoffId) {
      throw new WarroomError('not_found', `No pending ${label} handoff ${a.handoffId} in this incident`);
    }
    const to = this.person(board, handoff.to);
    const bodies: OpBody[] = [];
    const addressee = board.participants.find((p) => p.id === handoff.to);
    if (addressee?.peerId !== this.deps.peerId) {
      // Someone added by name before their console joined: that console may claim the name.
      const claimable =
        addressee !== undefined &&
        addressee.peerId === null &&
        sameName(addressee.name, this.deps.profile().displayName);
      if (!claimable) {
        throw new WarroomError(
          'invalid_argument',
          `This ${label} handoff is addressed to ${to.name}; only ${to.name}'s console can acknowledge it`,
        );
      }
      bodies.push(this.claim(addressee.id));
    }
    const now = this.deps.now();
    const from = handoff.from ? this.person(board, handoff.from) : null;
    bodies.push(
      this.roleSet(a.incidentId, key, { holder: handoff.to, since: now, handoff: null }),
      timeline(acknowledgedEntry(label, key, from, to, handoff.id, now)),
    );
    this.deps.write(a.incidentId, bodies);
    return this.board(a.incidentId);
  }

  private cancelHandoff(a: ParsedArgs<'cancelHandoff'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label, card } = this.roleFor(board, a.role, false);
    const handoff = card?.handoff;
    if (!handoff) throw new WarroomError('not_found', `No pending ${label} handoff in this incident`);
    const caller = this.callerId(board);
    if (caller !== handoff.to) this.requireAuthority(board, key, label, 'cancel the handoff of');
    const now = this.deps.now();
    const entry = handoffCancelledEntry(
      label,
      key,
      this.person(board, handoff.to),
      this.deps.profile().displayName,
      handoff.id,
      now,
    );
    this.deps.write(a.incidentId, [this.roleSet(a.incidentId, key, { handoff: null }), timeline(entry)]);
    return this.board(a.incidentId);
  }

  private addSme(a: ParsedArgs<'addSme'>): RoleBoard {
    const board = this.board(a.incidentId);
    const target = this.target(board, a);
    const key = smeKey(target.person.id, a.domain);
    if (board.smes.some((s) => smeKey(s.participantId, s.domain) === key)) {
      throw new WarroomError('invalid_argument', `${target.person.name} is already an SME for ${a.domain}`);
    }
    const now = this.deps.now();
    this.deps.write(a.incidentId, [
      ...target.bodies,
      { type: 'sme.add', tag: newId(), fields: { participant: target.person.id, domain: a.domain } },
      timeline(smeEntry('sme_add', target.person, a.domain, now)),
    ]);
    return this.board(a.incidentId);
  }

  private removeSme(a: ParsedArgs<'removeSme'>): RoleBoard {
    const board = this.board(a.incidentId);
    const who = this.person(board, a.participantId);
    const key = smeKey(a.participantId, a.domain);
    const live = board.smes.find((s) => smeKey(s.participantId, s.domain) === key);
    if (!live) throw new WarroomError('not_found', `${who.name} is not an SME for ${a.domain}`);
    const caller = this.callerId(board);
    const ic = board.roles.find((r) => r.key === 'incident_commander')?.holderId ?? null;
    if (caller === null || (caller !== a.participantId && caller !== ic)) {
      throw new WarroomError(
        'invalid_argument',
        `Only ${who.name} or the Incident Commander can remove ${who.name} as SME for ${live.domain}`,
      );
    }
    // Remove exactly the tags observed here: an add made concurrently elsewhere survives.
    this.deps.write(a.incidentId, [
      { type: 'sme.remove', tags: [...live.tags] },
      timeline(smeEntry('sme_remove', who, live.domain, this.deps.now())),
    ]);
    return this.board(a.incidentId);
  }

  private tick(a: ParsedArgs<'tickChecklistItem'>): RoleBoard {
    const board = this.board(a.incidentId);
    const { key, label } = this.roleFor(board, a.role, false);
    const kind = roleKindOf(key);
    const spec = kind === 'custom' ? undefined : ROLE_CHECKLISTS[kind].find((s) => s.id === a.itemId);
    if (!spec) throw new WarroomError('not_found', `${label} has no checklist item ${a.itemId}`);
    const now = this.deps.now();
    this.deps.write(a.incidentId, [
      {
        type: 'role.check',
        role: key,
        item: spec.id,
        fields: a.done
          ? { done: true, by: this.deps.profile().displayName, at: now }
          : { done: false, by: null, at: null },
      },
    ]);
    return this.board(a.incidentId);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** Resolve a role name; custom roles must already exist unless `mayCreate`. */
  private roleFor(
    board: RoleBoard,
    name: string,
    mayCreate: boolean,
  ): { key: RoleKey; label: string; card: RoleCard | undefined } {
    const { key, label } = resolveRoleName(name);
    const card = board.roles.find((r) => r.key === key);
    if (!card && !mayCreate) throw new WarroomError('not_found', `No role named ${label} in this incident`);
    return { key, label: card?.label ?? label, card };
  }

  private target(board: RoleBoard, a: { participantId?: string | undefined; name?: string | undefined }): Target {
    if (a.participantId !== undefined) {
      return { person: this.person(board, a.participantId), bodies: [] };
    }
    const name = a.name ?? '';
    const existing = board.participants.find((p) => sameName(p.name, name));
    if (existing) return { person: { id: existing.id, name: existing.name }, bodies: [] };
    const id = newId();
    const isSelf = board.me === null && sameName(name, this.deps.profile().displayName);
    const fields: ParticipantFields = { name, handle: '', contact: '', peerId: isSelf ? this.deps.peerId : null };
    return { person: { id, name }, bodies: [{ type: 'participant.add', participantId: id, fields }] };
  }

  private person(board: RoleBoard, participantId: string): Person {
    const p = board.participants.find((x) => x.id === participantId);
    if (!p) throw new WarroomError('not_found', `No participant ${participantId} in incident ${board.incidentId}`);
    return { id: p.id, name: p.name };
  }

  /** This console's participant, or the one its next write would claim by name. */
  private callerId(board: RoleBoard): string | null {
    if (board.me !== null) return board.me;
    const name = this.deps.profile().displayName;
    return board.participants.find((p) => p.peerId === null && sameName(p.name, name))?.id ?? null;
  }

  private requireAuthority(board: RoleBoard, key: RoleKey, label: string, verb: string): void {
    if (mayChangeRole(board, key, this.callerId(board))) return;
    const holderId = board.roles.find((r) => r.key === key)?.holderId;
    const holder = holderId ? this.person(board, holderId).name : 'its holder';
    const also = key === 'incident_commander' ? ' or the Deputy IC' : ' or the Incident Commander';
    throw new WarroomError(
      'invalid_argument',
      `Only ${holder}${also} can ${verb} ${label}; this console holds neither`,
    );
  }

  private roleSet(incidentId: string, key: RoleKey, fields: Partial<RoleFields>): OpBody {
    const base = Object.fromEntries(Object.keys(fields).map((f) => [f, this.q.roleFieldHlc(incidentId, key, f)]));
    return { type: 'role.set', role: key, fields, base };
  }

  private claim(participantId: string): OpBody {
    const base = { peerId: this.q.fieldHlc('participant', participantId, 'peerId') };
    return { type: 'participant.set', participantId, fields: { peerId: this.deps.peerId }, base };
  }

  private findByName(incidentId: string, name: string): { id: string } | undefined {
    return this.q.participants(incidentId).find((p) => sameName(p.name, name));
  }

  private participant(incidentId: string, id: string): Participant {
    const p = this.board(incidentId).participants.find((x) => x.id === id);
    if (!p) throw new WarroomError('not_found', `No participant ${id} in incident ${incidentId}`);
    return p;
  }

  private requireParticipant(incidentId: string, id: string): Participant {
    return this.participant(incidentId, id);
  }

  private requireMe(incidentId: string): Participant {
    const me = this.board(incidentId).participants.find((p) => p.isMe);
    if (!me) throw new WarroomError('internal', `Joining incident ${incidentId} did not add this console`);
    return me;
  }

  private storedLimits(): Partial<FatigueLimits> {
    const raw = this.getMeta.get(FATIGUE_META_KEY) as string | undefined;
    if (raw === undefined) return {};
    try {
      const parsed = StoredLimitsSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: a damaged setting must not take the board down
    }
    this.deps.log.warn('ignoring unreadable fatigue limits setting', { value: raw.slice(0, 200) });
    return {};
  }

  private fatigueLimits(): FatigueLimits {
    return { ...DEFAULT_FATIGUE_LIMIT_MS, ...this.storedLimits() };
  }
}

function timeline(fields: ReturnType<typeof assignedEntry>): OpBody {
  return { type: 'timeline.add', entryId: newId(), fields };
}
