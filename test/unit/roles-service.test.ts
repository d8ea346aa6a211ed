/**
 * The role board through the service: concurrent assignment of one role on two consoles, the
 * SME add-wins set under concurrent add/remove, and refusals that leave everything unchanged.
 */
import { describe, expect, it } from 'vitest';
import { WarroomError } from '../../src/shared/api';
import type { Warroom } from '../../src/main/core/warroom';
import { opCount, useTmpDirs } from '../helpers/store';

const T0 = Date.UTC(2025, 2, 1, 9, 0);
const tmp = useTmpDirs('warroom-roles-');

/** A console with a settable clock. */
function consoleAt(name: string, start = T0): { w: Warroom; dir: string; at: (ms: number) => void } {
  let now = start;
  const dir = tmp.dir();
  const w = tmp.open(dir, { now: () => now });
  w.call('setProfile', { displayName: name });
  return { w, dir, at: (ms) => (now = ms) };
}

/** Full anti-entropy in both directions. */
function sync(a: Warroom, b: Warroom): void {
  b.applyRemote(a.missingFor(b.versionVector(), 100_000));
  a.applyRemote(b.missingFor(a.versionVector(), 100_000));
}

function declare(w: Warroom, severity: 'SEV1' | 'SEV2' | 'SEV3' = 'SEV1'): string {
  return w.call('declareIncident', { title: 'Checkout is down', severity }).id;
}

/** Alex declares a SEV1 and Blair's console joins it; both have seen everything. */
function sharedIncident(): { a: ReturnType<typeof consoleAt>; b: ReturnType<typeof consoleAt>; id: string } {
  const a = consoleAt('Alex');
  const b = consoleAt('Blair');
  const id = declare(a.w);
  sync(a.w, b.w);
  b.w.call('joinIncident', { incidentId: id });
  sync(a.w, b.w);
  return { a, b, id };
}

function expectRefused(run: () => unknown, code: string, message: RegExp): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(WarroomError);
    expect((err as WarroomError).code).toBe(code);
    expect((err as WarroomError).message).toMatch(message);
    return;
  }
  throw new Error('expected the call to be refused');
}

describe('concurrent assignment of one role', () => {
  it('both consoles converge on the later assignment and surface the earlier one as a conflict', () => {
    const { a, b, id } = sharedIncident();

    // Neither has seen the other's assignment: both take IC; Blair's is later in time.
    a.at(T0 + 1_000);
    b.at(T0 + 2_000);
    a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
    b.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Blair' });
    sync(a.w, b.w);

    const boardA = a.w.call('getRoleBoard', { incidentId: id });
    const boardB = b.w.call('getRoleBoard', { incidentId: id });
    const blair = boardA.participants.find((p) => p.name === 'Blair')!.id;
    const alex = boardA.participants.find((p) => p.name === 'Alex')!.id;
    for (const board of [boardA, boardB]) {
      const ic = board.roles.find((r) => r.key === 'incident_commander')!;
      expect(ic.holderId).toBe(blair);
      expect(ic.since).toBe(T0 + 2_000);
      expect(ic.conflicts).toEqual([expect.objectContaining({ holderId: alex, author: 'Alex', at: T0 + 1_000 })]);
    }
    expect(boardA.roles).toEqual(boardB.roles);
  });

  it('on equal wall times the greatest HLC still picks one winner, the same on both sides', () => {
    const { a, b, id } = sharedIncident();
    a.w.call('assignRole', { incidentId: id, role: 'scribe', name: 'Alex' });
    b.w.call('assignRole', { incidentId: id, role: 'scribe', name: 'Blair' });
    sync(a.w, b.w);
    const boardA = a.w.call('getRoleBoard', { incidentId: id });
    // The greatest HLC wins: wall time, then counter, then peer id, the same order everywhere.
    const writes = a.w
      .missingFor({}, 100_000)
      .filter((op) => op.body.type === 'role.set' && op.body.role === 'scribe')
      .sort((x, y) => (x.hlc < y.hlc ? -1 : 1));
    expect(writes).toHaveLength(2);
    const last = writes.at(-1)!.body;
    const winner = last.type === 'role.set' ? last.fields.holder : undefined;
    expect(boardA.roles.find((r) => r.key === 'scribe')!.holderId).toBe(winner);
    expect(b.w.call('getRoleBoard', { incidentId: id }).roles).toEqual(boardA.roles);
    expect(boardA.roles.find((r) => r.key === 'scribe')!.conflicts).toHaveLength(1);
  });

  it('a later assignment that saw both clears the conflict; keeping the winner keeps its start time', () => {
    const { a, b, id } = sharedIncident();
    a.at(T0 + 1_000);
    b.at(T0 + 2_000);
    a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
    b.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Blair' });
    sync(a.w, b.w);
    a.at(T0 + 3_000);
    const board = a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Blair' });
    const ic = board.roles.find((r) => r.key === 'incident_commander')!;
    expect(ic.conflicts).toEqual([]);
    expect(ic.since).toBe(T0 + 2_000);
    sync(a.w, b.w);
    expect(b.w.call('getRoleBoard', { incidentId: id }).roles).toEqual(board.roles);
    const texts = a.w.call('getTimeline', { incidentId: id, kinds: ['role_change'] }).entries.map((e) => e.text);
    expect(texts.at(-1)).toBe('Concurrent Incident Commander assignments resolved: Blair keeps the role');
  });
});

