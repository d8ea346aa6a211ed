import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPolicyFile, loadCadencePolicy } from '../../src/main/core/cadence/policy-file';
import { cadenceMethods } from '../../src/shared/contract/cadence';
import {
  alertStage,
  cadenceFacts,
  evaluateCadence,
  formatCountdown,
  formatInterval,
  NO_CADENCE_SETTINGS,
  overrideProblem,
  parseDuration,
  type CadenceEntry,
  type CadenceFacts,
  type CadenceSettings,
} from '../../src/shared/domain/cadence';
import { BUILTIN_CADENCE_POLICY, parseCadencePolicy, policyToFile } from '../../src/shared/domain/cadence-policy';
import {
  emptyMilestones,
  SEVERITIES,
  STATUSES,
  type Incident,
  type Milestones,
  type Severity,
  type Status,
} from '../../src/shared/domain/incident';
import { MINUTE } from '../../src/shared/domain/policy';
import { describeZodError } from '../../src/shared/schemas';
import { recordingLogger } from '../helpers/store';

const T0 = Date.UTC(2026, 10, 22, 14, 0, 0);
const policy = BUILTIN_CADENCE_POLICY;

function incident(
  severity: Severity,
  status: Status = 'investigating',
  milestones: Partial<Milestones> = {},
): Incident {
  return {
    id: 'incident-0001',
    name: 'incident-2026-11-22-1400-checkout',
    title: 'Checkout 500s',
    severity,
    status,
    summary: '',
    services: ['checkout'],
    milestones: { ...emptyMilestones(), declaredAt: T0, detectedAt: T0, ...milestones },
    createdAt: T0,
    createdBy: 'alice',
    updatedAt: T0,
    conflicts: [],
  };
}

function entry(
  kind: CadenceEntry['kind'],
  eventTime: number,
  data: CadenceEntry['data'] = null,
  deleted = false,
): CadenceEntry {
  return { incidentId: 'incident-0001', kind, eventTime, data, deleted };
}

function facts(
  severity: Severity,
  status: Status = 'investigating',
  opts: {
    entries?: CadenceEntry[];
    settings?: CadenceSettings;
    roles?: CadenceFacts['roleAssignedAt'];
    milestones?: Partial<Milestones>;
  } = {},
): CadenceFacts {
  // Role assignments reach the facts the way they replicate: as role_change timeline entries.
  const roleEntries = Object.entries(opts.roles ?? {}).map(([role, at]) =>
    entry('role_change', at, { role, action: 'assign', from: null, to: 'participant-1' }),
  );
  return cadenceFacts(
    incident(severity, status, opts.milestones),
    [...(opts.entries ?? []), ...roleEntries],
    opts.settings ?? NO_CADENCE_SETTINGS,
    opts.roles !== null,
  );
}

/** Expected update interval (minutes) per severity and status; null = no countdown. */
const EXPECTED: Record<Severity, Record<Status, number | null>> = {
  SEV1: { investigating: 10, identified: 10, monitoring: 30, resolved: null, closed: null },
  SEV2: { investigating: 15, identified: 15, monitoring: 60, resolved: null, closed: null },
  SEV3: { investigating: null, identified: null, monitoring: null, resolved: null, closed: null },
  SEV4: { investigating: null, identified: null, monitoring: null, resolved: null, closed: null },
};

