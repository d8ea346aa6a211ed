/**
 * Roles during an incident: who holds what, what the severity requires, what is uncovered, who
 * is tired. Everything here is pure: the service feeds it projection rows, the renderer feeds it
 * the board and its own clock.
 *
 * Replication model (see src/shared/ops/roles.ts):
 * - a single-holder role is a last-writer-wins register per field (holder, since, handoff);
 *   concurrent assignments keep a deterministic winner (greatest HLC) and surface the loser;
 * - Subject Matter Experts are an add-wins set (an observed-remove set): every add carries a
 *   fresh unique tag, a remove lists the tags its author had observed, so an add made
 *   concurrently with a remove (a tag the remover never saw) survives.
 */
import type { Severity } from './incident';
import { MIN_RESPONDERS, ROLE_KINDS, ROLE_LABELS, policyFor, type RoleKind } from './policy';
import { DEFAULT_FATIGUE_LIMIT_MS, ROLE_CHECKLISTS, UNCOVERED_NUDGE_MS } from './role-policy';

/** Roles held by one person at a time. SMEs are many and live in their own set. */
export const SINGLE_ROLE_KINDS = ROLE_KINDS.filter((k): k is Exclude<RoleKind, 'sme'> => k !== 'sme');
export type SingleRoleKind = Exclude<RoleKind, 'sme'>;

export const CUSTOM_ROLE_PREFIX = 'custom:';
export const MAX_ROLE_LABEL = 60;
export const MAX_SME_DOMAIN = 60;

/** A built-in single-holder role, or `custom:<normalized label>` for a role named by the team. */
export type RoleKey = SingleRoleKind | `custom:${string}`;

/** Trimmed, inner whitespace collapsed: how a custom role's label is shown. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ');
}

/** Two peers naming "Customer  liaison" and "customer liaison" mean the same role. */
export function customRoleKey(label: string): RoleKey {
  return `${CUSTOM_ROLE_PREFIX}${normalizeLabel(label).toLowerCase()}`;
}

export function isSingleRoleKind(value: string): value is SingleRoleKind {
  return (SINGLE_ROLE_KINDS as readonly string[]).includes(value);
}

/** A key is valid when it names a built-in role or is a custom key already in normal form. */
export function isRoleKey(value: string): value is RoleKey {
  if (isSingleRoleKind(value)) return true;
  if (!value.startsWith(CUSTOM_ROLE_PREFIX)) return false;
  const label = value.slice(CUSTOM_ROLE_PREFIX.length);
  return label.length > 0 && label.length <= MAX_ROLE_LABEL && customRoleKey(label) === value;
}

export function roleKindOf(key: RoleKey): SingleRoleKind | 'custom' {
  return isSingleRoleKind(key) ? key : 'custom';
}

/** What a person typed to name a role: a built-in kind or a custom label, to key and label. */
export function resolveRoleName(role: string): { key: RoleKey; label: string } {
  if (isSingleRoleKind(role)) return { key: role, label: ROLE_LABELS[role] };
  const label = normalizeLabel(role.startsWith(CUSTOM_ROLE_PREFIX) ? role.slice(CUSTOM_ROLE_PREFIX.length) : role);
  const builtIn = SINGLE_ROLE_KINDS.find((k) => ROLE_LABELS[k].toLowerCase() === label.toLowerCase());
  if (builtIn) return { key: builtIn, label: ROLE_LABELS[builtIn] };
  return { key: customRoleKey(label), label };
}

export function sameName(a: string, b: string): boolean {
  return normalizeLabel(a).toLowerCase() === normalizeLabel(b).toLowerCase();
}

export interface HandoffBrief {
  /** Where the incident stands, in the outgoing holder's words. */
  readonly currentState: string;
  readonly openActions: string;
  /** When the next stakeholder update is due, if one is scheduled. */
  readonly nextUpdateDue: number | null;
  readonly notes: string;
}

/**
 * A handoff waiting for the incoming holder's acknowledgement. The outgoing holder keeps the
 * role until then, so the role is never uncovered during the transfer (ICS transfer of command).
 */
export interface PendingHandoff {
  readonly id: string;
  /** Participant id of the outgoing holder. */
  readonly from: string | null;
  /** Participant id of the addressee: only that person's console may acknowledge. */
  readonly to: string;
  readonly brief: HandoffBrief;
  readonly startedAt: number;
  readonly startedBy: string;
}

