/**
 * Cadence inside the service: contract handlers (countdown snapshot, override, pause/resume,
 * posting updates, drafts) and the scheduler's wiring. It reaches the rest of the service only
 * through the narrow `CadenceHost`, so it can be tested and reasoned about on its own.
 */
import type { Database } from 'better-sqlite3';
import { WarroomError, type MethodResults, type ParsedArgs } from '../../../shared/api';
import type { CadenceAlert, CadenceSnapshot } from '../../../shared/contract/cadence';
import {
  cadenceFacts,
  effectiveInterval,
  evaluateCadence,
  formatInterval,
  type CadenceFacts,
  type CadencePause,
} from '../../../shared/domain/cadence';
import { isActive, type Incident } from '../../../shared/domain/incident';
import type { RoleBoard } from '../../../shared/domain/roles';
import { buildDraft, utcTime } from '../../../shared/domain/status-update';
import type { TimelineEntry } from '../../../shared/domain/timeline';
import type { EntryFields, OpBody } from '../../../shared/ops';
import type { Logger } from '../log';
import { TimelineQueries } from '../store/timeline-queries';
import { findPolicyFile, loadCadencePolicy, type LoadedPolicy } from './policy-file';
import { CadenceQueries } from './queries';
import { CadenceScheduler, systemClock, type SchedulerClock } from './scheduler';

/** The service capabilities cadence uses. */
export interface CadenceHost {
  readonly db: Database;
  readonly log: Logger;
  now(): number;
  displayName(): string;
  requireIncident(id: string): Incident;
  /** Commit ops for one incident in one transaction (and announce them). */
  write(incidentId: string, bodies: readonly OpBody[]): void;
  newId(): string;
  emitAlert(alert: CadenceAlert): void;
  /** The current Incident Commander's name, for drafts. */
  commander(incidentId: string): string | null;
}

export interface CadenceOptions {
  /** Policy file; by default the shipped resources/policy/cadence.json. */
  readonly policyFile?: string | null;
  /** The scheduler's clock; by default wall time and a real interval. */
  readonly clock?: SchedulerClock;
  /** Set false to not tick at all (tools that open the store briefly). */
  readonly schedule?: boolean;
}

/** The current Incident Commander's name on a role board, if the role is held. */
export function commanderName(board: RoleBoard | null): string | null {
  const holder = board?.roles.find((r) => r.key === 'incident_commander')?.holderId ?? null;
  if (!board || holder === null) return null;
  return board.participants.find((p) => p.id === holder)?.name ?? null;
}

type CadenceMethod =
  'getCadence' | 'setCadenceOverride' | 'pauseCadence' | 'resumeCadence' | 'postStatusUpdate' | 'getUpdateDraft';
type CadenceHandlers = { [M in CadenceMethod]: (args: ParsedArgs<M>) => MethodResults[M] };

export class CadenceFeature {
  readonly handlers: CadenceHandlers;
  readonly scheduler: CadenceScheduler;
  private readonly queries: CadenceQueries;
  private readonly timeline: TimelineQueries;
  private loaded: LoadedPolicy;

  constructor(
    private readonly host: CadenceHost,
    options: CadenceOptions = {},
  ) {
    this.queries = new CadenceQueries(host.db);
    this.timeline = new TimelineQueries(host.db);
    this.loaded = loadCadencePolicy(options.policyFile === undefined ? findPolicyFile() : options.policyFile, host.log);
    const clock = options.clock ?? { ...systemClock, now: () => host.now() };
    this.scheduler = new CadenceScheduler({
      clock,
      log: host.log,
      policy: () => this.loaded.policy,
      emit: (alert) => host.emitAlert(alert),
      source: {
        activeIncidentIds: () => this.queries.activeIncidentIds(),
        load: (id) => {
          const incident = this.incidentOrNull(id);
          if (!incident) return null;
          return {
            facts: this.factsOf(incident),
            name: incident.name,
            title: incident.title,
            severity: incident.severity,
          };
        },
      },
    });
    if (options.schedule !== false) this.scheduler.start();

    this.handlers = {
      getCadence: ({ incidentId }) => this.snapshot(incidentId),
      setCadenceOverride: ({ incidentId, intervalMs }) => this.setOverride(incidentId, intervalMs),
      pauseCadence: ({ incidentId, reason, forMs }) => this.pause(incidentId, reason, forMs ?? null),
      resumeCadence: ({ incidentId }) => this.resume(incidentId),
      postStatusUpdate: (a) => this.post(a),
      getUpdateDraft: ({ incidentId, template }) => {
        const incident = this.host.requireIncident(incidentId);
        const now = this.host.now();
        const { intervalMs } = effectiveInterval(this.factsOf(incident), this.loaded.policy);
        const { entries } = this.timeline.page(incidentId, {}, 0, Number.MAX_SAFE_INTEGER);
        return buildDraft(template, {
          incident,
          entries,
          commander: this.commander(incidentId),
          now,
          nextUpdateAt: intervalMs === null ? null : now + intervalMs,
          intervalMs,
        });
      },
    };
  }

  get policy(): LoadedPolicy {
    return this.loaded;
  }

  /** Called after every commit with the incidents it touched. */
  changed(incidentIds: Iterable<string>): void {
    this.scheduler.invalidate(incidentIds);
  }

  stop(): void {
    this.scheduler.stop();
  }

