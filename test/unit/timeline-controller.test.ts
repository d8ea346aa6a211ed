/**
 * The renderer's timeline controller against the real service (in process, through the same
 * contract calls and events the bridges carry): paging, live updates, re-reads, filters, errors.
 */
import { describe, expect, it, vi } from 'vitest';
import { unwrap, type EventName, type EventPayloads, type MethodArgs } from '../../src/shared/api';
import type { Warroom } from '../../src/main/core/warroom';
import { TimelineController, type TimelineApi } from '../../src/renderer/timeline/controller';
import { NO_FILTER, windowEnd } from '../../src/renderer/timeline/window';
import { encodeHlc } from '../../src/shared/hlc';
import { useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-tl-ctrl-');

/** The contract as the renderer sees it: async calls (envelopes unwrapped) and events. */
function apiOf(w: Warroom, options: { failing?: () => boolean; delay?: () => Promise<void> } = {}): TimelineApi {
  return {
    getTimeline: async (args: MethodArgs<'getTimeline'>) => {
      await options.delay?.();
      if (options.failing?.()) throw new Error('connection lost');
      return unwrap(await w.handle('getTimeline', args)) as Awaited<ReturnType<TimelineApi['getTimeline']>>;
    },
    on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) =>
      w.subscribe((name, payload) => {
        if ((name as EventName) === event) listener(payload as unknown as EventPayloads[E]);
      }),
  };
}

/** An incident with n entries a minute apart (seeded as a peer's batch: fast). */
function seeded(n: number): { w: Warroom; incidentId: string; t0: number } {
  const w = tmp.open(tmp.dir());
  const incidentId = w.call('declareIncident', { title: 'Paging', severity: 'SEV2' }).id;
  const now = Date.now();
  const t0 = now - (n + 10) * 60_000;
  const ops = Array.from({ length: n }, (_, i) => ({
    origin: 'seedpeer',
    seq: i + 1,
    hlc: encodeHlc({ wall: now - n + i, counter: 0, peer: 'seedpeer' }),
    incidentId,
    author: { peerId: 'seedpeer', name: 'Seeder' },
    body: {
      type: 'timeline.add',
      entryId: `seed${String(i).padStart(6, '0')}`,
      fields: {
        kind: 'note',
        text: `entry ${i}`,
        eventTime: t0 + i * 60_000,
        tags: [],
        pinned: i % 10 === 0,
        deleted: false,
        data: null,
      },
    },
  }));
  expect(w.applyRemote(ops).rejected).toBe(0);
  return { w, incidentId, t0 };
}

function ids(c: TimelineController): string[] {
  return c.getSnapshot().window.items.map((e) => e.id);
}

/** What the service says the controller's window should hold now. */
function truth(w: Warroom, c: TimelineController): string[] {
  const { start, items } = c.getSnapshot().window;
  return w
    .call('getTimeline', { incidentId: c.incidentId, offset: start, limit: Math.max(1, items.length) })
    .entries.map((e) => e.id);
}