export interface Participant {
  readonly id: string;
  readonly incidentId: string;
  readonly name: string;
  readonly handle: string;
  readonly contact: string;
  /** The console this person uses; null for someone added by name who has not joined. */
  readonly peerId: string | null;
  readonly addedAt: number;
  readonly addedBy: string;
  /** True for the participant of the console asking. */
  readonly isMe: boolean;
}

/** A concurrent assignment that lost to the shown holder: surfaced, never silently dropped. */
export interface RoleConflict {
  readonly holderId: string | null;
  readonly hlc: string;
  readonly author: string;
  readonly at: number;
}

export interface ChecklistItem {
  readonly id: string;
  readonly label: string;
  readonly done: boolean;
  readonly doneBy: string | null;
  readonly doneAt: number | null;
}

export interface RoleCard {
  readonly key: RoleKey;
  readonly kind: SingleRoleKind | 'custom';
  readonly label: string;
  readonly holderId: string | null;
  /** Held: when the holder took it. Not held: when it was released (null: never held). */
  readonly since: number | null;
  readonly required: boolean;
  readonly recommended: boolean;
  readonly handoff: PendingHandoff | null;
  readonly conflicts: readonly RoleConflict[];
  readonly checklist: readonly ChecklistItem[];
  readonly fatigueLimitMs: number;
}

export interface SmeAssignment {
  readonly participantId: string;
  readonly domain: string;
  /** When the earliest live add was made. */
  readonly since: number;
  /** The live add tags: what a remove must list. */
  readonly tags: readonly string[];
}

export interface UncoveredRole {
  /** A required role, or `responder` when a severity only needs someone, anyone, on it. */
  readonly key: RoleKey | 'responder';
  readonly label: string;
  readonly uncoveredSince: number;
  /** When the IC gets nudged about it (SEV1/2); null when no nudge applies. */
  readonly nudgeAt: number | null;
}

export interface Coverage {
  readonly severity: Severity;
  readonly required: readonly RoleKey[];
  readonly recommended: readonly RoleKey[];
  /** Required roles nobody holds, in policy order: the red checklist. */
  readonly uncovered: readonly UncoveredRole[];
  readonly uncoveredRecommended: readonly RoleKey[];
  /** Distinct people holding a role (SMEs included) against the policy's minimum. */
  readonly responders: { readonly needed: number; readonly have: number };
}

export interface RoleBoard {
  readonly incidentId: string;
  readonly severity: Severity;
  /** This console's participant id in the incident, once joined. */
  readonly me: string | null;
  readonly participants: readonly Participant[];
  readonly roles: readonly RoleCard[];
  readonly smes: readonly SmeAssignment[];
  readonly coverage: Coverage;
  readonly smeFatigueLimitMs: number;
}

export type FatigueLimits = Readonly<Record<RoleKind | 'custom', number>>;

// ---------------------------------------------------------------------------------------------
// Coverage

export interface CoverageInput {
  readonly severity: Severity;
  /** When the incident was declared (milestone, else creation). */
  readonly declaredAt: number;
  /** When the current severity took effect: a role only becomes required from then on. */
  readonly severitySince: number;
  readonly roles: readonly { readonly key: RoleKey; readonly holderId: string | null; readonly since: number | null }[];
  readonly smeHolders: readonly string[];
}

export function computeCoverage(input: CoverageInput): Coverage {
  const policy = policyFor(input.severity);
  const byKey = new Map(input.roles.map((r) => [r.key, r]));
  const held = (key: RoleKind): boolean => (byKey.get(key as RoleKey)?.holderId ?? null) !== null;
  const requiredFrom = Math.max(input.declaredAt, input.severitySince);
  const nudges = policy.requiredRoles.length > 0;
  const holders = new Set<string>(input.smeHolders);
  for (const r of input.roles) if (r.holderId !== null) holders.add(r.holderId);
  const needed = MIN_RESPONDERS[input.severity];

  const uncovered: UncoveredRole[] = [];
  for (const kind of policy.requiredRoles) {
    if (kind === 'sme' || held(kind)) continue;
    const released = byKey.get(kind)?.since ?? null;
    const since = Math.max(requiredFrom, released ?? requiredFrom);
    uncovered.push({
      key: kind,
      label: ROLE_LABELS[kind],
      uncoveredSince: since,
      nudgeAt: nudges ? since + UNCOVERED_NUDGE_MS : null,
    });
  }
  // SEV3/4 require no particular role, only that somebody is on it.
  if (policy.requiredRoles.length === 0 && holders.size < needed) {
    const lastRelease = Math.max(requiredFrom, ...input.roles.map((r) => (r.holderId === null ? (r.since ?? 0) : 0)));
    uncovered.push({ key: 'responder', label: 'At least one responder', uncoveredSince: lastRelease, nudgeAt: null });
  }

  return {
    severity: input.severity,
    required: policy.requiredRoles.filter(isSingle),
    recommended: policy.recommendedRoles.filter(isSingle),
    uncovered,
    uncoveredRecommended: policy.recommendedRoles.filter(isSingle).filter((k) => !held(k)),
    responders: { needed, have: holders.size },
  };
}

