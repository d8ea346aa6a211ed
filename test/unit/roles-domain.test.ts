import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/shared/domain/policy';
import {
  buildRoleBoard,
  computeCoverage,
  customRoleKey,
  dueNudges,
  fatigue,
  isRoleKey,
  liveSmes,
  mayChangeRole,
  nudgesFor,
  presenceRole,
  resolveRoleName,
  valueSince,
  type BoardInput,
  type CoverageInput,
  type SmeTag,
} from '../../src/shared/domain/roles';
import { RoleSetSchema, SmeAddSchema } from '../../src/shared/ops/roles';

const T0 = Date.UTC(2025, 0, 10, 12, 0);

function coverage(overrides: Partial<CoverageInput>): ReturnType<typeof computeCoverage> {
  return computeCoverage({
    severity: 'SEV1',
    declaredAt: T0,
    severitySince: T0,
    roles: [],
    smeHolders: [],
    ...overrides,
  });
}

describe('required roles per severity', () => {
  it('SEV1 with nobody on it has IC, Tech Lead, Scribe and Comms uncovered, in policy order', () => {
    const c = coverage({});
    expect(c.uncovered.map((u) => u.key)).toEqual(['incident_commander', 'tech_lead', 'scribe', 'comms_lead']);
    expect(c.uncovered.every((u) => u.uncoveredSince === T0 && u.nudgeAt === T0 + 5 * MINUTE)).toBe(true);
    expect(c.responders).toEqual({ needed: 4, have: 0 });
  });

  it('a held role leaves the list; holding two roles counts one responder', () => {
    const c = coverage({
      roles: [
        { key: 'incident_commander', holderId: 'p1', since: T0 },
        { key: 'scribe', holderId: 'p1', since: T0 },
      ],
    });
    expect(c.uncovered.map((u) => u.key)).toEqual(['tech_lead', 'comms_lead']);
    expect(c.responders.have).toBe(1);
  });

  it('SEV2 requires IC and Tech Lead, recommends Scribe', () => {
    const c = coverage({ severity: 'SEV2', roles: [{ key: 'tech_lead', holderId: 'p2', since: T0 }] });
    expect(c.required).toEqual(['incident_commander', 'tech_lead']);
    expect(c.uncovered.map((u) => u.key)).toEqual(['incident_commander']);
    expect(c.uncoveredRecommended).toEqual(['scribe']);
  });

  it.each(['SEV3', 'SEV4'] as const)('%s needs one responder, any role or an SME, and never nudges', (severity) => {
    const none = coverage({ severity });
    expect(none.uncovered).toEqual([
      { key: 'responder', label: 'At least one responder', uncoveredSince: T0, nudgeAt: null },
    ]);
    expect(coverage({ severity, smeHolders: ['p3'] }).uncovered).toEqual([]);
    expect(
      coverage({ severity, roles: [{ key: customRoleKey('Liaison'), holderId: 'p4', since: T0 }] }).uncovered,
    ).toEqual([]);
  });

  it('uncovered time runs from the later of declaration, severity change and release', () => {
    const raised = T0 + 20 * MINUTE;
    const released = T0 + 30 * MINUTE;
    const c = coverage({
      severitySince: raised,
      roles: [{ key: 'scribe', holderId: null, since: released }],
    });
    expect(c.uncovered.find((u) => u.key === 'incident_commander')?.uncoveredSince).toBe(raised);
    expect(c.uncovered.find((u) => u.key === 'scribe')?.uncoveredSince).toBe(released);
    expect(dueNudges(c, raised + 5 * MINUTE).map((u) => u.key)).toEqual([
      'incident_commander',
      'tech_lead',
      'comms_lead',
    ]);
    expect(dueNudges(c, raised + 5 * MINUTE - 1)).toEqual([]);
  });
});

describe('valueSince', () => {
  const w = (ms: number, value: unknown, peer = 'a'): { hlc: string; value: unknown; at: number } => ({
    hlc: `${String(ms).padStart(15, '0')}:000000:${peer}`,
    value,
    at: ms,
  });

  it('a rewrite of the same value keeps the clock; a change away and back restarts it', () => {
    const h = [w(T0, 'SEV1'), w(T0 + 10, 'SEV1'), w(T0 + 20, 'SEV2'), w(T0 + 30, 'SEV1'), w(T0 + 40, 'SEV1')];
    expect(valueSince(h, h[4]!.hlc)).toBe(T0 + 30);
    expect(valueSince(h.slice(0, 2), h[1]!.hlc)).toBe(T0);
    expect(valueSince(h.toReversed(), h[2]!.hlc)).toBe(T0 + 20);
    expect(valueSince(h, null)).toBeNull();
  });
});