describe('timeline controller', () => {
  it('opens at the tail and pages in what the reader scrolls to', async () => {
    const { w, incidentId } = seeded(2_000);
    const c = new TimelineController(apiOf(w), incidentId, { initial: 100, margin: 50, maxWindow: 500 });
    c.start();
    await c.settled();
    const s = c.getSnapshot();
    expect(s.phase).toBe('ready');
    expect(s.window.total).toBe(2_001); // the declaration too
    expect(windowEnd(s.window)).toBe(2_001);
    expect(s.window.items).toHaveLength(100);

    // Scrolling up a little extends the window; a jump replaces it; neither exceeds the cap.
    c.show(1_880, 1_899);
    await c.settled();
    expect(c.getSnapshot().window.start).toBeLessThanOrEqual(1_830);
    expect(ids(c)).toEqual(truth(w, c));
    c.show(100, 120);
    await c.settled();
    const jumped = c.getSnapshot().window;
    expect(jumped.start).toBeLessThanOrEqual(100);
    expect(windowEnd(jumped)).toBeGreaterThan(120);
    expect(jumped.items.length).toBeLessThanOrEqual(500);
    expect(ids(c)).toEqual(truth(w, c));
    c.dispose();
  });

  it('shows a new entry at once from the event, then confirms it with a re-read', async () => {
    const { w, incidentId } = seeded(300);
    const c = new TimelineController(apiOf(w), incidentId, { initial: 50 });
    c.start();
    await c.settled();
    const added = w.call('addEntry', { incidentId, kind: 'decision', text: 'Rolled back api to v1.2.2' });
    // Synchronously: the event already put it in the window, at the end.
    expect(ids(c).at(-1)).toBe(added.id);
    expect(c.getSnapshot().window.total).toBe(302);
    await c.settled();
    expect(ids(c)).toEqual(truth(w, c));
    expect(c.indexOf(added.id)).toBe(301);
    c.dispose();
  });

  it('shows a preview before the service has the entry, replaced by it or withdrawn', async () => {
    const { w, incidentId } = seeded(200);
    const calls: string[] = [];
    const api = apiOf(w);
    const counting: TimelineApi = {
      ...api,
      getTimeline: (args) => {
        calls.push(`${args.fromEnd ? 'end' : 'at'}:${args.offset ?? 0}`);
        return api.getTimeline(args);
      },
    };
    const c = new TimelineController(counting, incidentId, { initial: 50 });
    c.start();
    await c.settled();
    expect(calls).toEqual(['end:0']); // the newest page in one request
    const mine = {
      ...c.getSnapshot().window.items.at(-1)!,
      id: 'preview-entry-0001',
      text: 'typed',
      eventTime: Date.now(),
    };
    c.preview(mine);
    expect(ids(c).at(-1)).toBe('preview-entry-0001');
    expect(c.getSnapshot().window.total).toBe(202);
    // The service stores it under the same id: its event replaces the preview in place.
    const saved = w.call('addEntry', { incidentId, entryId: 'preview-entry-0001', kind: 'note', text: 'typed' });
    await c.settled();
    expect(c.getSnapshot().window.items.filter((e) => e.id === saved.id)).toEqual([saved]);
    expect(c.getSnapshot().window.total).toBe(202);
    // A failed save takes its preview away again.
    c.preview({ ...mine, id: 'preview-entry-0002' });
    expect(c.getSnapshot().window.total).toBe(203);
    c.withdraw('preview-entry-0002');
    expect(c.indexOf('preview-entry-0002')).toBe(-1);
    await c.settled();
    expect(c.getSnapshot().window.total).toBe(202);
    expect(ids(c)).toEqual(truth(w, c));
    c.dispose();
  });

  it('keeps its entries right when entries land before the window', async () => {
    const { w, incidentId, t0 } = seeded(300);
    const c = new TimelineController(apiOf(w), incidentId, { initial: 50 });
    c.start();
    await c.settled();
    c.show(260, 280);
    await c.settled();
    const before = c.getSnapshot().window;
    const anchor = before.items[10]!;
    const anchorIndex = before.start + 10;
    // Three backdated entries from another author, before everything the reader sees.
    for (let i = 0; i < 3; i++)
      w.call('addEntry', { incidentId, kind: 'note', text: `early ${i}`, eventTime: t0 - 1_000 * (i + 1) });
    await c.settled();
    expect(c.getSnapshot().window.total).toBe(304);
    expect(ids(c)).toEqual(truth(w, c));
    // The same entry is now three places further down: the list uses this to keep the view still.
    expect(c.indexOf(anchor.id)).toBe(anchorIndex + 3);
    c.dispose();
  });

  it('follows edits, pins and deletions, and reloads on a filter change', async () => {
    const { w, incidentId } = seeded(120);
    const c = new TimelineController(apiOf(w), incidentId, { initial: 200 });
    c.start();
    await c.settled();
    const target = c.getSnapshot().window.items[51]!; // not pinned
    w.call('editEntry', { incidentId, entryId: target.id, text: 'edited text' });
    expect(c.getSnapshot().window.items[51]!.text).toBe('edited text');
    w.call('deleteEntry', { incidentId, entryId: target.id });
    expect(c.indexOf(target.id)).toBe(-1);
    expect(c.getSnapshot().window.total).toBe(120);
    await c.settled();
    expect(ids(c)).toEqual(truth(w, c));

    c.setFilter({ ...NO_FILTER, pinnedOnly: true });
    expect(c.getSnapshot().phase).toBe('loading');
    await c.settled();
    expect(c.getSnapshot().window.total).toBe(12);
    expect(c.getSnapshot().window.items.every((e) => e.pinned)).toBe(true);
    // Unpinning removes it from the pinned view at once.
    const pinned = c.getSnapshot().window.items[3]!;
    w.call('setEntryPinned', { incidentId, entryId: pinned.id, pinned: false });
    expect(c.indexOf(pinned.id)).toBe(-1);
    await c.settled();
    expect(c.getSnapshot().window.total).toBe(11);

    c.setFilter({ ...NO_FILTER, includeDeleted: true });
    await c.settled();
    expect(c.getSnapshot().window.items.find((e) => e.id === target.id)?.deleted).toBe(true);
    c.dispose();
  });

  it('drops replies to an old filter', async () => {
    const { w, incidentId } = seeded(100);
    let release: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    const c = new TimelineController(apiOf(w, { delay: () => gate }), incidentId, { initial: 200 });
    gate = new Promise((done) => (release = done));
    c.start(); // the first read waits at the gate
    c.setFilter({ ...NO_FILTER, kinds: ['milestone'] });
    release();
    gate = Promise.resolve();
    await c.settled();
    const s = c.getSnapshot();
    expect(s.window.total).toBe(1);
    expect(s.window.items.map((e) => e.kind)).toEqual(['milestone']);
    c.dispose();
  });

  it('reports a failed read and recovers on refresh', async () => {
    const { w, incidentId } = seeded(10);
    let failing = true;
    const errors: unknown[] = [];
    const c = new TimelineController(apiOf(w, { failing: () => failing }), incidentId);
    c.reportErrorsTo((e) => errors.push(e));
    c.start();
    await c.settled();
    expect(c.getSnapshot().phase).toBe('error');
    expect(c.getSnapshot().error).toBe('connection lost');
    expect(errors).toHaveLength(1);
    failing = false;
    c.refresh();
    await c.settled();
    expect(c.getSnapshot().phase).toBe('ready');
    expect(c.getSnapshot().window.total).toBe(11);
    c.dispose();
  });

  it('retries a failed read on its own, backing off, and reports the failure once', async () => {
    const { w, incidentId } = seeded(10);
    let failures = 3;
    const errors: unknown[] = [];
    vi.useFakeTimers();
    try {
      const c = new TimelineController(apiOf(w, { failing: () => failures-- > 0 }), incidentId);
      c.reportErrorsTo((e) => errors.push(e));
      c.start();
      await c.settled();
      expect(c.getSnapshot().phase).toBe('error');
      await vi.advanceTimersByTimeAsync(500); // 2nd attempt fails
      await vi.advanceTimersByTimeAsync(1_000); // 3rd attempt fails
      expect(c.getSnapshot().phase).toBe('error');
      await vi.advanceTimersByTimeAsync(2_000); // 4th succeeds
      await c.settled();
      expect(c.getSnapshot()).toMatchObject({ phase: 'ready', error: null });
      expect(c.getSnapshot().window.total).toBe(11);
      expect(errors).toHaveLength(1);
      c.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores events of other incidents and stops listening when disposed', async () => {
    const { w, incidentId } = seeded(5);
    const other = w.call('declareIncident', { title: 'Other', severity: 'SEV4' }).id;
    const c = new TimelineController(apiOf(w), incidentId);
    c.start();
    await c.settled();
    const version = c.getSnapshot().version;
    w.call('addEntry', { incidentId: other, kind: 'note', text: 'elsewhere' });
    expect(c.getSnapshot().version).toBe(version);
    c.dispose();
    w.call('addEntry', { incidentId, kind: 'note', text: 'after dispose' });
    expect(c.getSnapshot().version).toBe(version);
  });
});
