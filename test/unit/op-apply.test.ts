import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MILESTONES, SEVERITIES, STATUSES } from '../../src/shared/domain/incident';
import { USER_ENTRY_KINDS } from '../../src/shared/domain/timeline';
import type { EntryFields, IncidentFields, Op } from '../../src/shared/ops';
import type { Warroom } from '../../src/main/core/warroom';
import { SIM_T0, SimPeer, incidentId, lwwModel } from '../helpers/sim';
import { DB_FILE } from '../../src/main/core/store/open';
import { PROJECTIONS } from '../../src/main/core/store/projections';
import { snapshot, tableDump, useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-apply-');
const MIN = 60_000;
/** The receiving peers' wall clock: well after every simulated write, so no op trips the drift bound. */
const RECEIVER_NOW = (): number => SIM_T0 + 30 * 24 * 60 * MIN;

function fresh(): { w: Warroom; dir: string } {
  const dir = tmp.dir();
  return { w: tmp.open(dir, { now: RECEIVER_NOW }), dir };
}

const fieldsArb: fc.Arbitrary<Partial<IncidentFields>> = fc
  .record(
    {
      severity: fc.constantFrom(...SEVERITIES),
      status: fc.constantFrom(...STATUSES),
      title: fc.constantFrom('Checkout 500s', 'Login latency', 'DNS flapping'),
      summary: fc.string({ maxLength: 20 }),
      services: fc.array(fc.constantFrom('api', 'db', 'cdn'), { maxLength: 3 }),
      mitigatedAt: fc.option(fc.integer({ min: SIM_T0, max: SIM_T0 + 60 * MIN }), { nil: null }),
      impactStartedAt: fc.option(fc.integer({ min: SIM_T0 - 60 * MIN, max: SIM_T0 }), { nil: null }),
    },
    { requiredKeys: [] },
  )
  .filter((f) => Object.keys(f).length > 0);

const WORDS = ['database', 'failover', 'rollback', 'latency', 'checkout', 'paging'] as const;
const entryTextArb = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '));
const entryFieldsArb: fc.Arbitrary<EntryFields> = fc.record({
  kind: fc.constantFrom(...USER_ENTRY_KINDS),
  text: entryTextArb,
  eventTime: fc.integer({ min: SIM_T0, max: SIM_T0 + 60 * MIN }),
  tags: fc.array(fc.constantFrom('db', 'edge', 'customer'), { maxLength: 2 }),
  pinned: fc.boolean(),
  deleted: fc.boolean(),
  data: fc.constantFrom<EntryFields['data']>(null, { exitCode: 1 }, { audience: 'internal', channels: ['#inc'] }),
});
const entryEditArb: fc.Arbitrary<Partial<EntryFields>> = fc
  .record(
    {
      text: entryTextArb,
      pinned: fc.boolean(),
      deleted: fc.boolean(),
      tags: fc.array(fc.constantFrom('db', 'edge'), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .filter((f) => Object.keys(f).length > 0);

const stepArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('declare' as const), peer: fc.nat(3), incident: fc.nat(2) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      peer: fc.nat(3),
      incident: fc.nat(2),
      fields: fieldsArb,
      withBase: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      peer: fc.nat(3),
      incident: fc.nat(2),
      entry: fc.nat(3),
      fields: entryFieldsArb,
      edit: entryEditArb,
      withBase: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 2 * MIN }) }) },
);

const historyArb = fc.record({
  skews: fc.array(fc.integer({ min: -10 * MIN, max: 10 * MIN }), { minLength: 2, maxLength: 4 }),
  incidents: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
});
type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/** Replay generated steps through simulated peers; returns every op produced, in production order. */
function produce(history: History): { ops: Op[]; declared: Set<string>; peers: SimPeer[] } {
  let t = SIM_T0;
  const peers = history.skews.map((skew, i) => new SimPeer(`peer${i}`, () => t + skew));
  const ops: Op[] = [];
  const declared = new Set<string>();
  const added = new Set<string>();
  for (const step of history.steps) {
    if (step.kind === 'tick') t += step.ms;
    else if (step.kind === 'sync') peers[step.to % peers.length]!.syncFrom(peers[step.from % peers.length]!);
    else {
      const peer = peers[step.peer % peers.length]!;
      const id = incidentId(step.incident % history.incidents);
      if (step.kind === 'declare') {
        if (declared.has(id)) continue;
        declared.add(id);
        ops.push(peer.declare(id, `Incident ${id}`));
      } else if (step.kind === 'entry') {
        // The first write to an entry adds it; later ones edit it (and may reach a peer first).
        const entryId = `entry-${id}-${step.entry}`;
        if (added.has(entryId)) ops.push(peer.setEntry(id, entryId, step.edit, step.withBase));
        else {
          added.add(entryId);
          ops.push(peer.addEntry(id, entryId, step.fields));
        }
      } else {
        ops.push(peer.set(id, step.fields, step.withBase));
      }
    }
  }
  return { ops, declared, peers };
}