describe('role names and keys', () => {
  it('built-in kinds and their labels resolve to the kind; anything else is a custom role', () => {
    expect(resolveRoleName('tech_lead')).toEqual({ key: 'tech_lead', label: 'Technical Lead' });
    expect(resolveRoleName('  technical   lead ')).toEqual({ key: 'tech_lead', label: 'Technical Lead' });
    expect(resolveRoleName(' Customer   Liaison')).toEqual({
      key: 'custom:customer liaison',
      label: 'Customer Liaison',
    });
    expect(resolveRoleName('custom:customer liaison').key).toBe('custom:customer liaison');
  });

  it('only normalized keys are valid in ops', () => {
    expect(isRoleKey('scribe')).toBe(true);
    expect(isRoleKey('sme')).toBe(false);
    expect(isRoleKey('custom:a b')).toBe(true);
    expect(isRoleKey('custom:A  b')).toBe(false);
    expect(isRoleKey('custom:')).toBe(false);
    expect(
      RoleSetSchema.safeParse({ type: 'role.set', role: 'custom:Loud', fields: { holder: null }, base: {} }).success,
    ).toBe(false);
    expect(
      SmeAddSchema.safeParse({
        type: 'sme.add',
        tag: 'tag-000001',
        fields: { participant: 'p-00000001', domain: ' db' },
      }).success,
    ).toBe(false);
  });
});

describe('fatigue', () => {
  it('warns once time on duty reaches the limit', () => {
    expect(fatigue(T0, 3 * HOUR, T0 + 3 * HOUR - 1).warn).toBe(false);
    expect(fatigue(T0, 3 * HOUR, T0 + 3 * HOUR)).toEqual({ onDutyMs: 3 * HOUR, limitMs: 3 * HOUR, warn: true });
  });
});

describe('SME add-wins set', () => {
  const tag = (t: string, participantId: string, domain: string, addedAt: number, removed = false): SmeTag => ({
    tag: t,
    participantId,
    domain,
    addedAt,
    removed,
  });

  it('a member stays while any of its add tags is not removed; domains compare case-insensitively', () => {
    const tags = [
      tag('t1', 'sam', 'Database', T0, true),
      tag('t2', 'sam', 'database', T0 + 5),
      tag('t3', 'kim', 'network', T0 + 1),
    ];
    expect(liveSmes(tags)).toEqual([
      { participantId: 'kim', domain: 'network', since: T0 + 1, tags: ['t3'] },
      { participantId: 'sam', domain: 'database', since: T0 + 5, tags: ['t2'] },
    ]);
    expect(liveSmes([tag('t1', 'sam', 'db', T0, true)])).toEqual([]);
  });
});

