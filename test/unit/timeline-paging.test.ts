import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/core/store/open';
import { useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-tl-paging-');

describe('timeline paging support', () => {
  it('locates an entry at its index in the filtered timeline, or null when the filter hides it', () => {
    const w = tmp.open(tmp.dir());
    const inc = w.call('declareIncident', { title: 'Paging', severity: 'SEV2' });
    const t0 = Date.now() - 60 * 60_000;
    const added = [5, 1, 4, 2, 3].map((m) =>
      w.call('addEntry', {
        incidentId: inc.id,
        kind: m % 2 ? 'decision' : 'note',
        text: `at ${m}`,
        eventTime: t0 + m * 60_000,
      }),
    );
    w.call('setEntryPinned', { incidentId: inc.id, entryId: added[2]!.id, pinned: true });
    w.call('deleteEntry', { incidentId: inc.id, entryId: added[3]!.id });

    const all = w.call('getTimeline', { incidentId: inc.id }).entries;
    for (const [i, e] of all.entries()) {
      expect(w.call('locateEntry', { incidentId: inc.id, entryId: e.id })).toEqual({ index: i, total: all.length });
    }
    const decisions = w.call('getTimeline', { incidentId: inc.id, kinds: ['decision'] }).entries.map((e) => e.text);
    expect(decisions).toEqual(['at 1', 'at 3', 'at 5']);
    expect(w.call('locateEntry', { incidentId: inc.id, entryId: added[0]!.id, kinds: ['decision'] })).toEqual({
      index: 2,
      total: 3,
    });
    // Hidden by the filter: the note is not a decision, the deleted entry is not live.
    expect(w.call('locateEntry', { incidentId: inc.id, entryId: added[2]!.id, kinds: ['decision'] }).index).toBeNull();
    expect(w.call('locateEntry', { incidentId: inc.id, entryId: added[3]!.id }).index).toBeNull();
    // ...but the audit view shows it.
    const audit = w.call('getTimeline', { incidentId: inc.id, includeDeleted: true }).entries.map((e) => e.id);
    expect(w.call('locateEntry', { incidentId: inc.id, entryId: added[3]!.id, includeDeleted: true }).index).toBe(
      audit.indexOf(added[3]!.id),
    );
    expect(w.call('locateEntry', { incidentId: inc.id, entryId: added[2]!.id, pinnedOnly: true })).toEqual({
      index: 0,
      total: 1,
    });
  });

  it('reads the newest page in one call with fromEnd', () => {
    const w = tmp.open(tmp.dir());
    const inc = w.call('declareIncident', { title: 'Tail', severity: 'SEV3' });
    const t0 = Date.now() - 60 * 60_000;
    for (let i = 0; i < 9; i++)
      w.call('addEntry', { incidentId: inc.id, kind: 'note', text: `n${i}`, eventTime: t0 + i });
    const all = w.call('getTimeline', { incidentId: inc.id }).entries.map((e) => e.text);
    expect(all).toHaveLength(10);
    const tail = w.call('getTimeline', { incidentId: inc.id, fromEnd: true, limit: 3 });
    expect(tail.total).toBe(10);
    expect(tail.offset).toBe(7);
    expect(tail.entries.map((e) => e.text)).toEqual(all.slice(7));
    const before = w.call('getTimeline', { incidentId: inc.id, fromEnd: true, offset: 3, limit: 3 });
    expect([before.offset, before.entries.map((e) => e.text)]).toEqual([4, all.slice(4, 7)]);
    // Past the start: what there is, from 0.
    const head = w.call('getTimeline', { incidentId: inc.id, fromEnd: true, offset: 8, limit: 5 });
    expect([head.offset, head.entries.map((e) => e.text)]).toEqual([0, all.slice(0, 2)]);
    expect(w.call('getTimeline', { incidentId: inc.id, fromEnd: true, offset: 20, limit: 5 }).entries).toEqual([]);
  });

  it('takes an entry id proposed by the client once, and refuses it again', async () => {
    const w = tmp.open(tmp.dir());
    const inc = w.call('declareIncident', { title: 'Ids', severity: 'SEV3' });
    const e = w.call('addEntry', { incidentId: inc.id, entryId: 'client-made-id-0001', kind: 'note', text: 'mine' });
    expect(e.id).toBe('client-made-id-0001');
    const again = await w.handle('addEntry', {
      incidentId: inc.id,
      entryId: 'client-made-id-0001',
      kind: 'note',
      text: 'x',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/already exists/) },
    });
    expect(
      await w.handle('addEntry', { incidentId: inc.id, entryId: 'bad id!', kind: 'note', text: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(w.call('getTimeline', { incidentId: inc.id }).entries.filter((x) => x.text === 'mine')).toHaveLength(1);
  });

  it('refuses to locate an entry of another incident', async () => {
    const w = tmp.open(tmp.dir());
    const a = w.call('declareIncident', { title: 'A', severity: 'SEV3' });
    const b = w.call('declareIncident', { title: 'B', severity: 'SEV3' });
    const e = w.call('addEntry', { incidentId: a.id, kind: 'note', text: 'hello' });
    expect(await w.handle('locateEntry', { incidentId: b.id, entryId: e.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lists the authors of a timeline with their latest name and entry counts', () => {
    const w = tmp.open(tmp.dir());
    const inc = w.call('declareIncident', { title: 'Authors', severity: 'SEV3' });
    w.call('setProfile', { displayName: 'Ana' });
    w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'one' });
    w.call('setProfile', { displayName: 'Ana Lopez' });
    w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'two' });
    const authors = w.call('listTimelineAuthors', { incidentId: inc.id });
    // The declaration's system entry counts too: it was written by this peer.
    expect(authors).toEqual([{ peerId: w.peerId, name: 'Ana Lopez', entries: 3 }]);
  });

  it('counts and pages every view of a timeline inside one covering index, in order', () => {
    const dir = tmp.dir();
    const w = tmp.open(dir);
    w.call('declareIncident', { title: 'Plans', severity: 'SEV3' });
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      const plan = (sql: string): string =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join(' | ');
      const all = `FROM timeline_entries e WHERE e.incident_id = ? AND e.created = 1`;
      const order = `ORDER BY e.event_time, e.created_at, e.id LIMIT 10 OFFSET 10`;
      for (const filter of ['', 'AND e.deleted = 0', 'AND e.deleted = 0 AND e.pinned = 1', "AND e.kind IN ('note')"]) {
        expect(plan(`SELECT count(*) ${all} ${filter}`)).toMatch(/COVERING INDEX timeline_order/);
        expect(plan(`SELECT e.id ${all} ${filter} ${order}`)).toMatch(/COVERING INDEX timeline_order/);
        expect(plan(`SELECT e.id ${all} ${filter} ${order}`)).not.toMatch(/TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });
});