describe('cadence policy file', () => {
  it('ships resources/policy/cadence.json equal to the built-in defaults', () => {
    const file = findPolicyFile();
    expect(file).not.toBeNull();
    const loaded = loadCadencePolicy(file, recordingLogger());
    expect(loaded.problem).toBeNull();
    expect(loaded.policy).toEqual(BUILTIN_CADENCE_POLICY);
  });

  it('falls back to the built-in defaults with a logged error for a malformed or missing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wr-policy-'));
    try {
      const cases: [string, RegExp][] = [
        ['{ not json', /not valid JSON/],
        [JSON.stringify({ ...policyToFile(policy), dueSoonMinutes: -2 }), /dueSoonMinutes: must be more than 0/],
        [JSON.stringify({ version: 1 }), /malformed/],
      ];
      for (const [text, problem] of cases) {
        const file = path.join(dir, 'cadence.json');
        fs.writeFileSync(file, text);
        const log = recordingLogger();
        const loaded = loadCadencePolicy(file, log);
        expect(loaded.policy).toBe(BUILTIN_CADENCE_POLICY);
        expect(loaded.problem).toMatch(problem);
        expect(log.records.filter((r) => r.level === 'error')).toHaveLength(1);
      }
      const missing = loadCadencePolicy(path.join(dir, 'nope.json'), recordingLogger());
      expect(missing.problem).toMatch(/cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an absurd interval and duplicate step ids in the file', () => {
    const file = policyToFile(policy);
    const bad = structuredClone(file) as unknown as { severities: { SEV1: { updates: Record<string, number> } } };
    bad.severities.SEV1.updates['investigating'] = 2_000;
    const result = parseCadencePolicy(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/severities\.SEV1\.updates.*at most 1440/);
    const dup = structuredClone(file);
    dup.severities.SEV2.escalation = [dup.severities.SEV2.escalation[0]!, dup.severities.SEV2.escalation[0]!];
    expect(parseCadencePolicy(dup).ok).toBe(false);
  });
});

describe('update deadlines for every severity and status', () => {
  for (const severity of SEVERITIES) {
    for (const status of STATUSES) {
      const minutes = EXPECTED[severity][status];
      it(`${severity} ${status}: ${minutes === null ? 'no countdown' : `every ${minutes} min`}`, () => {
        const f = facts(severity, status);
        const atDeclare = evaluateCadence(f, policy, T0);
        if (minutes === null) {
          expect(atDeclare.state).toBe('none');
          expect(atDeclare.deadline).toBeNull();
          expect(atDeclare.noneReason).toBeTruthy();
          expect(alertStage(atDeclare, policy)).toBeNull();
          return;
        }
        const interval = minutes * MINUTE;
        const deadline = T0 + interval;
        expect(atDeclare).toMatchObject({ state: 'ok', deadline, intervalMs: interval, intervalSource: 'policy' });
        expect(atDeclare.remainingMs).toBe(interval);
        // ok until 2 min before, then due soon, then overdue at the deadline with elapsed time.
        expect(evaluateCadence(f, policy, deadline - 2 * MINUTE - 1).state).toBe('ok');
        const soon = evaluateCadence(f, policy, deadline - 2 * MINUTE);
        expect(soon.state).toBe('due_soon');
        expect(alertStage(soon, policy)).toBe('due_soon');
        const due = evaluateCadence(f, policy, deadline);
        expect(due).toMatchObject({ state: 'overdue', overdueMs: 0 });
        expect(alertStage(due, policy)).toBe('due');
        const late = evaluateCadence(f, policy, deadline + 65_000);
        expect(late).toMatchObject({ state: 'overdue', overdueMs: 65_000 });
        expect(alertStage(late, policy)).toBe('overdue');
        expect(formatCountdown(late.remainingMs!)).toBe('01:05');
      });
    }
  }

  it('restarts the countdown from the latest live status update', () => {
    const update = entry('status_update', T0 + 7 * MINUTE, { audience: ['internal', 'executives'] });
    const deletedLater = entry('status_update', T0 + 9 * MINUTE, { audience: ['status_page'] }, true);
    const f = facts('SEV1', 'identified', { entries: [deletedLater, update] });
    expect(f.lastUpdateAt).toBe(T0 + 7 * MINUTE);
    expect(f.lastUpdateByAudience).toEqual({
      internal: T0 + 7 * MINUTE,
      status_page: null,
      executives: T0 + 7 * MINUTE,
    });
    const v = evaluateCadence(f, policy, T0 + 12 * MINUTE);
    expect(v).toMatchObject({ state: 'ok', anchorAt: T0 + 7 * MINUTE, deadline: T0 + 17 * MINUTE });
    // An update typed into the timeline by hand (no audience) counts as internal.
    const typed = facts('SEV1', 'identified', { entries: [entry('status_update', T0 + MINUTE)] });
    expect(typed.lastUpdateByAudience.internal).toBe(T0 + MINUTE);
  });

  it('a status change to monitoring keeps the anchor and stretches the interval', () => {
    const entries = [entry('status_update', T0 + 8 * MINUTE), entry('status_change', T0 + 9 * MINUTE)];
    const v = evaluateCadence(facts('SEV1', 'monitoring', { entries }), policy, T0 + 9 * MINUTE);
    expect(v).toMatchObject({ state: 'ok', intervalMs: 30 * MINUTE, deadline: T0 + 38 * MINUTE });
  });

  it('caps the due-soon window at half of a short interval', () => {
    const f = facts('SEV1', 'investigating', { settings: { overrideMs: 3_000, pause: null } });
    expect(evaluateCadence(f, policy, T0 + 1_000).state).toBe('ok');
    expect(evaluateCadence(f, policy, T0 + 1_500).state).toBe('due_soon');
    const due = evaluateCadence(f, policy, T0 + 5_000);
    expect(due).toMatchObject({ state: 'overdue', overdueMs: 2_000, intervalSource: 'override' });
    // "Overdue" notifications come after the grace (1 min), capped at the interval itself.
    expect(alertStage(due, policy)).toBe('due');
    expect(alertStage(evaluateCadence(f, policy, T0 + 6_000), policy)).toBe('overdue');
  });

  it('an override gives SEV3/SEV4 a countdown, but never a resolved incident', () => {
    const settings = { overrideMs: 20 * MINUTE, pause: null };
    expect(evaluateCadence(facts('SEV4', 'investigating', { settings }), policy, T0).deadline).toBe(T0 + 20 * MINUTE);
    expect(evaluateCadence(facts('SEV1', 'resolved', { settings }), policy, T0).state).toBe('none');
  });
});

