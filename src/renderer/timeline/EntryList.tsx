/**
 * The virtualized timeline: only the rows on screen exist in the DOM, and only a window of
 * entries near them exists in memory, so 50,000 entries scroll like 50. The list sticks to the
 * newest entry while the reader is at the end; a reader who scrolled up keeps their place, and a
 * pill counts what arrived meanwhile.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import type { EntryRevision, TimelineEntry } from '../../shared/domain/timeline';
import type { TimelineController, TimelineSnapshot } from './controller';
import { EntryRow, type EntryAction } from './EntryRow';
import { dayKey, dayLabel } from './format';
import { noteFirstRows, noteRendered } from './perf';
import { entryAt, isFiltered } from './window';

/** A request to bring an entry into view (after a search, after adding it). */
export interface Reveal {
  readonly index: number;
  readonly entryId: string;
  /** Bumped to reveal the same entry again. */
  readonly nonce: number;
  /** Move keyboard focus to the row once it is rendered. */
  readonly focus: boolean;
}

export interface EntryListProps {
  readonly controller: TimelineController;
  readonly snapshot: TimelineSnapshot;
  readonly now: number;
  readonly selected: ReadonlySet<string>;
  /** Entries shown before the service confirmed them. */
  readonly saving: ReadonlySet<string>;
  readonly historyOpen: ReadonlySet<string>;
  readonly reveal: Reveal | null;
  readonly loadHistory: (entryId: string) => Promise<EntryRevision[]>;
  readonly onAction: (action: EntryAction, entry: TimelineEntry) => void;
  /** Keys the list does not handle itself, e.g. to jump to the entry box. */
  readonly onEscape: () => void;
}

const ESTIMATED_ROW = 46;
/** How close to the end (px) still counts as "at the end", following new entries. */
const END_SLACK = 24;

