import { describe, expect, it } from 'vitest';
import { CadenceScheduler, type WatchedIncident } from '../../src/main/core/cadence/scheduler';
import type { CadenceAlert } from '../../src/shared/contract/cadence';
import { NO_CADENCE_SETTINGS, type CadenceFacts } from '../../src/shared/domain/cadence';
import { BUILTIN_CADENCE_POLICY } from '../../src/shared/domain/cadence-policy';
import { emptyMilestones } from '../../src/shared/domain/incident';
import { MINUTE } from '../../src/shared/domain/policy';
import { ManualClock } from '../helpers/manual-clock';
import { recordingLogger } from '../helpers/store';

const T0 = Date.UTC(2026, 10, 22, 14, 0, 0);

function watched(over: Partial<CadenceFacts> = {}): WatchedIncident {
  const facts: CadenceFacts = {
    incidentId: 'incident-0001',
    severity: 'SEV1',
    status: 'investigating',
    declaredAt: T0,
    milestones: { ...emptyMilestones(), declaredAt: T0, acknowledgedAt: T0 + MINUTE },
    lastUpdateAt: null,
    lastUpdateByAudience: { internal: null, status_page: null, executives: null },
    lastStatusChangeAt: null,
    settings: NO_CADENCE_SETTINGS,
    roleAssignedAt: { incident_commander: T0 + MINUTE },
    ...over,
  };
  return { facts, name: 'incident-2026-11-22-1400-db', title: 'DB down', severity: facts.severity };
}

function setup(initial: WatchedIncident) {
  const clock = new ManualClock(T0);
  const alerts: CadenceAlert[] = [];
  const log = recordingLogger();
  let current: WatchedIncident | null = initial;
  let loads = 0;
  const scheduler = new CadenceScheduler({
    clock,
    log,
    policy: () => BUILTIN_CADENCE_POLICY,
    emit: (a) => alerts.push(a),
    source: {
      activeIncidentIds: () => (current ? [current.facts.incidentId] : []),
      load: () => {
        loads++;
        return current;
      },
    },
  });
  scheduler.start();
  return {
    clock,
    alerts,
    log,
    scheduler,
    loads: () => loads,
    set(w: WatchedIncident | null) {
      current = w;
      scheduler.invalidate(['incident-0001']);
    },
  };
}

const kinds = (alerts: CadenceAlert[]) => alerts.map((a) => a.kind);

describe('cadence scheduler', () => {
  it('emits due soon, due and overdue once each as time passes', () => {
    const s = setup(watched());
    s.clock.advance(7 * MINUTE + 59_000);
    expect(s.alerts).toEqual([]);
    s.clock.advance(1_000); // 8:00 -> 2 min before the 10 min deadline
    expect(kinds(s.alerts)).toEqual(['due_soon']);
    expect(s.alerts[0]!.message).toBe('SEV1 DB down: stakeholder update due in 02:00');
    s.clock.advance(2 * MINUTE);
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due']);
    expect(s.alerts[1]).toMatchObject({
      deadline: T0 + 10 * MINUTE,
      overdueMs: 0,
      incidentName: 'incident-2026-11-22-1400-db',
    });
    s.clock.advance(MINUTE);
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due', 'overdue']);
    s.clock.advance(30 * MINUTE);
    // Escalation (30 min unresolved SEV1) is its own alert; the update deadline never repeats.
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due', 'overdue', 'escalation']);
    expect(s.alerts[3]!.steps).toEqual(['eng-leadership']);
  });

  it('a posted update moves the deadline and re-arms the alerts', () => {
    const s = setup(watched());
    s.clock.advance(10 * MINUTE + 30_000);
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due']);
    s.set(watched({ lastUpdateAt: T0 + 10 * MINUTE + 30_000 }));
    s.clock.advance(7 * MINUTE);
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due']);
    s.clock.advance(MINUTE);
    expect(kinds(s.alerts)).toEqual(['due_soon', 'due', 'due_soon']);
    expect(s.alerts[2]!.deadline).toBe(T0 + 20 * MINUTE + 30_000);
  });

  it('a clock jump past every stage gives one notification, not a burst', () => {
    const s = setup(watched());
    s.clock.advance(MINUTE);
    const loadsBefore = s.loads();
    s.clock.jump(25 * MINUTE); // laptop slept through due soon, due and overdue
    const update = s.alerts.filter((a) => a.kind !== 'escalation');
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({ kind: 'overdue', overdueMs: 16 * MINUTE });
    expect(s.log.records.some((r) => r.msg.includes('clock jump'))).toBe(true);
    expect(s.loads()).toBeGreaterThan(loadsBefore); // facts reloaded at once
    const count = s.alerts.length;
    s.clock.advance(10 * MINUTE);
    s.clock.jump(-20 * MINUTE); // and back: nothing is announced twice
    s.clock.advance(30 * MINUTE);
    expect(s.alerts.filter((a) => a.kind !== 'escalation')).toHaveLength(1);
    expect(s.alerts.length - count).toBeLessThanOrEqual(1); // at most the 30 min escalation
  });

  it('several escalation steps missed at once make one alert', () => {
    const s = setup(watched({ milestones: { ...emptyMilestones(), declaredAt: T0 }, roleAssignedAt: {} }));
    s.clock.advance(MINUTE);
    s.clock.jump(2 * 60 * MINUTE);
    const esc = s.alerts.filter((a) => a.kind === 'escalation');
    expect(esc).toHaveLength(1);
    expect(esc[0]!.steps).toEqual(['acknowledge', 'ic-assigned', 'eng-leadership', 'exec-war-room']);
  });

  it('does not replay alerts on start-up, and reminds once per status change', () => {
    const s = setup(watched({ severity: 'SEV3', lastStatusChangeAt: T0 - MINUTE }));
    s.clock.advance(5_000);
    expect(s.alerts).toEqual([]); // reminder already owed before the console started: no replay
    s.set(watched({ severity: 'SEV3', status: 'identified', lastStatusChangeAt: T0 + 10_000 }));
    s.clock.advance(5_000);
    s.clock.advance(60_000);
    expect(kinds(s.alerts)).toEqual(['reminder']);
    expect(s.alerts[0]!.message).toMatch(/Status is now Identified: post an update/);
  });

  it('stays silent while paused and stops ticking when stopped', () => {
    const s = setup(
      watched({
        settings: {
          overrideMs: null,
          pause: { state: 'paused', at: T0, until: null, reason: 'x', by: 'a', lastResumedAt: null },
        },
      }),
    );
    s.clock.advance(20 * MINUTE);
    expect(s.alerts.filter((a) => a.kind !== 'escalation')).toEqual([]);
    s.scheduler.stop();
    expect(s.clock.activeTimers).toBe(0);
  });
});
