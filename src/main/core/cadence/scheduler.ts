/**
 * The ticking side of cadence: once a second, evaluate every active incident's deadlines from its
 * cached facts and emit an alert when a stage is reached. Deadlines themselves come from the pure
 * functions, so a tick only decides *whether to notify*; dedupe is per deadline and stage, and a
 * jump past several stages (laptop sleep) notifies once, for the most advanced stage.
 */
import {
  ALERT_STAGES,
  alertStage,
  evaluateCadence,
  formatCountdown,
  type AlertStage,
  type CadenceFacts,
  type CadenceView,
} from '../../../shared/domain/cadence';
import type { CadencePolicy } from '../../../shared/domain/cadence-policy';
import type { Severity } from '../../../shared/domain/incident';
import type { CadenceAlert } from '../../../shared/contract/cadence';
import type { Logger } from '../log';

export interface SchedulerClock {
  now(): number;
  /** Run `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

/** Wall clock and a real interval that never keeps the process alive on its own. */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export interface WatchedIncident {
  readonly facts: CadenceFacts;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
}

export interface SchedulerSource {
  /** Incidents that may owe updates or escalations (active ones). */
  activeIncidentIds(): string[];
  load(incidentId: string): WatchedIncident | null;
}

export interface SchedulerOptions {
  readonly clock: SchedulerClock;
  readonly source: SchedulerSource;
  readonly policy: () => CadencePolicy;
  readonly emit: (alert: CadenceAlert) => void;
  readonly log: Logger;
  readonly tickMs?: number;
  /** A gap between ticks this much longer than expected (or a step back) is a clock jump. */
  readonly jumpToleranceMs?: number;
}

interface Notified {
  /** The update deadline last notified about, and the furthest stage reached for it. */
  deadline: number | null;
  rank: number;
  /** The status change a reminder was sent for. */
  reminderFor: number | null;
  /** `${stepId}@${deadline}` of escalation steps already reported missed. */
  missed: Set<string>;
}

export class CadenceScheduler {
  private readonly tickMs: number;
  private readonly jumpToleranceMs: number;
  private readonly cache = new Map<string, WatchedIncident | null>();
  private readonly notified = new Map<string, Notified>();
  private ids: string[] | null = null;
  private lastTick: number | null = null;
  private primed = false;
  private cancel: (() => void) | null = null;

  constructor(private readonly options: SchedulerOptions) {
    this.tickMs = options.tickMs ?? 1_000;
    this.jumpToleranceMs = options.jumpToleranceMs ?? 5_000;
  }

  start(): void {
    if (this.cancel) return;
    this.cancel = this.options.clock.every(this.tickMs, () => {
      try {
        this.tick();
      } catch (err) {
        this.options.log.error('cadence tick failed', { error: (err as Error).stack ?? String(err) });
      }
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Something about these incidents changed: reload their facts at the next tick. */
  invalidate(incidentIds: Iterable<string>): void {
    for (const id of incidentIds) this.cache.delete(id);
    this.ids = null;
  }

  /** Forget every cached fact (after a clock jump, or a policy reload). */
  invalidateAll(): void {
    this.cache.clear();
    this.ids = null;
  }

  /**
   * Evaluate every watched incident now and emit what is newly due. The first tick only records
   * where things stand: a restarted console does not replay alerts that fired before it stopped.
   */
  tick(): CadenceAlert[] {
    const now = this.options.clock.now();
    if (this.lastTick !== null) {
      const gap = now - this.lastTick;
      if (gap > this.tickMs + this.jumpToleranceMs || gap < -this.jumpToleranceMs) {
        this.options.log.info('cadence: clock jump detected, recomputing deadlines', { gapMs: gap });
        this.invalidateAll();
      }
    }
    this.lastTick = now;
    const policy = this.options.policy();
    const ids = (this.ids ??= this.options.source.activeIncidentIds());
    const alerts: CadenceAlert[] = [];
    for (const id of ids) {
      let watched = this.cache.get(id);
      if (watched === undefined) {
        watched = this.options.source.load(id);
        this.cache.set(id, watched);
      }
      if (!watched) continue;
      const view = evaluateCadence(watched.facts, policy, now);
      alerts.push(...this.check(watched, view, policy, now, !this.primed));
    }
    // Incidents no longer active stop being tracked.
    for (const id of this.notified.keys()) if (!ids.includes(id)) this.notified.delete(id);
    this.primed = true;
    for (const alert of alerts) this.options.emit(alert);
    return alerts;
  }

  private check(
    w: WatchedIncident,
    view: CadenceView,
    policy: CadencePolicy,
    now: number,
    silent: boolean,
  ): CadenceAlert[] {
    const id = w.facts.incidentId;
    let n = this.notified.get(id);
    if (!n) this.notified.set(id, (n = { deadline: null, rank: -1, reminderFor: null, missed: new Set() }));
    const out: CadenceAlert[] = [];
    const base = {
      incidentId: id,
      incidentName: w.name,
      title: w.title,
      severity: w.severity,
      at: now,
      audience: [],
      steps: [],
    };

    const stage = alertStage(view, policy);
    if (view.deadline !== n.deadline) {
      n.deadline = view.deadline;
      n.rank = -1;
    }
    if (stage !== null && view.deadline !== null) {
      const rank = ALERT_STAGES.indexOf(stage);
      // Stages only move forward per deadline: a clock stepping back, or a jump over several
      // stages, never produces a second alert for what was already announced.
      if (rank > n.rank) {
        n.rank = rank;
        if (!silent) {
          out.push({
            ...base,
            kind: stage,
            deadline: view.deadline,
            overdueMs: view.overdueMs,
            message: stageMessage(stage, w, view),
            audience: ['internal'],
          });
        }
      }
    }

    if (view.reminder !== null && w.facts.lastStatusChangeAt !== null && n.reminderFor !== w.facts.lastStatusChangeAt) {
      n.reminderFor = w.facts.lastStatusChangeAt;
      if (!silent)
        out.push({
          ...base,
          kind: 'reminder',
          deadline: null,
          overdueMs: 0,
          message: `${w.severity} ${w.title}: ${view.reminder}`,
        });
    }

    const newlyMissed = view.escalations.filter((e) => e.state === 'missed' && !n.missed.has(`${e.id}@${e.deadline}`));
    for (const e of newlyMissed) n.missed.add(`${e.id}@${e.deadline}`);
    if (newlyMissed.length > 0 && !silent) {
      out.push({
        ...base,
        kind: 'escalation',
        deadline: Math.max(...newlyMissed.map((e) => e.deadline)),
        overdueMs: 0,
        steps: newlyMissed.map((e) => e.id),
        message: `${w.severity} ${w.title}: escalation deadline missed: ${newlyMissed.map((e) => e.label).join(', ')}`,
      });
    }
    return out;
  }
}

function stageMessage(stage: AlertStage, w: WatchedIncident, view: CadenceView): string {
  const who = `${w.severity} ${w.title}`;
  switch (stage) {
    case 'due_soon':
      return `${who}: stakeholder update due in ${formatCountdown(view.remainingMs ?? 0)}`;
    case 'due':
      return `${who}: stakeholder update due now`;
    case 'overdue':
      return `${who}: stakeholder update overdue by ${formatCountdown(view.overdueMs)}`;
  }
}