describe('milestone reminders', () => {
  it('SEV3 owes an update after each status change, SEV4 never', () => {
    const changed = [entry('status_change', T0 + 5 * MINUTE)];
    expect(evaluateCadence(facts('SEV3', 'investigating'), policy, T0).reminder).toBeNull();
    const owed = evaluateCadence(facts('SEV3', 'identified', { entries: changed }), policy, T0 + 6 * MINUTE);
    expect(owed.state).toBe('none');
    expect(owed.reminder).toBe('Status is now Identified: post an update');
    const done = facts('SEV3', 'identified', { entries: [...changed, entry('status_update', T0 + 7 * MINUTE)] });
    expect(evaluateCadence(done, policy, T0 + 8 * MINUTE).reminder).toBeNull();
    expect(evaluateCadence(facts('SEV4', 'identified', { entries: changed }), policy, T0).reminder).toBeNull();
  });

  it('SEV1 owes a final update on resolution', () => {
    const v = evaluateCadence(
      facts('SEV1', 'resolved', { entries: [entry('status_change', T0 + 40 * MINUTE)] }),
      policy,
      T0 + 41 * MINUTE,
    );
    expect(v.state).toBe('none');
    expect(v.reminder).toMatch(/Resolved: post an update/);
  });
});

describe('pause, snooze and resume', () => {
  const paused = (until: number | null): CadenceSettings => ({
    overrideMs: null,
    pause: { state: 'paused', at: T0 + MINUTE, until, reason: 'waiting on vendor', by: 'alice', lastResumedAt: null },
  });

  it('a pause holds the countdown until resumed; resuming restarts the full interval', () => {
    const p = evaluateCadence(facts('SEV1', 'investigating', { settings: paused(null) }), policy, T0 + 30 * MINUTE);
    expect(p.state).toBe('paused');
    expect(p.pause?.reason).toBe('waiting on vendor');
    expect(alertStage(p, policy)).toBeNull();
    const resumed: CadenceSettings = { overrideMs: null, pause: { state: 'resumed', at: T0 + 30 * MINUTE, by: 'bob' } };
    const r = evaluateCadence(facts('SEV1', 'investigating', { settings: resumed }), policy, T0 + 31 * MINUTE);
    expect(r).toMatchObject({ state: 'ok', anchorAt: T0 + 30 * MINUTE, deadline: T0 + 40 * MINUTE });
  });

  it('a snooze ends by itself and the update is due at its end', () => {
    const s = facts('SEV1', 'investigating', { settings: paused(T0 + 20 * MINUTE) });
    const during = evaluateCadence(s, policy, T0 + 15 * MINUTE);
    expect(during).toMatchObject({ state: 'paused', deadline: T0 + 20 * MINUTE });
    expect(evaluateCadence(s, policy, T0 + 20 * MINUTE)).toMatchObject({ state: 'overdue', overdueMs: 0 });
  });
});

