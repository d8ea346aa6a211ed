import { describe, expect, it } from 'vitest';
import type { Warroom } from '../../src/main/core/warroom';
import type { EventName, EventPayloads } from '../../src/shared/api';
import type { CadenceAlert } from '../../src/shared/contract/cadence';
import { MINUTE } from '../../src/shared/domain/policy';
import { ManualClock } from '../helpers/manual-clock';
import { useTmpDirs } from '../helpers/store';

const T0 = Date.UTC(2026, 10, 22, 14, 0, 0);
const tmp = useTmpDirs('wr-cadence-');

function peer(clock: ManualClock): Warroom {
  return tmp.open(tmp.dir(), { now: clock.now, cadence: { clock } });
}

/** Deliver everything each peer has that the other lacks, both ways. */
function exchange(a: Warroom, b: Warroom): void {
  b.applyRemote(a.missingFor(b.versionVector(), 100_000));
  a.applyRemote(b.missingFor(a.versionVector(), 100_000));
}

function alertsOf(w: Warroom): CadenceAlert[] {
  const alerts: CadenceAlert[] = [];
  w.subscribe(<E extends EventName>(event: E, payload: EventPayloads[E]) => {
    if (event === 'cadenceAlert') alerts.push(payload as CadenceAlert);
  });
  return alerts;
}