/** Split into consecutive batches of random sizes, as a sync catch-up would deliver them. */
function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  let k = 0;
  while (i < items.length) {
    const n = Math.max(1, sizes[k++ % Math.max(1, sizes.length)] ?? 1);
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Apply groups of ops in turn; with `indexEvery`, bring the search index up to date every that many groups. */
function applyAll(w: Warroom, groups: readonly (readonly Op[])[], indexEvery = 0): number {
  let rejected = 0;
  groups.forEach((g, i) => {
    rejected += w.applyRemote(g).rejected;
    if (indexEvery > 0 && i % indexEvery === 0) w.catchUpSearchIndex();
  });
  return rejected;
}

describe('applying ops', () => {
  it('applying the same op twice is a no-op, in separate batches and within one', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const declare = a.declare(incidentId(1), 'Checkout 500s');
    const set = a.set(incidentId(1), { severity: 'SEV1' });

    const { w, dir } = fresh();
    expect(w.applyRemote([declare, set])).toMatchObject({ applied: 2, rejected: 0 });
    const once = snapshot(w);
    const rowsOnce = tableDump(dir);

    expect(w.applyRemote([declare])).toMatchObject({ applied: 0, rejected: 0 });
    expect(w.applyRemote([set, set, declare])).toMatchObject({ applied: 0, rejected: 0 });
    expect(snapshot(w)).toEqual(once);
    expect(tableDump(dir)).toEqual(rowsOnce);

    const other = fresh();
    expect(other.w.applyRemote([set, declare, set, declare])).toMatchObject({ applied: 2 });
    expect(snapshot(other.w)).toEqual(once);
  });

  it('keeps the per-origin digest up to date commit by commit, equal to one rebuilt from the log', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const { w, dir } = fresh();
    w.applyRemote([a.declare(incidentId(1), 'Checkout 500s')]);
    expect(Object.keys(w.digest())).toEqual(['alice']); // builds the digest table from the log
    w.applyRemote([
      a.set(incidentId(1), { severity: 'SEV1' }),
      a.addEntry(incidentId(1), 'entry-digest-0001', {
        kind: 'note',
        text: 'digest me',
        eventTime: SIM_T0,
        tags: [],
        pinned: false,
        deleted: false,
        data: { channels: ['#inc'] },
      }),
    ]);
    w.call('declareIncident', { title: 'Local too', severity: 'SEV3' });
    const incremental = w.digest();
    w.close();
    expect(tmp.open(dir, { now: RECEIVER_NOW }).digest()).toEqual(incremental);
  });

  it('emits incidentChanged only for ops that change something', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const declare = a.declare(incidentId(1), 'Checkout 500s');
    const { w } = fresh();
    const events: string[] = [];
    w.subscribe((event, payload) => {
      if (event === 'incidentChanged') events.push(`${event}:${(payload as { id: string }).id}`);
    });
    w.applyRemote([declare]);
    w.applyRemote([declare]);
    expect(events).toEqual([`incidentChanged:${incidentId(1)}`]);
  });

  it(
    'any order, batching and duplication of the same ops gives identical projections and version vectors',
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(historyArb, fc.gen(), (history, g) => {
          const { ops, declared } = produce(history);
          if (ops.length === 0) return;

          const reference = fresh();
          expect(applyAll(reference.w, [ops])).toBe(0);
          const expected = snapshot(reference.w);
          const expectedRows = tableDump(reference.dir);

          // Every op of every peer is stored, so each origin's vector entry is its op count.
          const counts: Record<string, number> = {};
          for (const op of ops) counts[op.origin] = (counts[op.origin] ?? 0) + 1;
          expect(expected.vector).toEqual(Object.fromEntries(Object.entries(counts).sort()));
          expect(expected.list.map((i) => i.id)).toEqual([...declared].sort());

          // The projection is last-writer-wins by HLC over the whole set of ops.
          const model = lwwModel(ops);
          for (const incident of expected.incidents) {
            const winners = model.get(`incident/${incident.id}`)!;
            for (const [field, value] of winners) {
              const shown = (MILESTONES as readonly string[]).includes(field)
                ? incident.milestones[field as keyof typeof incident.milestones]
                : (incident as unknown as Record<string, unknown>)[field];
              expect(shown, `${incident.id}.${field}`).toEqual(value);
            }
          }

          // One op at a time, in a random order, the search index catching up now and then (so
          // some entries are edited after they were indexed, others before).
          const shuffled = g(fc.shuffledSubarray, ops, { minLength: ops.length, maxLength: ops.length });
          const oneByOne = fresh();
          expect(
            applyAll(
              oneByOne.w,
              shuffled.map((op) => [op]),
              g(fc.integer, { min: 1, max: 4 }),
            ),
          ).toBe(0);
          expect(snapshot(oneByOne.w)).toEqual(expected);
          expect(tableDump(oneByOne.dir)).toEqual(expectedRows);

          // A random partial delivery first, then everything again in another order, in random batches.
          const partial = g(fc.shuffledSubarray, ops, { minLength: 0, maxLength: ops.length });
          const again = g(fc.shuffledSubarray, ops, { minLength: ops.length, maxLength: ops.length });
          const dupes = g(fc.subarray, ops);
          const sizes = g(fc.array, fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 5 });
          const messy = fresh();
          expect(applyAll(messy.w, batches([...partial, ...again, ...dupes], sizes))).toBe(0);
          expect(snapshot(messy.w)).toEqual(expected);
          expect(tableDump(messy.dir)).toEqual(expectedRows);
        }),
        { numRuns: 120 },
      );
    },
  );

  it('holds ops that arrive before their declare and shows the incident once it arrives', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const declare = a.declare(incidentId(1), 'Checkout 500s');
    const raise = a.set(incidentId(1), { severity: 'SEV1', summary: 'card payments failing' });

    const { w } = fresh();
    expect(w.applyRemote([raise])).toMatchObject({ applied: 1, rejected: 0 });
    expect(w.call('listIncidents', {})).toEqual([]);
    expect(() => w.call('getIncident', { id: incidentId(1) })).toThrow(/No incident with id/);
    // seq 1 is missing, so nothing of alice's is contiguous yet.
    expect(w.versionVector()).toEqual({});

    expect(w.applyRemote([declare])).toMatchObject({ applied: 1 });
    const incident = w.call('getIncident', { id: incidentId(1) });
    // The later write wins over the declare's initial values even though it arrived first.
    expect(incident).toMatchObject({ severity: 'SEV1', summary: 'card payments failing', title: 'Checkout 500s' });
    expect(incident.createdBy).toBe('Responder alice');
    expect(incident.conflicts).toEqual([]);
    expect(w.versionVector()).toEqual({ alice: 2 });
  });

  it('stops the version vector at a seq gap and advances it past everything stored once the gap fills', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const ops = [a.declare(incidentId(1), 'Checkout 500s')];
    for (let i = 0; i < 7; i++) ops.push(a.set(incidentId(1), { summary: `update ${i}` }));
    const [s1, s2, s3, s4, s5, s6, s7, s8] = ops as [Op, Op, Op, Op, Op, Op, Op, Op];

    const { w } = fresh();
    w.applyRemote([s1, s2, s4, s5]);
    expect(w.versionVector()).toEqual({ alice: 2 });
    expect(w.missingFor({}, 100).map((op) => op.seq)).toEqual([1, 2, 4, 5]);

    w.applyRemote([s7, s8]);
    expect(w.versionVector()).toEqual({ alice: 2 });

    w.applyRemote([s3]);
    expect(w.versionVector()).toEqual({ alice: 5 });

    w.applyRemote([s6, s6]);
    expect(w.versionVector()).toEqual({ alice: 8 });
    expect(w.call('getIncident', { id: incidentId(1) }).summary).toBe('update 6');

    // The vector survives a restart.
    const dir = tmp.dir();
    const first = tmp.open(dir, { now: RECEIVER_NOW });
    first.applyRemote([s1, s3]);
    expect(first.versionVector()).toEqual({ alice: 1 });
    first.close();
    const reopened = tmp.open(dir, { now: RECEIVER_NOW });
    expect(reopened.versionVector()).toEqual({ alice: 1 });
    reopened.applyRemote([s2]);
    expect(reopened.versionVector()).toEqual({ alice: 3 });
  });

  it('a batch that fails mid-commit leaves the vector as before, and applies whole once the failure is gone', () => {
    const a = new SimPeer('alice', () => SIM_T0);
    const ops = [a.declare(incidentId(1), 'Checkout 500s'), a.set(incidentId(1), { summary: 'boom' })];
    const { w, dir } = fresh();
    w.applyRemote(ops.slice(0, 1));
    expect(w.versionVector()).toEqual({ alice: 1 });
    const later = [
      a.set(incidentId(1), { summary: 'fine' }),
      ...[2, 3].map(() => a.set(incidentId(1), { summary: 'boom' })),
    ];
    // A failure SQLite raises inside the transaction (as a full disk would), after the batch's first op.
    const db = new Database(path.join(dir, DB_FILE));
    db.exec(
      `CREATE TRIGGER fail BEFORE UPDATE OF summary ON incidents WHEN NEW.summary = 'boom' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
    );
    expect(() => w.applyRemote([ops[1] as Op, ...later])).toThrow(/disk says no/);
    expect(w.versionVector()).toEqual({ alice: 1 });
    expect(w.missingFor({ alice: 1 }, 100)).toEqual([]);
    db.exec('DROP TRIGGER fail');
    db.close();
    w.applyRemote([ops[1] as Op, ...later]);
    expect(w.versionVector()).toEqual({ alice: 5 });
  });

  it('surfaces concurrent severity writes as a conflict that clears once someone writes having seen the winner', () => {
    let t = SIM_T0;
    const alice = new SimPeer('alice', () => t);
    const bob = new SimPeer('bob', () => t + 2_000);
    const declare = alice.declare(incidentId(1), 'Checkout 500s');
    bob.syncFrom(alice);
    t += 1_000;
    // Both saw the declare's SEV3 and raise it without seeing each other's change.
    const fromAlice = alice.set(incidentId(1), { severity: 'SEV1' });
    const fromBob = bob.set(incidentId(1), { severity: 'SEV2' });
    expect(fromBob.hlc > fromAlice.hlc).toBe(true);

    const { w } = fresh();
    w.applyRemote([fromBob, declare, fromAlice]);
    const conflicted = w.call('getIncident', { id: incidentId(1) });
    expect(conflicted.severity).toBe('SEV2');
    expect(conflicted.conflicts).toEqual([
      { field: 'severity', value: 'SEV1', hlc: fromAlice.hlc, author: 'Responder alice' },
    ]);

    // Alice writes again having seen only her own value: Bob's is still unseen, so a conflict stays.
    t += 5_000;
    const aliceAgain = alice.set(incidentId(1), { severity: 'SEV1', summary: 'still SEV1' });
    expect(aliceAgain.hlc > fromBob.hlc).toBe(true);
    w.applyRemote([aliceAgain]);
    const flipped = w.call('getIncident', { id: incidentId(1) });
    expect(flipped.severity).toBe('SEV1');
    expect(flipped.conflicts).toEqual([
      { field: 'severity', value: 'SEV2', hlc: fromBob.hlc, author: 'Responder bob' },
    ]);

    // Carol has seen everything and sets the severity: no conflict is left.
    const carol = new SimPeer('carol', () => t + 5_000);
    carol.syncFrom(alice);
    carol.syncFrom(bob);
    const resolved = carol.set(incidentId(1), { severity: 'SEV1' });
    w.applyRemote([resolved]);
    const settled = w.call('getIncident', { id: incidentId(1) });
    expect(settled.severity).toBe('SEV1');
    expect(settled.conflicts).toEqual([]);
  });

  it('clears a conflict when the local user writes after seeing the winner', () => {
    let t = SIM_T0;
    const alice = new SimPeer('alice', () => t);
    const bob = new SimPeer('bob', () => t);
    const declare = alice.declare(incidentId(2), 'Login latency');
    bob.syncFrom(alice);
    t += 500;
    const a = alice.set(incidentId(2), { status: 'identified' });
    const b = bob.set(incidentId(2), { status: 'monitoring' });

    const { w } = fresh();
    w.applyRemote([declare, a, b]);
    const before = w.call('getIncident', { id: incidentId(2) });
    expect(before.conflicts).toHaveLength(1);
    expect(before.conflicts[0]!.field).toBe('status');

    const after = w.call('changeSeverity', { id: incidentId(2), severity: 'SEV2' });
    expect(after.conflicts).toHaveLength(1); // a write to another field settles nothing

    const settled = w.call('changeStatus', { id: incidentId(2), status: before.status });
    expect(settled.conflicts).toEqual([]);
    expect(settled.status).toBe(before.status);
  });

  it('stores no clock or history rows for what the creating op wrote, and reads the same as if it had', () => {
    let t = SIM_T0;
    const alice = new SimPeer('alice', () => t);
    // Bob's clock runs behind: his write without a base gets an HLC below the declare's.
    const bob = new SimPeer('bob', () => t - 60_000);
    const declare = alice.declare(incidentId(3), 'DNS flapping');
    const ENTRY = 'entry-incident-0003-1';
    const entryFields: EntryFields = {
      kind: 'finding',
      text: 'resolver latency',
      eventTime: SIM_T0,
      tags: ['dns'],
      pinned: false,
      deleted: false,
      data: null,
    };
    const add = alice.addEntry(incidentId(3), ENTRY, entryFields);
    const stale = bob.set(incidentId(3), { severity: 'SEV1' }, false);
    expect(stale.hlc < declare.hlc).toBe(true);

    const inOrder = fresh();
    expect(inOrder.w.applyRemote([declare, add])).toMatchObject({ applied: 2, rejected: 0 });
    // Every field has its clock (the creating op's), none of them in a row of its own.
    const columns = (e: keyof typeof PROJECTIONS): number => Object.keys(PROJECTIONS[e].columns).length;
    expect(tableDump(inOrder.dir).field_clock).toHaveLength(columns('incident') + columns('timeline_entry'));
    expect(rawCounts(inOrder.dir)).toEqual({ clocks: 0, entryHistory: 0 });

    const history = inOrder.w.call('getEntryHistory', { incidentId: incidentId(3), entryId: ENTRY });
    expect(history.map((h) => [h.field, h.value, h.author, h.hlc, h.current]).toSorted()).toEqual(
      ['deleted', 'eventTime', 'kind', 'pinned', 'tags', 'text']
        .map((f) => [f, entryFields[f as keyof EntryFields], 'Responder alice', add.hlc, true])
        .toSorted(),
    );
    const [entry] = inOrder.w.call('getTimeline', { incidentId: incidentId(3) }).entries;
    expect(entry).toMatchObject({ text: 'resolver latency', revisions: 0 });

    // A write older than the creating op loses to it and shows as a conflict, whatever the order.
    inOrder.w.applyRemote([stale]);
    const reversed = fresh();
    reversed.w.applyRemote([stale]);
    reversed.w.applyRemote([add, declare]);
    for (const w of [inOrder.w, reversed.w]) {
      const incident = w.call('getIncident', { id: incidentId(3) });
      expect(incident.severity).toBe('SEV3');
      expect(incident.conflicts).toEqual([
        { field: 'severity', value: 'SEV1', hlc: stale.hlc, author: 'Responder bob' },
      ]);
    }
    expect(snapshot(reversed.w)).toEqual(snapshot(inOrder.w));

    // An edit takes a clock row and a history row; the first value stays in the history.
    t += 5_000;
    const edit = alice.setEntry(incidentId(3), ENTRY, { text: 'resolver latency: upstream timeouts' });
    expect(edit.body.type === 'timeline.set' && edit.body.base.text).toBe(add.hlc);
    inOrder.w.applyRemote([edit]);
    expect(rawCounts(inOrder.dir)).toEqual({ clocks: 1, entryHistory: 1 });
    const texts = inOrder.w
      .call('getEntryHistory', { incidentId: incidentId(3), entryId: ENTRY })
      .filter((h) => h.field === 'text')
      .map((h) => [h.value, h.current]);
    expect(texts).toEqual([
      ['resolver latency', false],
      ['resolver latency: upstream timeouts', true],
    ]);
    expect(inOrder.w.call('getTimeline', { incidentId: incidentId(3) }).entries[0]).toMatchObject({ revisions: 1 });
  });
});

/** Stored clock rows and entry history rows, as written (not the effective clocks tableDump shows). */
function rawCounts(dir: string): { clocks: number; entryHistory: number } {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return {
      clocks: db.prepare(`SELECT count(*) FROM field_clock`).pluck().get() as number,
      entryHistory: db
        .prepare(`SELECT count(*) FROM field_history WHERE entity = 'timeline_entry'`)
        .pluck()
        .get() as number,
    };
  } finally {
    db.close();
  }
}