describe('escalation deadlines', () => {
  it('SEV1: ack 5 min, IC 5 min, engineering leadership 30 min, exec war room 60 min', () => {
    const f = facts('SEV1', 'investigating', {
      milestones: { acknowledgedAt: T0 + 3 * MINUTE },
      roles: { incident_commander: T0 + 7 * MINUTE },
    });
    const at = (ms: number) =>
      Object.fromEntries(evaluateCadence(f, policy, ms).escalations.map((e) => [e.id, e.state]));
    const steps = evaluateCadence(f, policy, T0).escalations;
    expect(steps.map((e) => [e.id, e.deadline - T0])).toEqual([
      ['acknowledge', 5 * MINUTE],
      ['ic-assigned', 5 * MINUTE],
      ['eng-leadership', 30 * MINUTE],
      ['exec-war-room', 60 * MINUTE],
    ]);
    expect(at(T0 + MINUTE)).toEqual({
      acknowledge: 'met',
      'ic-assigned': 'late',
      'eng-leadership': 'pending',
      'exec-war-room': 'pending',
    });
    expect(at(T0 + 30 * MINUTE)['eng-leadership']).toBe('missed');
    expect(at(T0 + 59 * MINUTE)['exec-war-room']).toBe('pending');
    expect(at(T0 + 60 * MINUTE)['exec-war-room']).toBe('missed');
  });

  it('SEV2 ack and IC at 15 min, SEV3 ack at 60 min, SEV4 none', () => {
    const deadlines = (s: Severity) =>
      evaluateCadence(facts(s), policy, T0).escalations.map((e) => `${e.id}@${(e.deadline - T0) / MINUTE}`);
    expect(deadlines('SEV2')).toEqual(['acknowledge@15', 'ic-assigned@15']);
    expect(deadlines('SEV3')).toEqual(['acknowledge@60']);
    expect(deadlines('SEV4')).toEqual([]);
    const sev2 = evaluateCadence(facts('SEV2'), policy, T0 + 15 * MINUTE).escalations;
    expect(sev2.map((e) => e.state)).toEqual(['missed', 'missed']);
  });

  it('role steps are unknown without role data', () => {
    const v = evaluateCadence(facts('SEV1', 'investigating', { roles: null }), policy, T0 + 10 * MINUTE);
    expect(v.escalations.find((e) => e.id === 'ic-assigned')?.state).toBe('unknown');
  });

  it('the IC step is met by the first assignment; releases and deleted entries do not count', () => {
    const f = cadenceFacts(
      incident('SEV1'),
      [
        entry('role_change', T0 + 2 * MINUTE, { role: 'incident_commander', action: 'assign', to: 'p1' }, true),
        entry('role_change', T0 + 4 * MINUTE, { role: 'incident_commander', action: 'assign', to: 'p2' }),
        entry('role_change', T0 + 6 * MINUTE, { role: 'incident_commander', action: 'release', from: 'p2' }),
        entry('role_change', T0 + 8 * MINUTE, { role: 'incident_commander', action: 'assign', to: 'p3' }),
        entry('role_change', T0 + MINUTE, { role: 'sme', action: 'sme_add', to: 'p4' }),
      ],
      NO_CADENCE_SETTINGS,
    );
    expect(f.roleAssignedAt).toEqual({ incident_commander: T0 + 4 * MINUTE, sme: T0 + MINUTE });
    const ic = evaluateCadence(f, policy, T0 + 10 * MINUTE).escalations.find((e) => e.id === 'ic-assigned');
    expect(ic).toMatchObject({ state: 'met', metAt: T0 + 4 * MINUTE });
  });

  it('after resolution: met by the resolution, skipped when never needed, missed when passed before', () => {
    const f = facts('SEV1', 'resolved', { milestones: { resolvedAt: T0 + 20 * MINUTE }, roles: {} });
    const states = Object.fromEntries(
      evaluateCadence(f, policy, T0 + 90 * MINUTE).escalations.map((e) => [e.id, e.state]),
    );
    expect(states).toEqual({
      acknowledge: 'missed',
      'ic-assigned': 'missed',
      'eng-leadership': 'met',
      'exec-war-room': 'met',
    });
    const closedEarly = facts('SEV2', 'closed', { milestones: { closedAt: T0 + 10 * MINUTE }, roles: {} });
    expect(evaluateCadence(closedEarly, policy, T0 + 90 * MINUTE).escalations.map((e) => e.state)).toEqual([
      'skipped',
      'skipped',
    ]);
  });
});

