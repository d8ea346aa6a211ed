/**
 * The IC role board flow across two consoles sharing ops (anti-entropy by version vectors, as
 * the sync layer does it): declare a SEV1, cover roles, hand IC to Lee, Lee acknowledges from
 * Lee's own console, lower to SEV3.
 */
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../src/shared/api';
import { MINUTE } from '../../src/shared/domain/policy';
import { dueNudges } from '../../src/shared/domain/roles';
import type { Warroom } from '../../src/main/core/warroom';
import { useTmpDirs } from '../helpers/store';

const T0 = Date.UTC(2025, 3, 2, 14, 0);
const tmp = useTmpDirs('warroom-roles-int-');

function consoleNamed(name: string, clock: { now: number }): Warroom {
  const w = tmp.open(tmp.dir(), { now: () => clock.now });
  w.call('setProfile', { displayName: name });
  return w;
}

/** Ship what `to` lacks from `from`, in small batches, as a sync session would. */
function ship(from: Warroom, to: Warroom): number {
  let moved = 0;
  for (;;) {
    const batch = from.missingFor(to.versionVector(), 3);
    if (batch.length === 0) return moved;
    const result = to.applyRemote(batch);
    expect(result.rejected).toBe(0);
    moved += batch.length;
  }
}

describe('role board across two consoles', () => {
  it('declare SEV1, cover roles, hand IC to Lee, Lee acknowledges on Lee\u2019s console, lower to SEV3', () => {
    const clock = { now: T0 };
    const alex = consoleNamed('Alex', clock);
    const lee = consoleNamed('Lee', clock);
    const leeBoards: EventPayloads['roleBoardChanged'][] = [];
    lee.subscribe((event, payload) => {
      if (event === 'roleBoardChanged') leeBoards.push(payload as EventPayloads['roleBoardChanged']);
    });

    const id = alex.call('declareIncident', { title: 'Payments failing', severity: 'SEV1' }).id;
    let board = alex.call('getRoleBoard', { incidentId: id });
    expect(board.coverage.uncovered.map((u) => u.label)).toEqual([
      'Incident Commander',
      'Technical Lead',
      'Scribe',
      'Communications Lead',
    ]);
    // Six minutes in, every uncovered SEV1 role is past its five-minute nudge.
    clock.now = T0 + 6 * MINUTE;
    expect(dueNudges(board.coverage, clock.now)).toHaveLength(4);

    alex.call('assignRole', { incidentId: id, role: 'incident_commander', participantId: board.me! });
    // (The timeline orders by event time; entries within one millisecond have no defined order.)
    clock.now += 1_000;
    board = alex.call('assignRole', { incidentId: id, role: 'scribe', name: 'Dana' });
    expect(board.coverage.uncovered.map((u) => u.key)).toEqual(['tech_lead', 'comms_lead']);
    const alexId = board.me!;

    clock.now = T0 + 10 * MINUTE;
    board = alex.call('handOffRole', {
      incidentId: id,
      role: 'incident_commander',
      name: 'Lee',
      brief: {
        currentState: 'Card payments failing in eu-west since 13:52; rollback of payments-api 2.14 in progress',
        openActions: 'Confirm rollback; page the card processor',
        nextUpdateDue: T0 + 20 * MINUTE,
        notes: 'Dana is scribing',
      },
    });
    let ic = board.roles.find((r) => r.key === 'incident_commander')!;
    const leeId = board.participants.find((p) => p.name === 'Lee')!.id;
    expect(ic.holderId).toBe(alexId); // Alex keeps command until Lee acknowledges.
    expect(ic.handoff).toMatchObject({ from: alexId, to: leeId, startedBy: 'Alex' });
    const handoffId = ic.handoff!.id;

    // Lee's console receives everything, opens the incident and is recognised as Lee.
    ship(alex, lee);
    expect(leeBoards.at(-1)?.roles.find((r) => r.key === 'incident_commander')?.handoff?.id).toBe(handoffId);
    const me = lee.call('joinIncident', { incidentId: id });
    expect(me.id).toBe(leeId);
    expect(me.peerId).toBe(lee.peerId);

    clock.now = T0 + 12 * MINUTE;
    board = lee.call('acknowledgeHandoff', { incidentId: id, role: 'incident_commander', handoffId });
    ic = board.roles.find((r) => r.key === 'incident_commander')!;
    expect(ic).toMatchObject({ holderId: leeId, since: T0 + 12 * MINUTE, handoff: null, conflicts: [] });

    ship(lee, alex);
    const alexBoard = alex.call('getRoleBoard', { incidentId: id });
    expect(alexBoard.roles).toEqual(board.roles);
    expect(alexBoard.me).toBe(alexId);

    // The timeline shows assignment, handoff and acknowledgement, in order, on both consoles.
    for (const w of [alex, lee]) {
      const roleEntries = w.call('getTimeline', { incidentId: id, kinds: ['role_change'] }).entries;
      expect(roleEntries.map((e) => [e.data?.action, e.text.split('\n')[0]])).toEqual([
        ['assign', 'Alex assigned as Incident Commander'],
        ['assign', 'Dana assigned as Scribe'],
        ['handoff', 'Incident Commander handoff from Alex to Lee started; Alex keeps the role until Lee acknowledges.'],
        ['acknowledge', 'Lee acknowledged the Incident Commander handoff from Alex and now holds Incident Commander'],
      ]);
      expect(roleEntries[2]!.text).toContain('**Next update due:** 2025-04-02 14:20 UTC');
      expect(roleEntries.map((e) => e.author.name)).toEqual(['Alex', 'Alex', 'Alex', 'Lee']);
    }

    // Lowering to SEV3: no particular role is required any more, and somebody is on it.
    clock.now = T0 + 30 * MINUTE;
    alex.call('changeSeverity', { id, severity: 'SEV3' });
    ship(alex, lee);
    const lowered = lee.call('getRoleBoard', { incidentId: id });
    expect(lowered.severity).toBe('SEV3');
    expect(lowered.coverage.required).toEqual([]);
    expect(lowered.coverage.uncovered).toEqual([]);
    expect(lowered.roles.every((r) => !r.required)).toBe(true);
    expect(leeBoards.at(-1)?.severity).toBe('SEV3');

    // Raising it again makes the roles required from that moment, not from the declaration.
    clock.now = T0 + 40 * MINUTE;
    const raised = alex.call('changeSeverity', { id, severity: 'SEV2' });
    expect(raised.severity).toBe('SEV2');
    const again = alex.call('getRoleBoard', { incidentId: id });
    expect(again.coverage.uncovered).toEqual([
      { key: 'tech_lead', label: 'Technical Lead', uncoveredSince: T0 + 40 * MINUTE, nudgeAt: T0 + 45 * MINUTE },
    ]);
  });

  it('a console that joined before being named is still the addressee; a stranger cannot acknowledge', () => {
    const clock = { now: T0 };
    const alex = consoleNamed('Alex', clock);
    const lee = consoleNamed('Lee', clock);
    const kim = consoleNamed('Kim', clock);
    const id = alex.call('declareIncident', { title: 'Search slow', severity: 'SEV2' }).id;
    ship(alex, lee);
    const leeMe = lee.call('joinIncident', { incidentId: id });
    ship(lee, alex);

    alex.call('assignRole', { incidentId: id, role: 'tech_lead', name: 'Alex' });
    const board = alex.call('handOffRole', {
      incidentId: id,
      role: 'tech_lead',
      participantId: leeMe.id,
      brief: { currentState: 'Index rebuild running', openActions: '' },
    });
    const handoffId = board.roles.find((r) => r.key === 'tech_lead')!.handoff!.id;
    ship(alex, kim);
    ship(alex, lee);
    expect(() => kim.call('acknowledgeHandoff', { incidentId: id, role: 'tech_lead', handoffId })).toThrow(
      /only Lee's console can acknowledge it/,
    );
    const acked = lee.call('acknowledgeHandoff', { incidentId: id, role: 'tech_lead', handoffId });
    expect(acked.roles.find((r) => r.key === 'tech_lead')!.holderId).toBe(leeMe.id);
    expect(acked.participants.filter((p) => p.name === 'Lee')).toHaveLength(1);
  });
});