function isSingle(kind: RoleKind): kind is SingleRoleKind {
  return kind !== 'sme';
}

/** Uncovered roles whose reminder is due at `now`. */
export function dueNudges(coverage: Coverage, now: number): UncoveredRole[] {
  return coverage.uncovered.filter((u) => u.nudgeAt !== null && u.nudgeAt <= now);
}

/**
 * The due reminders this console should raise: the IC's console, or, while nobody holds IC,
 * every participant's (someone has to take command). Everyone else sees the flag on the board.
 */
export function nudgesFor(board: RoleBoard, now: number): UncoveredRole[] {
  if (board.me === null) return [];
  const ic = board.roles.find((r) => r.key === 'incident_commander')?.holderId ?? null;
  if (ic !== null && ic !== board.me) return [];
  return dueNudges(board.coverage, now);
}

/**
 * When a field's current value took effect, from its write history (ordered or not): the
 * earliest write of the unbroken run of equal values that ends with the winning write. Rewriting
 * the same severity does not restart the clock; a change away and back does.
 */
export function valueSince(
  history: readonly { readonly hlc: string; readonly value: unknown; readonly at: number }[],
  winnerHlc: string | null,
): number | null {
  if (winnerHlc === null) return null;
  const ordered = history.filter((h) => h.hlc <= winnerHlc).toSorted((a, b) => (a.hlc < b.hlc ? -1 : 1));
  const last = ordered.at(-1);
  if (!last || last.hlc !== winnerHlc) return null;
  const current = JSON.stringify(last.value);
  let since = last.at;
  for (let i = ordered.length - 2; i >= 0; i--) {
    const h = ordered[i] as (typeof ordered)[number];
    if (JSON.stringify(h.value) !== current) break;
    since = h.at;
  }
  return since;
}

// ---------------------------------------------------------------------------------------------
// Fatigue

export interface Fatigue {
  readonly onDutyMs: number;
  readonly limitMs: number;
  readonly warn: boolean;
}

export function fatigue(since: number, limitMs: number, now: number): Fatigue {
  const onDutyMs = Math.max(0, now - since);
  return { onDutyMs, limitMs, warn: onDutyMs >= limitMs };
}

export function fatigueLimitFor(kind: SingleRoleKind | 'custom' | 'sme', limits: Partial<FatigueLimits>): number {
  return limits[kind] ?? DEFAULT_FATIGUE_LIMIT_MS[kind];
}

// ---------------------------------------------------------------------------------------------
// Subject Matter Experts: the observed-remove set

export interface SmeTag {
  readonly tag: string;
  readonly participantId: string;
  readonly domain: string;
  readonly addedAt: number;
  readonly removed: boolean;
}

/** Domains compare case-insensitively: "Database" and "database" are one expertise. */
export function smeKey(participantId: string, domain: string): string {
  return `${participantId}\u0000${normalizeLabel(domain).toLowerCase()}`;
}