describe('override validation and durations', () => {
  it('refuses 0, negative and > 24 h overrides with a clear message', () => {
    expect(overrideProblem(0)).toMatch(/must be positive/);
    expect(overrideProblem(-5_000)).toMatch(/must be positive/);
    expect(overrideProblem(500)).toMatch(/at least 1 s/);
    expect(overrideProblem(25 * 60 * MINUTE)).toMatch(/at most 24 h \(got 25 h\)/);
    expect(overrideProblem(3_000)).toBeNull();
    const schema = cadenceMethods.setCadenceOverride;
    for (const intervalMs of [0, -1, 24 * 60 * MINUTE + 1]) {
      const r = schema.safeParse({ incidentId: 'incident-0001', intervalMs });
      expect(r.success).toBe(false);
      if (!r.success) expect(describeZodError(r.error)).toMatch(/intervalMs: must be at (least 1 s|most 24 h)/);
    }
    expect(schema.safeParse({ incidentId: 'incident-0001', intervalMs: null }).success).toBe(true);
  });

  it('parses typed durations', () => {
    expect(parseDuration('3s')).toEqual({ ok: true, ms: 3_000 });
    expect(parseDuration('10')).toEqual({ ok: true, ms: 10 * MINUTE });
    expect(parseDuration('1h30m')).toEqual({ ok: true, ms: 90 * MINUTE });
    expect(parseDuration('2 min 30 s')).toEqual({ ok: true, ms: 150_000 });
    expect(parseDuration('1:30')).toEqual({ ok: true, ms: 90_000 });
    expect(parseDuration('soon').ok).toBe(false);
    expect(parseDuration('').ok).toBe(false);
  });

  it('formats countdowns and intervals', () => {
    expect(formatCountdown(10 * MINUTE)).toBe('10:00');
    expect(formatCountdown(9 * MINUTE + 59_001)).toBe('10:00');
    expect(formatCountdown(-65_000)).toBe('01:05');
    expect(formatCountdown(90 * MINUTE)).toBe('1:30:00');
    expect(formatInterval(3_000)).toBe('3 s');
    expect(formatInterval(30 * MINUTE)).toBe('30 min');
    expect(formatInterval(90 * MINUTE)).toBe('1 h 30 min');
  });
});
