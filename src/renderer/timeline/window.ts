/**
 * The renderer's view of a long timeline: one contiguous window of entries [start, start + n)
 * out of `total`, in timeline order. A 50,000-entry incident never lives in the renderer whole;
 * the list pages through the service as the reader scrolls and keeps only what is near.
 *
 * Pure functions, so the paging and live-update rules are unit-tested without a DOM.
 */
import { compareEntries, type EntryKind, type TimelineEntry } from '../../shared/domain/timeline';

export interface TimelineWindow {
  /** Entries that match the filter, in the whole timeline. */
  readonly total: number;
  /** Timeline index of items[0]. */
  readonly start: number;
  readonly items: readonly TimelineEntry[];
}

export interface ViewFilter {
  readonly kinds: readonly EntryKind[];
  readonly authorId: string | null;
  readonly pinnedOnly: boolean;
  /** The audit view: deleted entries are listed too. */
  readonly includeDeleted: boolean;
}

export const NO_FILTER: ViewFilter = { kinds: [], authorId: null, pinnedOnly: false, includeDeleted: false };

export function isFiltered(f: ViewFilter): boolean {
  return f.kinds.length > 0 || f.authorId !== null || f.pinnedOnly || f.includeDeleted;
}

export const EMPTY_WINDOW: TimelineWindow = { total: 0, start: 0, items: [] };

/** The same test the service's query applies, for entries that arrive through events. */
export function matchesFilter(e: TimelineEntry, f: ViewFilter): boolean {
  if (e.deleted && !f.includeDeleted) return false;
  if (f.pinnedOnly && !e.pinned) return false;
  if (f.authorId !== null && e.author.peerId !== f.authorId) return false;
  return f.kinds.length === 0 || f.kinds.includes(e.kind);
}

export function windowEnd(w: TimelineWindow): number {
  return w.start + w.items.length;
}

export function entryAt(w: TimelineWindow, index: number): TimelineEntry | undefined {
  return index >= w.start && index < windowEnd(w) ? w.items[index - w.start] : undefined;
}

/** True when every index of [from, to] that exists is in the window. */
export function covers(w: TimelineWindow, from: number, to: number): boolean {
  const lo = Math.max(0, from);
  const hi = Math.min(w.total - 1, to);
  return hi < lo || (lo >= w.start && hi < windowEnd(w));
}

/**
 * The request that brings [from, to] into the window, with `margin` entries either side: only
 * the missing side when the range touches the window, the whole range when it jumped away.
 */
export function missingRange(
  w: TimelineWindow,
  from: number,
  to: number,
  margin: number,
  maxLimit: number,
): { offset: number; limit: number } | null {
  if (covers(w, from, to)) return null;
  const lo = Math.max(0, from - margin);
  const hi = Math.min(Math.max(w.total, to + 1), to + 1 + margin); // exclusive
  const end = windowEnd(w);
  const touches = w.items.length > 0 && lo <= end && hi >= w.start;
  let offset = lo;
  let stop = hi;
  if (touches) {
    if (lo < w.start) stop = w.start;
    else offset = end;
  }
  const limit = Math.min(maxLimit, Math.max(1, stop - offset));
  return { offset, limit };
}

/**
 * Merge a page from the service into the window: joined when contiguous or overlapping (the page
 * wins where they overlap), replacing it otherwise; then trimmed to `max` entries, keeping the
 * side nearest to `focus` (the index the reader looks at).
 */
export function mergePage(
  w: TimelineWindow,
  page: { readonly total: number; readonly offset: number; readonly entries: readonly TimelineEntry[] },
  max: number,
  focus: number,
): TimelineWindow {
  const pageEnd = page.offset + page.entries.length;
  let start: number;
  let items: TimelineEntry[];
  if (w.items.length > 0 && page.offset <= windowEnd(w) && pageEnd >= w.start) {
    start = Math.min(w.start, page.offset);
    const before = page.offset > w.start ? w.items.slice(0, page.offset - w.start) : [];
    const after = pageEnd < windowEnd(w) ? w.items.slice(pageEnd - w.start) : [];
    items = [...before, ...page.entries, ...after];
  } else {
    start = page.offset;
    items = [...page.entries];
  }
  // The total may have shrunk since the window was filled: drop what no longer exists.
  if (start + items.length > page.total) items = items.slice(0, Math.max(0, page.total - start));
  if (items.length > max) {
    const centre = Math.min(Math.max(focus - start, 0), items.length);
    const from = Math.min(Math.max(0, centre - Math.floor(max / 2)), items.length - max);
    start += from;
    items = items.slice(from, from + max);
  }
  return { total: page.total, start, items };
}

function insertionPoint(items: readonly TimelineEntry[], e: TimelineEntry): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(items[mid] as TimelineEntry, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Apply changed entries (from the service's event or from a write's reply) to the window at once,
 * where their place is certain, so the list repaints without waiting for a round trip. Where it
 * is not certain (an entry outside the window changed, so indices before the window may have
 * shifted) the window is left as is; the caller re-reads the window from the service after
 * every change anyway, and that reply is the truth.
 */
export function applyChanges(w: TimelineWindow, changed: readonly TimelineEntry[], filter: ViewFilter): TimelineWindow {
  let { total, start } = w;
  const items = [...w.items];
  for (const e of changed) {
    const at = items.findIndex((x) => x.id === e.id);
    const old = at >= 0 ? items[at] : undefined;
    const matches = matchesFilter(e, filter);
    if (at >= 0) {
      items.splice(at, 1);
      if (!matches) {
        total -= 1;
        continue;
      }
    } else if (!matches) {
      continue; // unknown whether it was listed before: leave it to the re-read
    } else if (items.length === 0) {
      if (total === 0) {
        items.push(e);
        total = 1;
      }
      continue;
    }
    const p = insertionPoint(items, e);
    const known = old !== undefined;
    // At an edge of the window, a known entry that did not move outward is still inside it.
    const beforeWindow = p === 0 && start > 0 && !(old && compareEntries(e, old) >= 0);
    const afterWindow =
      p === items.length && start + items.length + (known ? 1 : 0) < total && !(old && compareEntries(e, old) <= 0);
    if (beforeWindow) {
      // It sorts before the window: a known entry moved out ahead of it; a new one is unknowable.
      if (known) start += 1;
    } else if (afterWindow) {
      // Past the window's end: a known entry moved out behind it; nothing else changes here.
    } else {
      items.splice(p, 0, e);
      if (!known) total += 1;
    }
  }
  return { total, start, items };
}

/** Take an entry out of the window (a preview whose save failed). */
export function removeEntry(w: TimelineWindow, id: string): TimelineWindow {
  const at = w.items.findIndex((e) => e.id === id);
  if (at < 0) return w;
  return { total: w.total - 1, start: w.start, items: [...w.items.slice(0, at), ...w.items.slice(at + 1)] };
}

/** Index of an entry in the whole timeline, when it is in the window. */
export function indexOfEntry(w: TimelineWindow, id: string): number {
  const i = w.items.findIndex((e) => e.id === id);
  return i < 0 ? -1 : w.start + i;
}