export function EntryList(props: EntryListProps) {
  const { controller, snapshot, now, selected, saving, historyOpen, reveal, onAction } = props;
  const w = snapshot.window;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const focusPending = useRef(false);
  const atEnd = useRef(true);
  const [arrivals, setArrivals] = useState(0);
  const seenTotal = useRef(w.total);

  // Unloaded rows are keyed by their index: a number, so 50,000 keys cost no string building.
  const getItemKey = useCallback((i: number): string | number => entryAt(w, i)?.id ?? i, [w]);
  // The virtualizer is a mutable object by design; this component does not rely on the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: w.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW,
    getItemKey,
    overscan: 6,
    // The list mounts with its first page loaded: start at the newest entry, where the scribe
    // works, so the first rows painted are the right ones.
    initialOffset: () => w.total * ESTIMATED_ROW,
    // Keep the entry under the reader's eyes in place when entries land above it, and follow
    // the end while the reader is there: the timeline reads like a chat log.
    anchorTo: 'end',
    followOnAppend: true,
  });
  // A row that shrinks from its top edge while it is the top row (it lost its day separator to
  // an entry backdated above it) must not pull the rows under the reader up: count it as above.
  useLayoutEffect(() => {
    virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, delta, instance) => {
      const offset = instance.scrollOffset ?? 0;
      return item.start < offset || (delta < 0 && item.start <= offset + 1 && item.index > 0);
    };
  }, [virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? -1;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (first >= 0) controller.show(first, last);
  }, [controller, first, last]);

  useLayoutEffect(() => {
    const root = scrollRef.current;
    if (!root) return;
    noteRendered((id) => root.querySelector(`[data-entry-id="${CSS.escape(id)}"]`) !== null);
    if (root.querySelector('[data-entry-id]')) noteFirstRows();
  });

  // New entries while the reader is away from the end: count them instead of moving the view.
  useEffect(() => {
    const grew = w.total - seenTotal.current;
    seenTotal.current = w.total;
    if (grew > 0 && !atEnd.current) setArrivals((n) => n + grew);
  }, [w.total]);

  const onScroll = (e: UIEvent<HTMLDivElement>): void => {
    const el = e.currentTarget;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= END_SLACK;
    if (atEnd.current && arrivals > 0) setArrivals(0);
  };

  const jumpToEnd = (): void => {
    setArrivals(0);
    atEnd.current = true;
    virtualizer.scrollToIndex(w.total - 1, { align: 'end' });
  };

  // Reveal an entry (a search hit, an entry just added): scroll to it, optionally focus it.
  useLayoutEffect(() => {
    if (!reveal) return;
    const index = Math.min(reveal.index, w.total - 1);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: reveal.focus ? 'center' : 'auto' });
    if (reveal.focus) {
      setActive(index);
      focusPending.current = true;
    }
    // Only a new reveal request moves the view; later list changes must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  // Move focus to the active row once it exists in the DOM.
  useLayoutEffect(() => {
    if (!focusPending.current || active < 0) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-entry-id][data-index="${active}"]`);
    if (row) {
      focusPending.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const move = (index: number): void => {
    if (w.total === 0) return;
    const next = Math.max(0, Math.min(w.total - 1, index));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const current = active >= 0 ? active : Math.max(0, first);
    const entry = entryAt(w, current);
    const page = Math.max(1, items.length - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      j: () => move(current + 1),
      ArrowUp: () => move(current - 1),
      k: () => move(current - 1),
      PageDown: () => move(current + page),
      PageUp: () => move(current - page),
      Home: () => move(0),
      End: () => move(w.total - 1),
      Escape: () => props.onEscape(),
    };
    if (entry) {
      const on = (action: EntryAction) => () => onAction(action, entry);
      Object.assign(keys, {
        p: on('pin'),
        e: on('edit'),
        Enter: on('edit'),
        c: on('copy'),
        h: on('history'),
        x: on('select'),
        ' ': on('select'),
        Delete: on(entry.deleted ? 'restore' : 'delete'),
        Backspace: on(entry.deleted ? 'restore' : 'delete'),
      });
    }
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  };

  const onFocusRow = useCallback((index: number) => setActive(index), []);
  const rowRef = virtualizer.measureElement;
  // The day of the topmost visible row, unless that row starts its day with its own separator.
  const topIndex = virtualizer.getVirtualItemForOffset(virtualizer.scrollOffset ?? 0)?.index ?? -1;
  const topEntry = topIndex >= 0 ? entryAt(w, topIndex) : undefined;
  const above = entryAt(w, topIndex - 1);
  const firstEntry =
    topEntry && topIndex > 0 && above !== undefined && dayKey(above.eventTime) === dayKey(topEntry.eventTime)
      ? topEntry
      : undefined;

  return (
    <div className="timeline__list-wrap">
      {firstEntry && (
        <div className="timeline__day-sticky" aria-hidden="true">
          {dayLabel(firstEntry.eventTime)}
        </div>
      )}
      <div
        ref={scrollRef}
        className="timeline__list"
        role="list"
        aria-label="Timeline entries"
        aria-busy={snapshot.phase === 'loading'}
        tabIndex={active < 0 ? 0 : -1}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && w.total > 0) move(Math.max(first, Math.min(last, w.total - 1)));
        }}
      >
        <div className="timeline__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entryAt(w, item.index);
            if (!entry) {
              return (
                <div
                  key={item.key}
                  ref={rowRef}
                  data-index={item.index}
                  className="entry entry--pending"
                  style={{ transform: `translateY(${item.start}px)` }}
                  aria-hidden="true"
                >
                  Loading…
                </div>
              );
            }
            const prev = entryAt(w, item.index - 1);
            const showDay =
              item.index === 0 || (prev !== undefined && dayKey(prev.eventTime) !== dayKey(entry.eventTime));
            return (
              <EntryRow
                key={item.key}
                rowRef={rowRef}
                entry={entry}
                index={item.index}
                total={w.total}
                start={item.start}
                showDay={showDay}
                now={now}
                active={item.index === active}
                selected={selected.has(entry.id)}
                saving={saving.has(entry.id)}
                historyOpen={historyOpen.has(entry.id)}
                loadHistory={props.loadHistory}
                onAction={onAction}
                onFocusRow={onFocusRow}
              />
            );
          })}
        </div>
        {snapshot.phase === 'ready' && w.total === 0 && (
          <p className="empty timeline__empty">
            {isFiltered(snapshot.filter)
              ? 'No entries match these filters.'
              : 'No entries yet: type below to add the first.'}
          </p>
        )}
        {snapshot.phase === 'error' && (
          <p className="empty timeline__empty" role="alert">
            Could not load the timeline: {snapshot.error}
          </p>
        )}
      </div>
      {arrivals > 0 && (
        <button type="button" className="timeline__pill" onClick={jumpToEnd} aria-live="polite">
          {arrivals === 1 ? '1 new entry' : `${arrivals} new entries`} ↓
        </button>
      )}
    </div>
  );
}
