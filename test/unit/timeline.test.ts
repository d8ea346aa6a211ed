import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/log';
import { openWarroom, type Warroom } from '../../src/main/core/warroom';

const open: Warroom[] = [];
function peer(now?: () => number): Warroom {
  const w = openWarroom({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wr-tl-')),
    log: silentLogger,
    ...(now ? { now } : {}),
  });
  open.push(w);
  return w;
}
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

/** Deliver everything each peer has that the other lacks, both ways. */
function exchange(a: Warroom, b: Warroom): void {
  b.applyRemote(a.missingFor(b.versionVector(), 100_000));
  a.applyRemote(b.missingFor(a.versionVector(), 100_000));
}

describe('timeline', () => {
  it('adds entries sorted by event time, with backdating', () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'Checkout 500s', severity: 'SEV2' });
    const first = w.call('addEntry', { incidentId: inc.id, kind: 'decision', text: 'Rolled back api to v1.2.2' });
    const back = w.call('addEntry', {
      incidentId: inc.id,
      kind: 'finding',
      text: 'Error rate started climbing',
      eventTime: first.eventTime - 10 * 60_000,
    });
    const page = w.call('getTimeline', { incidentId: inc.id });
    const texts = page.entries.map((e) => e.text);
    expect(texts.indexOf(back.text)).toBeLessThan(texts.indexOf(first.text));
    expect(first.kind).toBe('decision');
    expect(first.author.peerId).toBe(w.peerId);
  });

  it('writes system entries for declaration, severity, status and milestones', () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'DB down', severity: 'SEV2' });
    w.call('changeSeverity', { id: inc.id, severity: 'SEV1' });
    w.call('changeStatus', { id: inc.id, status: 'identified' });
    w.call('changeSeverity', { id: inc.id, severity: 'SEV1' }); // no change, no entry
    const kinds = w.call('getTimeline', { incidentId: inc.id }).entries.map((e) => `${e.kind}:${e.text}`);
    expect(kinds).toContain('severity_change:Severity changed from SEV2 to SEV1');
    expect(kinds).toContain('status_change:Status changed from Investigating to Identified');
    expect(kinds.filter((k) => k.startsWith('severity_change'))).toHaveLength(1);
    expect(kinds.some((k) => k.startsWith('milestone:Incident declared as SEV2'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('milestone:Identified at'))).toBe(true);
  });

  it('keeps edit history, deletes as tombstones with undo, pins and filters', () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'Latency', severity: 'SEV3' });
    const e = w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'first text' });
    const edited = w.call('editEntry', { incidentId: inc.id, entryId: e.id, text: 'second text' });
    expect(edited.revisions).toBe(1);
    const texts = w
      .call('getEntryHistory', { incidentId: inc.id, entryId: e.id })
      .filter((r) => r.field === 'text')
      .map((r) => [r.value, r.current]);
    expect(texts).toEqual([
      ['first text', false],
      ['second text', true],
    ]);
    w.call('deleteEntry', { incidentId: inc.id, entryId: e.id });
    expect(w.call('getTimeline', { incidentId: inc.id }).entries.some((x) => x.id === e.id)).toBe(false);
    expect(
      w.call('getTimeline', { incidentId: inc.id, includeDeleted: true }).entries.find((x) => x.id === e.id)?.deleted,
    ).toBe(true);
    w.call('restoreEntry', { incidentId: inc.id, entryId: e.id });
    w.call('setEntryPinned', { incidentId: inc.id, entryId: e.id, pinned: true });
    const pinned = w.call('getTimeline', { incidentId: inc.id, pinnedOnly: true }).entries;
    expect(pinned.map((x) => x.text)).toEqual(['second text']);
    const decisions = w.call('getTimeline', { incidentId: inc.id, kinds: ['decision'] });
    expect(decisions.total).toBe(0);
  });

  it('refuses edits of system entries and entries of another incident', async () => {
    const w = peer();
    const a = w.call('declareIncident', { title: 'A', severity: 'SEV3' });
    const b = w.call('declareIncident', { title: 'B', severity: 'SEV3' });
    const sys = w.call('getTimeline', { incidentId: a.id }).entries[0]!;
    expect(await w.handle('editEntry', { incidentId: a.id, entryId: sys.id, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    const note = w.call('addEntry', { incidentId: a.id, kind: 'note', text: 'hello' });
    expect(await w.handle('editEntry', { incidentId: b.id, entryId: note.id, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses empty and oversized entries with a message', async () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'A', severity: 'SEV3' });
    const empty = await w.handle('addEntry', { incidentId: inc.id, kind: 'note', text: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const big = await w.handle('addEntry', { incidentId: inc.id, kind: 'note', text: 'x'.repeat(64 * 1024 + 1) });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.message).toMatch(/64 KB/);
    const exactly = await w.handle('addEntry', { incidentId: inc.id, kind: 'note', text: 'x'.repeat(64 * 1024) });
    expect(exactly.ok).toBe(true);
  });

  it('finds entries with full-text search and highlights matches', () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'A', severity: 'SEV3' });
    w.call('addEntry', { incidentId: inc.id, kind: 'decision', text: 'Rolled back api to v1.2.2' });
    w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'Database looks fine' });
    const { hits } = w.call('searchTimeline', { incidentId: inc.id, query: 'rolled' });
    expect(hits.map((h) => h.entry.text)).toEqual(['Rolled back api to v1.2.2']);
    expect(hits[0]!.highlighted).toContain('\u0001Rolled\u0002');
    // FTS syntax in the query is inert.
    expect(w.call('searchTimeline', { incidentId: inc.id, query: 'NEAR( "* OR' }).hits).toEqual([]);
    // Edited text is re-indexed.
    const e = w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'alpha' });
    w.call('editEntry', { incidentId: inc.id, entryId: e.id, text: 'omega' });
    expect(w.call('searchTimeline', { incidentId: inc.id, query: 'alpha' }).hits).toEqual([]);
    expect(w.call('searchTimeline', { incidentId: inc.id, query: 'omega' }).hits).toHaveLength(1);
  });

  it('two authors editing one entry concurrently converge; the losing text stays in history', () => {
    const a = peer();
    const b = peer();
    const inc = a.call('declareIncident', { title: 'Shared', severity: 'SEV2' });
    const e = a.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'original' });
    exchange(a, b);
    a.call('editEntry', { incidentId: inc.id, entryId: e.id, text: 'edit by A' });
    b.call('editEntry', { incidentId: inc.id, entryId: e.id, text: 'edit by B' });
    exchange(a, b);
    const ta = a.call('getTimeline', { incidentId: inc.id }).entries;
    const tb = b.call('getTimeline', { incidentId: inc.id }).entries;
    expect(ta).toEqual(tb);
    const winner = ta.find((x) => x.id === e.id)!.text;
    expect(['edit by A', 'edit by B']).toContain(winner);
    const history = a.call('getEntryHistory', { incidentId: inc.id, entryId: e.id }).filter((r) => r.field === 'text');
    expect(history.map((r) => r.value).sort()).toEqual(['edit by A', 'edit by B', 'original']);
    expect(b.call('getEntryHistory', { incidentId: inc.id, entryId: e.id })).toEqual(
      a.call('getEntryHistory', { incidentId: inc.id, entryId: e.id }),
    );
  });

  it('names an author by their newest entry, even when entries share a millisecond', () => {
    const frozen = Date.UTC(2026, 10, 22, 14, 0);
    const w = peer(() => frozen);
    const inc = w.call('declareIncident', { title: 'Authors', severity: 'SEV3' });
    for (const name of ['Ana', 'Ana Lopez', 'Ana L.', 'Ana Lopez-Garcia']) {
      w.call('setProfile', { displayName: name });
      w.call('addEntry', { incidentId: inc.id, kind: 'note', text: name });
    }
    expect(w.call('listTimelineAuthors', { incidentId: inc.id })).toEqual([
      { peerId: w.peerId, name: 'Ana Lopez-Garcia', entries: 5 },
    ]);
  });

  it('emits timelineChanged with the new entry', () => {
    const w = peer();
    const inc = w.call('declareIncident', { title: 'A', severity: 'SEV3' });
    const seen: string[] = [];
    w.subscribe((event, payload) => {
      if (event === 'timelineChanged')
        seen.push(...(payload as { entries: { text: string }[] }).entries.map((e) => e.text));
    });
    w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'hello' });
    expect(seen).toEqual(['hello']);
  });
});