describe('SME add-wins set', () => {
  it('an add concurrent with a remove survives on every console, in any delivery order', () => {
    const a = consoleAt('Alex');
    const b = consoleAt('Blair');
    const c = consoleAt('Casey');
    const id = declare(a.w);
    a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
    const sam = a.w.call('addParticipant', { incidentId: id, name: 'Sam' }).id;
    sync(a.w, b.w);

    // Alex (IC) adds Sam as database SME and removes it again (observing only that add), while
    // Blair, not having seen either, adds the same expertise: Blair's add was never observed.
    a.w.call('addSme', { incidentId: id, participantId: sam, domain: 'database' });
    const afterRemove = a.w.call('removeSme', { incidentId: id, participantId: sam, domain: 'Database' });
    expect(afterRemove.smes).toEqual([]);
    const afterAdd = b.w.call('addSme', { incidentId: id, participantId: sam, domain: 'database' });
    expect(afterAdd.smes).toHaveLength(1);

    // Casey receives Blair's ops first, then Alex's (the remove after the concurrent add).
    c.w.applyRemote(b.w.missingFor(c.w.versionVector(), 100_000));
    c.w.applyRemote(a.w.missingFor(c.w.versionVector(), 100_000));
    sync(a.w, b.w);
    for (const w of [a.w, b.w, c.w]) {
      const smes = w.call('getRoleBoard', { incidentId: id }).smes;
      expect(smes.map((s) => [s.participantId, s.domain])).toEqual([[sam, 'database']]);
    }

    // A remove that observed every tag removes the member everywhere.
    a.w.call('removeSme', { incidentId: id, participantId: sam, domain: 'database' });
    sync(a.w, b.w);
    c.w.applyRemote(a.w.missingFor(c.w.versionVector(), 100_000));
    for (const w of [a.w, b.w, c.w]) expect(w.call('getRoleBoard', { incidentId: id }).smes).toEqual([]);
  });

  it('a remove that arrives before the add it removed still removes it', () => {
    const a = consoleAt('Alex');
    const c = consoleAt('Casey');
    const id = declare(a.w);
    a.w.call('addSme', { incidentId: id, name: 'Sam', domain: 'network' });
    const sam = a.w.call('getRoleBoard', { incidentId: id }).participants.find((p) => p.name === 'Sam')!.id;
    // Alex's own console is Alex's participant, not Sam's; as nobody is IC yet, Alex takes IC first.
    a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
    a.w.call('removeSme', { incidentId: id, participantId: sam, domain: 'network' });
    const ops = a.w.missingFor({}, 100_000);
    c.w.applyRemote(ops.toReversed());
    expect(c.w.call('getRoleBoard', { incidentId: id }).smes).toEqual([]);
    expect(
      c.w
        .call('getRoleBoard', { incidentId: id })
        .participants.map((p) => p.name)
        .sort(),
    ).toEqual(['Alex', 'Sam']);
  });
});

describe('bad input is refused and changes nothing', () => {
  it('unknown participant, unheld release, foreign release, foreign acknowledgement, unknown handoff', () => {
    const a = consoleAt('Alex');
    const id = declare(a.w);
    a.w.call('assignRole', { incidentId: id, role: 'scribe', name: 'Dana' });
    const before = opCount(a.dir);
    const board = a.w.call('getRoleBoard', { incidentId: id });

    expectRefused(
      () => a.w.call('assignRole', { incidentId: id, role: 'tech_lead', participantId: 'nobody-here-000' }),
      'not_found',
      /No participant nobody-here-000/,
    );
    expectRefused(
      () => a.w.call('releaseRole', { incidentId: id, role: 'comms_lead' }),
      'invalid_argument',
      /not held/,
    );
    expectRefused(
      () => a.w.call('releaseRole', { incidentId: id, role: 'scribe' }),
      'invalid_argument',
      /Only Dana or the Incident Commander can release Scribe/,
    );
    expectRefused(
      () => a.w.call('assignRole', { incidentId: id, role: 'scribe', name: 'Lee' }),
      'invalid_argument',
      /can reassign Scribe/,
    );

    // Alex becomes IC and hands Scribe from Dana to Lee: only Lee's console may acknowledge.
    a.w.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
    const pending = a.w.call('handOffRole', {
      incidentId: id,
      role: 'scribe',
      name: 'Lee',
      brief: { currentState: 'Timeline up to date', openActions: '' },
    });
    const handoff = pending.roles.find((r) => r.key === 'scribe')!.handoff!;
    const mid = opCount(a.dir);
    expectRefused(
      () => a.w.call('acknowledgeHandoff', { incidentId: id, role: 'scribe', handoffId: handoff.id }),
      'invalid_argument',
      /addressed to Lee; only Lee's console can acknowledge it/,
    );
    expectRefused(
      () => a.w.call('acknowledgeHandoff', { incidentId: id, role: 'scribe', handoffId: 'not-a-handoff' }),
      'not_found',
      /No pending Scribe handoff/,
    );
    expectRefused(
      () =>
        a.w.call('handOffRole', {
          incidentId: id,
          role: 'comms_lead',
          name: 'Lee',
          brief: { currentState: 'x', openActions: '' },
        }),
      'invalid_argument',
      /Nobody holds Communications Lead/,
    );
    expectRefused(
      () => a.w.call('tickChecklistItem', { incidentId: id, role: 'scribe', itemId: 'no-such-item', done: true }),
      'not_found',
      /no checklist item/,
    );
    expectRefused(
      () => a.w.call('assignRole', { incidentId: id, role: 'tech_lead', participantId: board.me!, name: 'Alex' }),
      'invalid_argument',
      /exactly one of participantId or name/,
    );
    expect(opCount(a.dir)).toBe(mid);
    expect(mid).toBeGreaterThan(before);
  });

  it('the handle() envelope carries the code and message', async () => {
    const a = consoleAt('Alex');
    const id = declare(a.w);
    const reply = await a.w.handle('releaseRole', { incidentId: id, role: 'incident_commander' });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Incident Commander is not held by anyone' },
    });
  });
});