  facts(incidentId: string): CadenceFacts {
    return this.factsOf(this.host.requireIncident(incidentId));
  }

  snapshot(incidentId: string): CadenceSnapshot {
    const facts = this.facts(incidentId);
    const now = this.host.now();
    return {
      incidentId,
      facts,
      policy: this.loaded.policy,
      view: evaluateCadence(facts, this.loaded.policy, now),
      computedAt: now,
      policyProblem: this.loaded.problem,
    };
  }

  private factsOf(incident: Incident): CadenceFacts {
    return cadenceFacts(incident, this.queries.cadenceEntries(incident.id), this.queries.settings(incident.id));
  }

  private commander(incidentId: string): string | null {
    try {
      return this.host.commander(incidentId);
    } catch (err) {
      // A draft without the commander's name is still a draft.
      this.host.log.warn('cadence: role board unavailable for a draft', { incidentId, error: (err as Error).message });
      return null;
    }
  }

  private incidentOrNull(id: string): Incident | null {
    try {
      return this.host.requireIncident(id);
    } catch {
      return null;
    }
  }

  private setOverride(incidentId: string, intervalMs: number | null): CadenceSnapshot {
    const incident = this.host.requireIncident(incidentId);
    const before = this.queries.settings(incidentId);
    if (before.overrideMs === intervalMs) return this.snapshot(incidentId);
    const policyInterval = effectiveInterval(
      { severity: incident.severity, status: incident.status, settings: { overrideMs: null, pause: null } },
      this.loaded.policy,
    ).intervalMs;
    const policyText = policyInterval === null ? 'no countdown' : `every ${formatInterval(policyInterval)}`;
    const text =
      intervalMs === null
        ? `Update cadence override cleared: back to the policy (${policyText})`
        : `Update cadence set to every ${formatInterval(intervalMs)} for this incident (policy: ${policyText})`;
    this.commit(incidentId, { overrideMs: intervalMs }, text, { action: 'override', intervalMs });
    return this.snapshot(incidentId);
  }

  private pause(incidentId: string, reason: string, forMs: number | null): CadenceSnapshot {
    const incident = this.host.requireIncident(incidentId);
    if (!isActive(incident.status)) {
      throw new WarroomError(
        'invalid_argument',
        `The incident is ${incident.status}: there is no update countdown to pause`,
      );
    }
    const now = this.host.now();
    const until = forMs === null ? null : now + forMs;
    const current = this.queries.settings(incidentId).pause;
    const lastResumedAt = current?.state === 'resumed' ? current.at : (current?.lastResumedAt ?? null);
    const pause: CadencePause = { state: 'paused', at: now, until, reason, by: this.host.displayName(), lastResumedAt };
    const text =
      until === null
        ? `Update cadence paused: ${reason}`
        : `Update cadence snoozed for ${formatInterval(forMs ?? 0)} (until ${utcTime(until)}): ${reason}`;
    this.commit(incidentId, { pause }, text, { action: until === null ? 'pause' : 'snooze', reason, until });
    return this.snapshot(incidentId);
  }

  private resume(incidentId: string): CadenceSnapshot {
    this.host.requireIncident(incidentId);
    const current = this.queries.settings(incidentId).pause;
    if (current?.state !== 'paused') {
      throw new WarroomError('invalid_argument', 'The update cadence is not paused');
    }
    const pause: CadencePause = { state: 'resumed', at: this.host.now(), by: this.host.displayName() };
    this.commit(incidentId, { pause }, 'Update cadence resumed: the countdown restarts now', { action: 'resume' });
    return this.snapshot(incidentId);
  }

  /** A settings change and its timeline record, in one transaction. */
  private commit(
    incidentId: string,
    fields: { overrideMs?: number | null; pause?: CadencePause },
    text: string,
    data: NonNullable<EntryFields['data']>,
  ): void {
    const base = Object.fromEntries(Object.keys(fields).map((f) => [f, this.queries.fieldHlc(incidentId, f)]));
    const entry: EntryFields = {
      kind: 'cadence',
      text,
      eventTime: this.host.now(),
      tags: [],
      pinned: false,
      deleted: false,
      data,
    };
    this.host.write(incidentId, [
      { type: 'cadence.set', fields, base },
      { type: 'timeline.add', entryId: this.host.newId(), fields: entry },
    ]);
  }

  private post(a: ParsedArgs<'postStatusUpdate'>): MethodResults['postStatusUpdate'] {
    const incident = this.host.requireIncident(a.incidentId);
    const now = this.host.now();
    const { intervalMs } = effectiveInterval(this.factsOf(incident), this.loaded.policy);
    const entryId = this.host.newId();
    const entry: EntryFields = {
      kind: 'status_update',
      text: a.text,
      eventTime: now,
      tags: [],
      pinned: false,
      deleted: false,
      data: {
        audience: a.audience,
        template: a.template ?? null,
        nextUpdateAt: intervalMs === null ? null : now + intervalMs,
      },
    };
    this.host.write(a.incidentId, [{ type: 'timeline.add', entryId, fields: entry }]);
    const stored: TimelineEntry | undefined = this.timeline.get(entryId);
    if (!stored) throw new WarroomError('internal', 'The status update was not stored');
    return { entry: stored, cadence: this.snapshot(a.incidentId) };
  }
}
