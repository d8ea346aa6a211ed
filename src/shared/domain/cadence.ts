/**
 * Update cadence and escalation deadlines, derived from replicated data alone (the incident, its
 * status updates and status changes in the timeline, the per-incident cadence settings) plus the
 * policy and a `now`. No timer state exists anywhere: every peer that holds the same ops computes
 * the same deadlines, and a countdown is just `deadline - now`.
 */
import type { CadencePolicy, SeverityCadence } from './cadence-policy';
import { MAX_CADENCE_MS, milestoneFallback } from './cadence-policy';
import { isActive, STATUS_LABELS, type Incident, type Milestones, type Severity, type Status } from './incident';
import { ROLE_KINDS, type EscalationStep, type RoleKind } from './policy';
import type { TimelineEntry } from './timeline';

export const AUDIENCES = ['internal', 'status_page', 'executives'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = {
  internal: 'Internal',
  status_page: 'Status page',
  executives: 'Executives',
};

export function isAudience(v: unknown): v is Audience {
  return typeof v === 'string' && (AUDIENCES as readonly string[]).includes(v);
}

/** An override shorter than this is surely a typo (0 or a unit mix-up). */
export const MIN_CADENCE_MS = 1_000;
export { MAX_CADENCE_MS };

/**
 * The per-incident pause register. One value, so a concurrent pause and resume resolve to one
 * consistent state by last-writer-wins instead of a mix of fields from each.
 */
export type CadencePause =
  | {
      readonly state: 'paused';
      readonly at: number;
      /** A snooze ends by itself at this time; null pauses until someone resumes. */
      readonly until: number | null;
      readonly reason: string;
      readonly by: string;
      /** The resume this pause interrupted: the countdown anchor a snooze keeps. */
      readonly lastResumedAt: number | null;
    }
  | { readonly state: 'resumed'; readonly at: number; readonly by: string };

/** Replicated per-incident cadence settings (the `cadence` projection). */
export interface CadenceSettings {
  readonly overrideMs: number | null;
  readonly pause: CadencePause | null;
}

export const NO_CADENCE_SETTINGS: CadenceSettings = { overrideMs: null, pause: null };

/** Everything the computation needs, all of it replicated: identical on every peer. */
export interface CadenceFacts {
  readonly incidentId: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly declaredAt: number;
  readonly milestones: Milestones;
  /** Event time of the latest non-deleted status update, any audience. */
  readonly lastUpdateAt: number | null;
  readonly lastUpdateByAudience: Readonly<Record<Audience, number | null>>;
  /** Event time of the latest status change (for milestone reminders). */
  readonly lastStatusChangeAt: number | null;
  readonly settings: CadenceSettings;
  /**
   * When each role first got a holder (from the role_change entries); null when role data is not
   * available, which makes role-based escalation steps "unknown" rather than "missed".
   */
  readonly roleAssignedAt: Readonly<Partial<Record<RoleKind, number>>> | null;
}

export type CadenceState = 'ok' | 'due_soon' | 'overdue' | 'paused' | 'none';

export type EscalationState = 'pending' | 'met' | 'late' | 'missed' | 'skipped' | 'unknown';

export interface EscalationView {
  readonly id: string;
  readonly label: string;
  readonly deadline: number;
  readonly state: EscalationState;
  /** When the step was met (milestone time or role assignment). */
  readonly metAt: number | null;
}

export interface CadenceView {
  readonly state: CadenceState;
  readonly mode: SeverityCadence['updates']['mode'];
  /** Effective interval for the current status; null when no countdown applies. */
  readonly intervalMs: number | null;
  readonly intervalSource: 'policy' | 'override' | null;
  /** Start of the current countdown: declaration, last update or resume, whichever is latest. */
  readonly anchorAt: number | null;
  readonly deadline: number | null;
  readonly dueSoonAt: number | null;
  /** deadline - now (negative once past). */
  readonly remainingMs: number | null;
  /** now - deadline when overdue, else 0. */
  readonly overdueMs: number;
  /** The active pause or snooze. */
  readonly pause: Extract<CadencePause, { state: 'paused' }> | null;
  /** Why there is no countdown, in words. */
  readonly noneReason: string | null;
  /** Milestone mode: the status changed after the last update, so one is owed. */
  readonly reminder: string | null;
  readonly lastUpdateAt: number | null;
  readonly escalations: readonly EscalationView[];
}

/** Build the facts from the incident and its timeline; entries may come in any order. */
export type CadenceEntry = Pick<TimelineEntry, 'incidentId' | 'kind' | 'eventTime' | 'deleted' | 'data'>;

/** The timeline entry kinds the facts are built from. */
export const CADENCE_ENTRY_KINDS = ['status_update', 'status_change', 'role_change'] as const;

/**
 * Build the facts from the incident and its timeline; entries may come in any order. With
 * `rolesKnown` false (a console without the role board), role steps stay "unknown".
 */
export function cadenceFacts(
  incident: Incident,
  entries: readonly CadenceEntry[],
  settings: CadenceSettings,
  rolesKnown = true,
): CadenceFacts {
  let lastUpdateAt: number | null = null;
  let lastStatusChangeAt: number | null = null;
  const byAudience: Record<Audience, number | null> = { internal: null, status_page: null, executives: null };
  const roleAssignedAt: Partial<Record<RoleKind, number>> = {};
  for (const e of entries) {
    if (e.deleted || e.incidentId !== incident.id) continue;
    if (e.kind === 'status_change') lastStatusChangeAt = later(lastStatusChangeAt, e.eventTime);
    if (e.kind === 'role_change') {
      const role = e.data?.['role'];
      // Any entry that leaves someone holding the role (assign, acknowledged handoff...) counts.
      if (typeof role === 'string' && isRoleKind(role) && typeof e.data?.['to'] === 'string') {
        roleAssignedAt[role] = earlier(roleAssignedAt[role] ?? null, e.eventTime);
      }
    }
    if (e.kind !== 'status_update') continue;
    lastUpdateAt = later(lastUpdateAt, e.eventTime);
    for (const a of updateAudience(e)) byAudience[a] = later(byAudience[a], e.eventTime);
  }
  return {
    incidentId: incident.id,
    severity: incident.severity,
    status: incident.status,
    declaredAt: incident.milestones.declaredAt ?? incident.createdAt,
    milestones: incident.milestones,
    lastUpdateAt,
    lastUpdateByAudience: byAudience,
    lastStatusChangeAt,
    settings,
    roleAssignedAt: rolesKnown ? roleAssignedAt : null,
  };
}

function isRoleKind(v: string): v is RoleKind {
  return (ROLE_KINDS as readonly string[]).includes(v);
}

function earlier(a: number | null, b: number): number {
  return a === null || b < a ? b : a;
}

/** The audiences of a status update entry; one typed in the timeline by hand counts as internal. */
export function updateAudience(e: Pick<TimelineEntry, 'data'>): Audience[] {
  const raw = e.data?.['audience'];
  const list = Array.isArray(raw) ? raw.filter(isAudience) : [];
  return list.length > 0 ? [...new Set(list)] : ['internal'];
}

function later(a: number | null, b: number): number {
  return a === null || b > a ? b : a;
}

/** The effective update interval for the facts' severity and status, and where it came from. */
export function effectiveInterval(
  facts: Pick<CadenceFacts, 'severity' | 'status' | 'settings'>,
  policy: CadencePolicy,
): { intervalMs: number | null; source: 'policy' | 'override' | null } {
  if (!isActive(facts.status)) return { intervalMs: null, source: null };
  if (facts.settings.overrideMs !== null) return { intervalMs: facts.settings.overrideMs, source: 'override' };
  const updates = policy.severities[facts.severity].updates;
  const ms = updates.mode === 'interval' ? (updates.intervalMs[facts.status] ?? null) : null;
  return { intervalMs: ms, source: ms === null ? null : 'policy' };
}

/** "Due soon" starts this long before the deadline: the policy's window, at most half the interval. */
export function dueSoonWindow(intervalMs: number, policy: CadencePolicy): number {
  return Math.min(policy.dueSoonMs, Math.floor(intervalMs / 2));
}

/** "Due" becomes "overdue" (for notifications) this long after the deadline. */
export function overdueGrace(intervalMs: number, policy: CadencePolicy): number {
  return Math.min(policy.overdueAfterMs, intervalMs);
}

export function evaluateCadence(facts: CadenceFacts, policy: CadencePolicy, now: number): CadenceView {
  const escalations = evaluateEscalations(facts, policy, now);
  const base = { lastUpdateAt: facts.lastUpdateAt, escalations, overdueMs: 0 };
  const severityPolicy = policy.severities[facts.severity];
  const mode = severityPolicy.updates.mode;
  const { intervalMs, source } = effectiveInterval(facts, policy);

  if (intervalMs === null) {
    return {
      ...base,
      state: 'none',
      mode,
      intervalMs: null,
      intervalSource: null,
      anchorAt: null,
      deadline: null,
      dueSoonAt: null,
      remainingMs: null,
      pause: null,
      noneReason: noneReason(facts, mode),
      reminder: milestoneReminder(facts, mode),
    };
  }

  const pause = facts.settings.pause;
  const resumedAt = pause?.state === 'resumed' ? pause.at : (pause?.lastResumedAt ?? null);
  const anchorAt = Math.max(facts.declaredAt, facts.lastUpdateAt ?? facts.declaredAt, resumedAt ?? facts.declaredAt);
  let deadline = anchorAt + intervalMs;
  // A snooze moves the deadline to its end at the earliest; an update posted meanwhile may move it further.
  if (pause?.state === 'paused' && pause.until !== null) deadline = Math.max(deadline, pause.until);
  const dueSoonAt = deadline - dueSoonWindow(intervalMs, policy);
  const active = pause?.state === 'paused' && (pause.until === null || now < pause.until) ? pause : null;
  const common = {
    ...base,
    mode,
    intervalMs,
    intervalSource: source,
    anchorAt,
    deadline,
    dueSoonAt,
    remainingMs: deadline - now,
    noneReason: null,
    reminder: null,
  };
  if (active) return { ...common, state: 'paused', pause: active };
  if (now >= deadline) return { ...common, state: 'overdue', overdueMs: now - deadline, pause: null };
  return { ...common, state: now >= dueSoonAt ? 'due_soon' : 'ok', pause: null };
}

function noneReason(facts: CadenceFacts, mode: SeverityCadence['updates']['mode']): string {
  if (!isActive(facts.status)) return `${STATUS_LABELS[facts.status]}: no further scheduled updates`;
  if (mode === 'milestones') return `${facts.severity}: updates at milestones (status changes), no countdown`;
  if (mode === 'none') return `${facts.severity}: no scheduled stakeholder updates`;
  return `${facts.severity}: no countdown while ${STATUS_LABELS[facts.status].toLowerCase()}`;
}

/**
 * A status change not yet followed by an update, for severities updated at milestones and for
 * the final update on resolution.
 */
function milestoneReminder(facts: CadenceFacts, mode: SeverityCadence['updates']['mode']): string | null {
  if (mode === 'none' || facts.lastStatusChangeAt === null) return null;
  if (mode === 'interval' && isActive(facts.status)) return null;
  if (facts.lastUpdateAt !== null && facts.lastUpdateAt >= facts.lastStatusChangeAt) return null;
  return `Status is now ${STATUS_LABELS[facts.status]}: post an update`;
}

export function evaluateEscalations(facts: CadenceFacts, policy: CadencePolicy, now: number): EscalationView[] {
  const ended = facts.milestones.resolvedAt ?? facts.milestones.closedAt ?? (isActive(facts.status) ? null : now);
  return policy.severities[facts.severity].escalation.map((step) => evaluateStep(step, facts, ended, now));
}

function evaluateStep(step: EscalationStep, facts: CadenceFacts, ended: number | null, now: number): EscalationView {
  const deadline = facts.declaredAt + step.afterMs;
  const view = { id: step.id, label: step.label, deadline };
  let metAt: number | null;
  if ('milestone' in step.metBy) {
    const m = step.metBy.milestone;
    const fallback = milestoneFallback(m);
    metAt = facts.milestones[m] ?? (fallback ? facts.milestones[fallback] : null);
  } else {
    if (facts.roleAssignedAt === null) return { ...view, state: 'unknown', metAt: null };
    metAt = facts.roleAssignedAt[step.metBy.role] ?? null;
  }
  if (metAt !== null) return { ...view, state: metAt <= deadline ? 'met' : 'late', metAt };
  // Once the incident ended, an unmet step either was missed before the end or was never needed.
  if (ended !== null) return { ...view, state: deadline < ended ? 'missed' : 'skipped', metAt: null };
  return { ...view, state: now >= deadline ? 'missed' : 'pending', metAt: null };
}

/** Notification stages of one deadline, in the order they happen. */
export const ALERT_STAGES = ['due_soon', 'due', 'overdue'] as const;
export type AlertStage = (typeof ALERT_STAGES)[number];

/** The most advanced stage reached for the view's current deadline, or null. */
export function alertStage(view: CadenceView, policy: CadencePolicy): AlertStage | null {
  if (view.intervalMs === null || view.deadline === null) return null;
  if (view.state === 'overdue') return view.overdueMs >= overdueGrace(view.intervalMs, policy) ? 'overdue' : 'due';
  return view.state === 'due_soon' ? 'due_soon' : null;
}

/** mm:ss under an hour, h:mm:ss above; negative values render as their magnitude. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(Math.abs(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "10 min", "3 s", "1 h 30 min": for intervals in text and the timeline. */
export function formatInterval(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const totalMin = ms / 60_000;
  if (totalMin < 60) {
    const whole = Math.floor(totalMin);
    const sec = Math.round((ms - whole * 60_000) / 1000);
    return sec > 0 ? `${whole} min ${sec} s` : `${whole} min`;
  }
  const h = Math.floor(totalMin / 60);
  const min = Math.round(totalMin - h * 60);
  return min > 0 ? `${h} h ${min} min` : `${h} h`;
}

/** Why an override value is refused, or null when it is acceptable. */
export function overrideProblem(ms: number): string | null {
  if (!Number.isFinite(ms)) return 'Cadence override must be a number of milliseconds';
  if (ms <= 0) return `Cadence override must be positive (got ${ms} ms); clear the override to return to the policy`;
  if (ms < MIN_CADENCE_MS) return `Cadence override must be at least 1 s (got ${ms} ms)`;
  if (ms > MAX_CADENCE_MS) return `Cadence override must be at most 24 h (got ${formatInterval(ms)})`;
  if (!Number.isInteger(ms)) return 'Cadence override must be a whole number of milliseconds';
  return null;
}

/**
 * Parse what a person types for a duration: "90s", "3 s", "10m", "1h30m", "1:30" (m:ss) or a
 * bare number of minutes. Returns milliseconds, or an error message.
 */
export function parseDuration(input: string): { ok: true; ms: number } | { ok: false; error: string } {
  const s = input.trim().toLowerCase();
  if (s === '') return { ok: false, error: 'Enter a duration such as 10m, 90s or 1h30m' };
  const clock = /^(\d+):([0-5]\d)$/.exec(s);
  if (clock) return { ok: true, ms: (Number(clock[1]) * 60 + Number(clock[2])) * 1000 };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { ok: true, ms: Math.round(Number(s) * 60_000) };
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000 };
  const re = /(-?\d+(?:\.\d+)?)\s*(hours?|h|minutes?|mins?|m|seconds?|secs?|s)\s*/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (unit[(m[2] ?? '').charAt(0)] ?? 0);
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) {
    return { ok: false, error: `"${input.trim().slice(0, 40)}" is not a duration; use e.g. 10m, 90s or 1h30m` };
  }
  return { ok: true, ms: Math.round(total) };
}