describe('participants, checklists and settings', () => {
  it('declaring joins; names are reused case-insensitively; ticks are replicated', () => {
    const a = consoleAt('Alex');
    const b = consoleAt('Blair');
    const id = declare(a.w);
    expect(a.w.call('listParticipants', { incidentId: id }).map((p) => [p.name, p.isMe])).toEqual([['Alex', true]]);
    const dana = a.w.call('addParticipant', { incidentId: id, name: 'Dana', contact: '+1 555 0100' });
    expect(a.w.call('addParticipant', { incidentId: id, name: ' dana ' }).id).toBe(dana.id);
    expect(dana.peerId).toBeNull();

    a.w.call('tickChecklistItem', {
      incidentId: id,
      role: 'incident_commander',
      itemId: 'declare-severity',
      done: true,
    });
    sync(a.w, b.w);
    const item = b.w
      .call('getRoleBoard', { incidentId: id })
      .roles.find((r) => r.key === 'incident_commander')!
      .checklist.find((i) => i.id === 'declare-severity')!;
    expect(item).toMatchObject({ done: true, doneBy: 'Alex', doneAt: T0 });
    // Reading does not join; joining is explicit (or implied by a write).
    expect(b.w.call('getRoleBoard', { incidentId: id }).me).toBeNull();
    expect(b.w.call('joinIncident', { incidentId: id }).name).toBe('Blair');
  });

  it('a profile change (name, handle, contact) reaches the participant of every incident at the next write', () => {
    expect(tmp.open(tmp.dir()).profile().named).toBe(false); // a fresh console goes by the OS account
    const { a, b, id } = sharedIncident();
    expect(a.w.profile()).toMatchObject({ displayName: 'Alex', named: true });
    a.w.call('setProfile', { displayName: 'Alex Kim', handle: '@alex', contact: '+1 555 0199' });
    a.w.call('addEntry', { incidentId: id, kind: 'note', text: 'paging the database team' });
    sync(a.w, b.w);
    const alex = b.w.call('listParticipants', { incidentId: id }).find((p) => p.peerId === a.w.peerId);
    expect(alex).toMatchObject({ name: 'Alex Kim', handle: '@alex', contact: '+1 555 0199' });
    // Nothing changed since: the next write adds no participant op.
    const before = opCount(a.dir);
    a.w.call('addEntry', { incidentId: id, kind: 'note', text: 'still paging' });
    expect(opCount(a.dir)).toBe(before + 1);
  });

  it('custom roles by name, fatigue limits per console', () => {
    const a = consoleAt('Alex');
    const id = declare(a.w, 'SEV3');
    const board = a.w.call('assignRole', { incidentId: id, role: 'Customer  Liaison', name: 'Kim' });
    const custom = board.roles.find((r) => r.key === 'custom:customer liaison')!;
    expect(custom.label).toBe('Customer Liaison');
    expect(board.coverage.uncovered).toEqual([]);
    expect(
      a.w.call('setFatigueLimit', { role: 'incident_commander', minutes: 120 }).fatigueLimitsMs.incident_commander,
    ).toBe(120 * 60_000);
    expect(a.w.call('getRoleBoard', { incidentId: id }).roles[0]!.fatigueLimitMs).toBe(120 * 60_000);
    expectRefused(() => a.w.call('setFatigueLimit', { role: 'scribe', minutes: 1 }), 'invalid_argument', /at least 15/);
  });
});