describe('role board', () => {
  const input = (overrides: Partial<BoardInput> = {}): BoardInput => ({
    incidentId: 'inc-00000001',
    severity: 'SEV1',
    declaredAt: T0,
    severitySince: T0,
    myPeerId: 'peerA',
    participants: [
      {
        id: 'p-alex',
        incidentId: 'inc-00000001',
        name: 'Alex',
        handle: '',
        contact: '',
        peerId: 'peerA',
        addedAt: T0,
        addedBy: 'Alex',
      },
      {
        id: 'p-dana',
        incidentId: 'inc-00000001',
        name: 'Dana',
        handle: '',
        contact: '',
        peerId: null,
        addedAt: T0 + 1,
        addedBy: 'Alex',
      },
    ],
    roles: [
      { key: 'incident_commander', label: '', holderId: 'p-alex', since: T0, handoff: null, conflicts: [] },
      { key: 'custom:liaison', label: 'Liaison', holderId: 'p-dana', since: T0, handoff: null, conflicts: [] },
    ],
    smeTags: [],
    checklist: [{ role: 'incident_commander', item: 'set-cadence', done: true, doneBy: 'Alex', doneAt: T0 + 2 }],
    fatigueLimits: { scribe: HOUR },
    ...overrides,
  });

  it('has a card per built-in role, then custom roles, with checklists, fatigue limits and who is me', () => {
    const board = buildRoleBoard(input());
    expect(board.roles.map((r) => r.label)).toEqual([
      'Incident Commander',
      'Deputy IC',
      'Scribe',
      'Communications Lead',
      'Technical Lead',
      'Executive Liaison',
      'Liaison',
    ]);
    expect(board.me).toBe('p-alex');
    const ic = board.roles[0]!;
    expect(ic.required).toBe(true);
    expect(ic.fatigueLimitMs).toBe(3 * HOUR);
    expect(ic.checklist.find((i) => i.id === 'set-cadence')).toMatchObject({ done: true, doneBy: 'Alex' });
    expect(ic.checklist.find((i) => i.id === 'assign-roles')?.done).toBe(false);
    expect(board.roles.find((r) => r.key === 'scribe')?.fatigueLimitMs).toBe(HOUR);
    expect(board.coverage.uncovered.map((u) => u.key)).toEqual(['tech_lead', 'scribe', 'comms_lead']);
  });

  it('presence names the roles and SME domains this console holds, each once, across incidents', () => {
    const smeTag = (tag: string, participantId: string, domain: string): SmeTag => ({
      tag,
      participantId,
      domain,
      addedAt: T0,
      removed: false,
    });
    const first = buildRoleBoard(input({ smeTags: [smeTag('tag-00000001', 'p-alex', 'database')] }));
    const second = buildRoleBoard(
      input({
        incidentId: 'inc-00000002',
        roles: [{ key: 'incident_commander', label: '', holderId: 'p-alex', since: T0, handoff: null, conflicts: [] }],
        smeTags: [smeTag('tag-00000002', 'p-dana', 'network')],
      }),
    );
    expect(presenceRole([first, second])).toBe('Incident Commander, SME (database)');
    // Dana's console (not joined in these boards: `me` is null) and no boards at all hold nothing.
    expect(presenceRole([buildRoleBoard(input({ myPeerId: 'peerZ' }))])).toBeNull();
    expect(presenceRole([])).toBeNull();
  });

  it("reminders go to the IC's console, or to everyone in the incident while nobody holds IC", () => {
    const asIc = buildRoleBoard(input());
    expect(nudgesFor(asIc, T0 + 4 * MINUTE)).toEqual([]);
    expect(nudgesFor(asIc, T0 + 5 * MINUTE).map((u) => u.key)).toEqual(['tech_lead', 'scribe', 'comms_lead']);
    const danaIsIc = buildRoleBoard(
      input({
        roles: [{ key: 'incident_commander', label: '', holderId: 'p-dana', since: T0, handoff: null, conflicts: [] }],
      }),
    );
    expect(nudgesFor(danaIsIc, T0 + 10 * MINUTE)).toEqual([]);
    const noIc = buildRoleBoard(input({ roles: [] }));
    expect(nudgesFor(noIc, T0 + 10 * MINUTE).map((u) => u.key)).toContain('incident_commander');
    expect(nudgesFor(buildRoleBoard(input({ roles: [], myPeerId: 'peerZ' })), T0 + 10 * MINUTE)).toEqual([]);
  });

  it('a held role may be changed by its holder or the IC; the IC role also by the Deputy IC', () => {
    const board = buildRoleBoard(
      input({
        roles: [
          { key: 'incident_commander', label: '', holderId: 'p-alex', since: T0, handoff: null, conflicts: [] },
          { key: 'deputy_ic', label: '', holderId: 'p-dana', since: T0, handoff: null, conflicts: [] },
          { key: 'scribe', label: '', holderId: 'p-kim', since: T0, handoff: null, conflicts: [] },
        ],
      }),
    );
    expect(mayChangeRole(board, 'scribe', 'p-kim')).toBe(true);
    expect(mayChangeRole(board, 'scribe', 'p-alex')).toBe(true);
    expect(mayChangeRole(board, 'scribe', 'p-dana')).toBe(false);
    expect(mayChangeRole(board, 'incident_commander', 'p-dana')).toBe(true);
    expect(mayChangeRole(board, 'incident_commander', 'p-kim')).toBe(false);
    expect(mayChangeRole(board, 'scribe', null)).toBe(false);
  });
});
