import { describe, expect, it } from 'vitest';
import { compareEntries, type TimelineEntry } from '../../src/shared/domain/timeline';
import {
  EMPTY_WINDOW,
  NO_FILTER,
  applyChanges,
  covers,
  entryAt,
  matchesFilter,
  mergePage,
  missingRange,
  type TimelineWindow,
} from '../../src/renderer/timeline/window';

function entry(id: string, eventTime: number, patch: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    incidentId: 'inc',
    kind: 'note',
    text: id,
    eventTime,
    capturedAt: eventTime,
    author: { peerId: 'p1', name: 'Ana' },
    tags: [],
    pinned: false,
    deleted: false,
    revisions: 0,
    data: null,
    ...patch,
  };
}

/** A timeline of n entries at t = 0, 10, 20, ... */
function timeline(n: number): TimelineEntry[] {
  return Array.from({ length: n }, (_, i) => entry(`e${String(i).padStart(3, '0')}`, i * 10));
}

function windowOf(all: TimelineEntry[], start: number, end: number): TimelineWindow {
  return { total: all.length, start, items: all.slice(start, end) };
}

/** What the service would answer now, for comparison with what the window guessed. */
function truth(all: TimelineEntry[], w: TimelineWindow): TimelineWindow {
  const sorted = all.filter((e) => matchesFilter(e, NO_FILTER)).sort(compareEntries);
  return { total: sorted.length, start: w.start, items: sorted.slice(w.start, w.start + w.items.length) };
}

describe('timeline window', () => {
  it('knows what it covers and what to fetch next', () => {
    const w = windowOf(timeline(100), 40, 60);
    expect(covers(w, 45, 55)).toBe(true);
    expect(covers(w, 35, 55)).toBe(false);
    expect(covers(w, 95, 120)).toBe(false);
    expect(covers({ ...w, total: 0, items: [] }, 0, 10)).toBe(true);
    // Touching the window: only the missing side, with a margin.
    expect(missingRange(w, 55, 65, 10, 5000)).toEqual({ offset: 60, limit: 16 });
    expect(missingRange(w, 35, 45, 10, 5000)).toEqual({ offset: 25, limit: 15 });
    // Far away: the whole range with margins, clamped to the timeline.
    expect(missingRange(w, 90, 99, 10, 5000)).toEqual({ offset: 80, limit: 20 });
    expect(missingRange(w, 45, 50, 10, 5000)).toBeNull();
  });

  it('merges contiguous pages and trims far entries around the focus', () => {
    const all = timeline(1000);
    let w = mergePage(EMPTY_WINDOW, { total: 1000, offset: 900, entries: all.slice(900) }, 150, 950);
    expect([w.start, w.items.length]).toEqual([900, 100]);
    w = mergePage(w, { total: 1000, offset: 850, entries: all.slice(850, 900) }, 150, 870);
    expect([w.start, w.items.length]).toEqual([850, 150]);
    expect(entryAt(w, 850)?.id).toBe('e850');
    expect(entryAt(w, 999)?.id).toBe('e999');
    // Growing past the cap keeps the side near the focus.
    w = mergePage(w, { total: 1000, offset: 800, entries: all.slice(800, 850) }, 150, 810);
    expect(w.items.length).toBe(150);
    expect(w.start).toBe(800);
    expect(w.items.map((e) => e.id)).toEqual(all.slice(800, 950).map((e) => e.id));
    // A jump replaces the window.
    w = mergePage(w, { total: 1000, offset: 10, entries: all.slice(10, 30) }, 150, 20);
    expect([w.start, w.items.length, entryAt(w, 10)?.id]).toEqual([10, 20, 'e010']);
  });

  it('appends a new entry at the end when the window reaches it', () => {
    const all = timeline(50);
    const w = windowOf(all, 30, 50);
    const added = entry('new', 10_000);
    const next = applyChanges(w, [added], NO_FILTER);
    expect(next).toEqual(truth([...all, added], next));
    expect(next.total).toBe(51);
    expect(entryAt(next, 50)?.id).toBe('new');
  });

  it('inserts a backdated entry in place inside the window', () => {
    const all = timeline(50);
    const w = windowOf(all, 20, 40);
    const back = entry('back', 255);
    const next = applyChanges(w, [back], NO_FILTER);
    expect(next).toEqual(truth([...all, back], next));
    expect(entryAt(next, 26)?.id).toBe('back');
  });

  it('leaves uncertain cases to the re-read instead of guessing', () => {
    const all = timeline(50);
    const w = windowOf(all, 20, 40);
    // Before the window: it may be new or an old entry that changed; indices cannot be known.
    expect(applyChanges(w, [entry('early', 5)], NO_FILTER)).toEqual(w);
    // After the window, which does not reach the end: same.
    expect(applyChanges(w, [entry('late', 450)], NO_FILTER)).toEqual(w);
    // A deletion of an entry that is not in the window.
    expect(applyChanges(w, [{ ...all[2]!, deleted: true }], NO_FILTER)).toEqual(w);
  });

  it('replaces edited entries in place and drops those the filter no longer shows', () => {
    const all = timeline(50);
    const w = windowOf(all, 20, 40);
    const edited = { ...all[25]!, text: 'edited', revisions: 1 };
    let next = applyChanges(w, [edited], NO_FILTER);
    expect(entryAt(next, 25)?.text).toBe('edited');
    expect(next.total).toBe(50);
    next = applyChanges(next, [{ ...all[30]!, deleted: true }], NO_FILTER);
    expect(next.total).toBe(49);
    expect(next.items.some((e) => e.id === all[30]!.id)).toBe(false);
    expect(next).toEqual(truth([...all.slice(0, 25), edited, ...all.slice(26, 30), ...all.slice(31)], next));
    // The first item of the window edited without moving stays in the window.
    const firstEdited = { ...all[20]!, text: 'still first' };
    expect(entryAt(applyChanges(w, [firstEdited], NO_FILTER), 20)?.text).toBe('still first');
  });

  it('moves a re-timed entry out ahead of the window and shifts the window by one', () => {
    const all = timeline(50);
    const w = windowOf(all, 20, 40);
    const moved = { ...all[30]!, eventTime: 1 };
    const next = applyChanges(w, [moved], NO_FILTER);
    const after = [...all.slice(0, 30), moved, ...all.slice(31)];
    expect(next).toEqual(truth(after, next));
    expect(next.start).toBe(21);
  });

  it('applies the same filters as the service', () => {
    const e = entry('x', 1, { kind: 'decision', pinned: true, author: { peerId: 'p2', name: 'Ben' } });
    expect(matchesFilter(e, NO_FILTER)).toBe(true);
    expect(matchesFilter(e, { ...NO_FILTER, kinds: ['action'] })).toBe(false);
    expect(matchesFilter(e, { ...NO_FILTER, kinds: ['decision'], pinnedOnly: true, authorId: 'p2' })).toBe(true);
    expect(matchesFilter(e, { ...NO_FILTER, authorId: 'p1' })).toBe(false);
    expect(matchesFilter({ ...e, deleted: true }, NO_FILTER)).toBe(false);
    expect(matchesFilter({ ...e, deleted: true }, { ...NO_FILTER, includeDeleted: true })).toBe(true);
    expect(matchesFilter({ ...e, pinned: false }, { ...NO_FILTER, pinnedOnly: true })).toBe(false);
  });

  it('starts an empty timeline with its first entry', () => {
    const first = entry('first', 5);
    expect(applyChanges(EMPTY_WINDOW, [first], NO_FILTER)).toEqual({ total: 1, start: 0, items: [first] });
  });
});