describe('cadence in the service', () => {
  it('SEV1: 10 min countdown, an update restarts it, monitoring stretches it to 30 min', () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    const inc = w.call('declareIncident', { title: 'Checkout 500s', severity: 'SEV1' });
    let c = w.call('getCadence', { incidentId: inc.id });
    expect(c.view).toMatchObject({ state: 'ok', deadline: T0 + 10 * MINUTE, remainingMs: 10 * MINUTE });
    expect(c.policyProblem).toBeNull();

    clock.advance(9 * MINUTE);
    expect(w.call('getCadence', { incidentId: inc.id }).view.state).toBe('due_soon');
    const posted = w.call('postStatusUpdate', {
      incidentId: inc.id,
      text: 'We are failing over to the secondary PSP.',
      audience: ['internal', 'executives'],
      template: 'internal',
    });
    expect(posted.entry).toMatchObject({ kind: 'status_update', text: 'We are failing over to the secondary PSP.' });
    expect(posted.entry.data).toEqual({
      audience: ['internal', 'executives'],
      template: 'internal',
      nextUpdateAt: T0 + 19 * MINUTE,
    });
    expect(posted.cadence.view).toMatchObject({ state: 'ok', deadline: T0 + 19 * MINUTE });
    const timeline = w.call('getTimeline', { incidentId: inc.id }).entries;
    expect(timeline.some((e) => e.id === posted.entry.id)).toBe(true);

    w.call('changeStatus', { id: inc.id, status: 'monitoring' });
    c = w.call('getCadence', { incidentId: inc.id });
    expect(c.view).toMatchObject({ intervalMs: 30 * MINUTE, deadline: T0 + 39 * MINUTE });
    clock.advance(MINUTE);
    w.call('changeStatus', { id: inc.id, status: 'resolved' });
    c = w.call('getCadence', { incidentId: inc.id });
    expect(c.view.state).toBe('none');
    expect(c.view.reminder).toMatch(/Resolved: post an update/);
  });

  it('refuses bad overrides with a clear message and records good ones in the timeline', async () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    const inc = w.call('declareIncident', { title: 'Latency', severity: 'SEV2' });
    for (const intervalMs of [0, -60_000, 25 * 60 * MINUTE, 1.5]) {
      const r = await w.handle('setCadenceOverride', { incidentId: inc.id, intervalMs });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_argument');
        expect(r.error.message).toMatch(/intervalMs: must be (at least 1 s|at most 24 h|a whole number)/);
      }
    }
    const set = w.call('setCadenceOverride', { incidentId: inc.id, intervalMs: 3_000 });
    expect(set.view).toMatchObject({ intervalMs: 3_000, intervalSource: 'override', deadline: T0 + 3_000 });
    clock.advance(4_000);
    expect(w.call('getCadence', { incidentId: inc.id }).view).toMatchObject({ state: 'overdue', overdueMs: 1_000 });
    w.call('setCadenceOverride', { incidentId: inc.id, intervalMs: null });
    const texts = w.call('getTimeline', { incidentId: inc.id, kinds: ['cadence'] }).entries.map((e) => e.text);
    expect(texts).toEqual([
      'Update cadence set to every 3 s for this incident (policy: every 15 min)',
      'Update cadence override cleared: back to the policy (every 15 min)',
    ]);
  });

  it('pause with a reason shows in the timeline; resume restarts the countdown; snooze ends by itself', async () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    const inc = w.call('declareIncident', { title: 'Search down', severity: 'SEV1' });
    expect((await w.handle('pauseCadence', { incidentId: inc.id, reason: '   ' })).ok).toBe(false);
    const paused = w.call('pauseCadence', { incidentId: inc.id, reason: 'Waiting for the vendor bridge' });
    expect(paused.view.state).toBe('paused');
    expect(paused.view.pause).toMatchObject({ reason: 'Waiting for the vendor bridge', until: null });
    const entry = w.call('getTimeline', { incidentId: inc.id, kinds: ['cadence'] }).entries.at(-1)!;
    expect(entry.text).toBe('Update cadence paused: Waiting for the vendor bridge');
    expect((await w.handle('editEntry', { incidentId: inc.id, entryId: entry.id, text: 'x' })).ok).toBe(false);

    clock.advance(30 * MINUTE);
    expect(w.call('getCadence', { incidentId: inc.id }).view.state).toBe('paused');
    const resumed = w.call('resumeCadence', { incidentId: inc.id });
    expect(resumed.view).toMatchObject({ state: 'ok', deadline: T0 + 40 * MINUTE });
    const again = await w.handle('resumeCadence', { incidentId: inc.id });
    expect(again).toMatchObject({ ok: false, error: { message: 'The update cadence is not paused' } });

    clock.advance(MINUTE);
    const snoozed = w.call('pauseCadence', {
      incidentId: inc.id,
      reason: 'Exec bridge in progress',
      forMs: 5 * MINUTE,
    });
    // The snooze keeps the anchor of the resume: the deadline stays at 40 min, later than the snooze.
    expect(snoozed.view).toMatchObject({ state: 'paused', deadline: T0 + 40 * MINUTE });
    clock.advance(5 * MINUTE);
    expect(w.call('getCadence', { incidentId: inc.id }).view).toMatchObject({
      state: 'ok',
      deadline: T0 + 40 * MINUTE,
    });
    expect(w.call('getTimeline', { incidentId: inc.id, kinds: ['cadence'] }).entries.map((e) => e.text)).toEqual([
      'Update cadence paused: Waiting for the vendor bridge',
      'Update cadence resumed: the countdown restarts now',
      'Update cadence snoozed for 5 min (until 14:36 UTC): Exec bridge in progress',
    ]);
  });

  it('two peers exchanging ops compute the same deadlines', () => {
    const clock = new ManualClock(T0);
    const a = peer(clock);
    const b = peer(clock);
    const inc = a.call('declareIncident', { title: 'Payments', severity: 'SEV1' });
    exchange(a, b);
    const same = () => {
      const ca = a.call('getCadence', { incidentId: inc.id });
      const cb = b.call('getCadence', { incidentId: inc.id });
      expect(cb.facts).toEqual(ca.facts);
      expect(cb.view).toEqual(ca.view);
      return ca.view;
    };
    expect(same().deadline).toBe(T0 + 10 * MINUTE);

    clock.advance(4 * MINUTE);
    b.call('postStatusUpdate', {
      incidentId: inc.id,
      text: 'Investigating elevated errors',
      audience: ['status_page'],
    });
    clock.advance(MINUTE);
    a.call('setMilestone', { id: inc.id, milestone: 'acknowledgedAt', at: clock.now() });
    exchange(a, b);
    expect(same()).toMatchObject({ deadline: T0 + 14 * MINUTE });

    // Concurrent: A pauses while B sets an override; both land, identically on both sides.
    clock.advance(MINUTE);
    a.call('pauseCadence', { incidentId: inc.id, reason: 'Failover running' });
    b.call('setCadenceOverride', { incidentId: inc.id, intervalMs: 5 * MINUTE });
    exchange(a, b);
    expect(same()).toMatchObject({ state: 'paused', intervalMs: 5 * MINUTE });

    // Concurrent pause and resume: one register, one deterministic winner on both peers.
    clock.advance(MINUTE);
    a.call('resumeCadence', { incidentId: inc.id });
    b.call('pauseCadence', { incidentId: inc.id, reason: 'Still failing over' });
    exchange(a, b);
    const v = same();
    expect(['paused', 'ok', 'due_soon']).toContain(v.state);
    // Acknowledged exactly at the 5 min deadline: met, not late.
    expect(v.escalations.find((e) => e.id === 'acknowledge')?.state).toBe('met');
  });

  it('the service scheduler notifies through cadenceAlert events, once per stage, once after a jump', () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    const alerts = alertsOf(w);
    clock.advance(1_000);
    const inc = w.call('declareIncident', { title: 'Queue backlog', severity: 'SEV2' });
    w.call('setMilestone', { id: inc.id, milestone: 'acknowledgedAt', at: clock.now() });
    clock.advance(13 * MINUTE);
    expect(alerts.map((a) => a.kind)).toEqual(['due_soon']);
    expect(alerts[0]).toMatchObject({ incidentId: inc.id, title: 'Queue backlog', severity: 'SEV2' });

    w.call('postStatusUpdate', { incidentId: inc.id, text: 'Draining the backlog', audience: ['internal'] });
    clock.advance(1_000);
    const before = alerts.length;
    clock.jump(3 * 60 * MINUTE); // the laptop slept for three hours
    const fresh = alerts.slice(before);
    expect(fresh.filter((a) => a.kind !== 'escalation').map((a) => a.kind)).toEqual(['overdue']);
    expect(fresh.filter((a) => a.kind === 'escalation').length).toBeLessThanOrEqual(1);
    clock.advance(10 * MINUTE);
    expect(alerts.length).toBe(before + fresh.length);
  });

  it('assigning an Incident Commander on the role board meets the escalation step and names them in drafts', () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    w.call('setProfile', { displayName: 'Dana' });
    const inc = w.call('declareIncident', { title: 'API errors', severity: 'SEV1' });
    const ic = () => w.call('getCadence', { incidentId: inc.id }).view.escalations.find((e) => e.id === 'ic-assigned');
    expect(ic()?.state).toBe('pending');
    clock.advance(3 * MINUTE);
    w.call('assignRole', { incidentId: inc.id, role: 'incident_commander', name: 'Dana' });
    expect(ic()).toMatchObject({ state: 'met', metAt: T0 + 3 * MINUTE });
    const d = w.call('getUpdateDraft', { incidentId: inc.id, template: 'executive' });
    expect(d.markdown).toContain('**Incident Commander:** Dana');
  });

  it('drafts are prefilled from the incident and the timeline', () => {
    const clock = new ManualClock(T0);
    const w = peer(clock);
    const inc = w.call('declareIncident', { title: 'Login failures', severity: 'SEV1', services: ['auth'] });
    clock.advance(2 * MINUTE);
    w.call('addEntry', { incidentId: inc.id, kind: 'decision', text: 'Roll back auth to v41' });
    const d = w.call('getUpdateDraft', { incidentId: inc.id, template: 'internal' });
    expect(d.audience).toEqual(['internal']);
    expect(d.markdown).toContain('**Severity:** SEV1 (Critical)');
    expect(d.markdown).toContain('- 14:02 UTC: Roll back auth to v41');
    expect(d.markdown).toContain('By 14:12 UTC (every 10 min)');
    expect(d.nextUpdateAt).toBe(T0 + 12 * MINUTE);
    const sp = w.call('getUpdateDraft', { incidentId: inc.id, template: 'status_page' });
    expect(sp.plain).toContain('We are currently investigating this issue.');
  });
});