/** The set's members: every (participant, domain) with at least one add tag not yet removed. */
export function liveSmes(tags: readonly SmeTag[]): SmeAssignment[] {
  const groups = new Map<string, { participantId: string; domain: string; since: number; tags: string[] }>();
  for (const t of tags.toSorted((a, b) => a.addedAt - b.addedAt || (a.tag < b.tag ? -1 : 1))) {
    if (t.removed) continue;
    const key = smeKey(t.participantId, t.domain);
    const g = groups.get(key);
    if (g) g.tags.push(t.tag);
    else
      groups.set(key, {
        participantId: t.participantId,
        domain: normalizeLabel(t.domain),
        since: t.addedAt,
        tags: [t.tag],
      });
  }
  return [...groups.values()].sort((a, b) => a.since - b.since || (a.domain < b.domain ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// The board

export interface RoleRow {
  readonly key: RoleKey;
  readonly label: string;
  readonly holderId: string | null;
  readonly since: number | null;
  readonly handoff: PendingHandoff | null;
  readonly conflicts: readonly RoleConflict[];
}

export interface ChecklistRow {
  readonly role: RoleKey;
  readonly item: string;
  readonly done: boolean;
  readonly doneBy: string | null;
  readonly doneAt: number | null;
}

export interface BoardInput {
  readonly incidentId: string;
  readonly severity: Severity;
  readonly declaredAt: number;
  readonly severitySince: number;
  readonly myPeerId: string;
  readonly participants: readonly Omit<Participant, 'isMe'>[];
  readonly roles: readonly RoleRow[];
  readonly smeTags: readonly SmeTag[];
  readonly checklist: readonly ChecklistRow[];
  readonly fatigueLimits: Partial<FatigueLimits>;
}

/** Built-in roles always have a card, in policy order; custom roles follow, by label. */
export function buildRoleBoard(input: BoardInput): RoleBoard {
  const rows = new Map(input.roles.map((r) => [r.key, r]));
  const policy = policyFor(input.severity);
  const ticks = new Map(input.checklist.map((c) => [`${c.role}/${c.item}`, c]));
  const card = (key: RoleKey, fallbackLabel: string): RoleCard => {
    const row = rows.get(key);
    const kind = roleKindOf(key);
    const specs = kind === 'custom' ? [] : ROLE_CHECKLISTS[kind];
    return {
      key,
      kind,
      label: kind === 'custom' ? row?.label || fallbackLabel : ROLE_LABELS[kind],
      holderId: row?.holderId ?? null,
      since: row?.since ?? null,
      required: kind !== 'custom' && policy.requiredRoles.includes(kind),
      recommended: kind !== 'custom' && policy.recommendedRoles.includes(kind),
      handoff: row?.handoff ?? null,
      conflicts: row?.conflicts ?? [],
      checklist: specs.map((s) => {
        const t = ticks.get(`${key}/${s.id}`);
        return {
          id: s.id,
          label: s.label,
          done: t?.done ?? false,
          doneBy: t?.doneBy ?? null,
          doneAt: t?.doneAt ?? null,
        };
      }),
      fatigueLimitMs: fatigueLimitFor(kind, input.fatigueLimits),
    };
  };
  const custom = input.roles
    .filter((r) => roleKindOf(r.key) === 'custom')
    .sort((a, b) => (a.label.toLowerCase() < b.label.toLowerCase() ? -1 : 1));
  const roles = [...SINGLE_ROLE_KINDS.map((k) => card(k, ROLE_LABELS[k])), ...custom.map((r) => card(r.key, r.label))];
  const smes = liveSmes(input.smeTags);
  const participants = input.participants
    .map((p) => ({ ...p, isMe: p.peerId === input.myPeerId }))
    .sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
  return {
    incidentId: input.incidentId,
    severity: input.severity,
    me: participants.find((p) => p.isMe)?.id ?? null,
    participants,
    roles,
    smes,
    coverage: computeCoverage({
      severity: input.severity,
      declaredAt: input.declaredAt,
      severitySince: input.severitySince,
      roles,
      smeHolders: smes.map((s) => s.participantId),
    }),
    smeFatigueLimitMs: fatigueLimitFor('sme', input.fatigueLimits),
  };
}

/** Who may change a held role: its holder and the IC; for the IC role also the Deputy IC. */
export function mayChangeRole(board: RoleBoard, key: RoleKey, participantId: string | null): boolean {
  if (participantId === null) return false;
  const holderOf = (k: RoleKey): string | null => board.roles.find((r) => r.key === k)?.holderId ?? null;
  if (holderOf(key) === participantId || holderOf('incident_commander') === participantId) return true;
  return key === 'incident_commander' && holderOf('deputy_ic') === participantId;
}

/**
 * What a console's presence says it is doing: the roles its participant holds on the given
 * boards (its active incidents), SMEs with their domain, each once, e.g. "Incident Commander,
 * SME (database)". Null when it holds none.
 */
export function presenceRole(boards: readonly RoleBoard[]): string | null {
  const held = new Set<string>();
  for (const board of boards) {
    if (board.me === null) continue;
    for (const role of board.roles) if (role.holderId === board.me) held.add(role.label);
    for (const sme of board.smes) if (sme.participantId === board.me) held.add(`SME (${sme.domain})`);
  }
  return held.size > 0 ? [...held].join(', ') : null;
}
