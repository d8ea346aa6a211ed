/**
 * Keeps the timeline window of one incident in step with the service: loads the tail first (the
 * scribe looks at the newest entries), pages in whatever the reader scrolls to, applies changes
 * from events at once and then re-reads the visible part, which is the truth.
 *
 * One request at a time: every reply is applied to the state it was asked from, and a burst of
 * events costs one re-read, not one per event.
 */
import type { WarroomApi } from '../../shared/api';
import type { TimelineEntry } from '../../shared/domain/timeline';
import {
  EMPTY_WINDOW,
  NO_FILTER,
  applyChanges,
  covers,
  indexOfEntry,
  mergePage,
  missingRange,
  removeEntry,
  windowEnd,
  type TimelineWindow,
  type ViewFilter,
} from './window';

export type TimelineApi = Pick<WarroomApi, 'getTimeline' | 'on'>;

export interface TimelineSnapshot {
  readonly phase: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly window: TimelineWindow;
  readonly filter: ViewFilter;
  /** Bumped on every change, so effects can follow the list. */
  readonly version: number;
  /** Bumped when the filter changes: the list starts over at the newest entry. */
  readonly generation: number;
}

export interface ControllerOptions {
  /** Entries read when the timeline opens (its tail). */
  readonly initial: number;
  /** Extra entries read either side of what the reader sees. */
  readonly margin: number;
  /** Largest window kept in memory. */
  readonly maxWindow: number;
}

const DEFAULTS: ControllerOptions = { initial: 120, margin: 150, maxWindow: 3_000 };
const MAX_LIMIT = 5_000;
const RETRY_MS = 500;
const RETRY_MAX_MS = 10_000;
/** Replies overtaken by local changes are dropped and asked again, but not forever. */
const MAX_DISCARDS = 3;

export class TimelineController {
  private state: TimelineSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly options: ControllerOptions;
  private wanted: { from: number; to: number } | null = null;
  private needTail = true;
  private dirty = false;
  private busy = false;
  private epoch = 0;
  private localVersion = 0;
  private discards = 0;
  private readonly idle: (() => void)[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private stop: (() => void) | null = null;
  private disposed = false;
  private onError: (error: unknown) => void = () => {};

  constructor(
    private readonly api: TimelineApi,
    readonly incidentId: string,
    options: Partial<ControllerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.state = { phase: 'loading', error: null, window: EMPTY_WINDOW, filter: NO_FILTER, version: 0, generation: 0 };
  }

  /** Where failed reads are reported (the console's alert line). */
  reportErrorsTo(onError: (error: unknown) => void): void {
    this.onError = onError;
  }

  /** Idempotent; a disposed controller may start again (React mounts effects twice in dev). */
  start(): void {
    this.disposed = false;
    if (this.stop) return;
    this.stop = this.api.on('timelineChanged', ({ incidentId, entries }) => {
      if (incidentId === this.incidentId) this.receive(entries);
    });
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.stop?.();
    this.stop = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TimelineSnapshot => this.state;

  setFilter(filter: ViewFilter): void {
    this.epoch++;
    this.wanted = null;
    this.needTail = true;
    this.dirty = false;
    this.set({ phase: 'loading', error: null, window: EMPTY_WINDOW, filter, generation: this.epoch });
    this.pump();
  }

  /** Re-read from the service (after a reconnect, when events may have been missed). */
  refresh(): void {
    if (this.state.window.items.length === 0) this.needTail = true;
    else this.dirty = true;
    this.pump();
  }

  /** The reader sees indices [from, to]: make sure they are loaded. */
  show(from: number, to: number): void {
    const w = this.wanted;
    if (w && w.from === from && w.to === to) return;
    this.wanted = { from, to };
    this.pump();
  }

  /**
   * An entry this console is saving, shown before the service has it. The service's event for
   * the same id replaces it; `withdraw` removes it if the save fails.
   */
  preview(entry: TimelineEntry): void {
    if (this.disposed || this.state.phase === 'loading') return;
    this.localVersion++; // a reply in flight predates it: it would drop the preview
    this.set({ window: applyChanges(this.state.window, [entry], this.state.filter) });
  }

  withdraw(entryId: string): void {
    if (this.disposed) return;
    this.localVersion++;
    this.set({ window: removeEntry(this.state.window, entryId) });
    this.dirty = true;
    this.pump();
  }

  /** Changed entries from an event or a write's reply: shown at once, then confirmed. */
  receive(entries: readonly TimelineEntry[]): void {
    if (this.disposed || entries.length === 0) return;
    this.localVersion++;
    if (this.state.phase === 'loading') {
      this.pump(); // the load in flight is re-read once it lands
      return;
    }
    this.set({ window: applyChanges(this.state.window, entries, this.state.filter) });
    this.dirty = true;
    this.pump();
  }

  indexOf(entryId: string): number {
    return indexOfEntry(this.state.window, entryId);
  }

  private set(patch: Partial<Omit<TimelineSnapshot, 'version'>>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const listener of this.listeners) listener();
  }

  private query(offset: number, limit: number, fromEnd = false) {
    const f = this.state.filter;
    return this.api.getTimeline({
      incidentId: this.incidentId,
      offset,
      limit: Math.max(1, Math.min(MAX_LIMIT, limit)),
      ...(fromEnd ? { fromEnd: true } : {}),
      ...(f.kinds.length > 0 ? { kinds: [...f.kinds] } : {}),
      ...(f.authorId !== null ? { authorId: f.authorId } : {}),
      ...(f.pinnedOnly ? { pinnedOnly: true } : {}),
      ...(f.includeDeleted ? { includeDeleted: true } : {}),
    });
  }

  /** Resolves once no request is in flight or due (for tests and benchmarks). */
  settled(): Promise<void> {
    return this.busy ? new Promise((done) => this.idle.push(done)) : Promise.resolve();
  }

  private pump(): void {
    if (this.busy || this.disposed || !this.stop) return;
    this.busy = true;
    void this.drain().finally(() => {
      this.busy = false;
      // The loop's last look and this callback are microtasks apart: a show() or an event in
      // between found the controller busy and was not served (the rows it wanted stayed
      // placeholders for good, since show() of the same range again is a no-op). Serve it now.
      if (this.retryTimer === null && this.hasWork()) this.pump();
      if (!this.busy) for (const done of this.idle.splice(0)) done();
    });
  }

  private hasWork(): boolean {
    return (
      this.needTail ||
      this.dirty ||
      (this.wanted !== null && !covers(this.state.window, this.wanted.from, this.wanted.to))
    );
  }

  private async drain(): Promise<void> {
    while (!this.disposed) {
      const epoch = this.epoch;
      const version = this.localVersion;
      try {
        if (this.needTail) {
          await this.loadTail(epoch, version);
        } else if (this.dirty) {
          await this.reread(epoch, version);
        } else if (this.wanted && !covers(this.state.window, this.wanted.from, this.wanted.to)) {
          await this.loadRange(epoch, version, this.wanted.from, this.wanted.to);
        } else {
          return;
        }
        this.retries = 0;
      } catch (error) {
        if (epoch !== this.epoch) continue;
        const message = error instanceof Error ? error.message : String(error);
        // Report a failure once, not once per retry; keep what is shown.
        if (this.state.error === null) this.onError(error);
        this.set({ phase: this.state.phase === 'ready' ? 'ready' : 'error', error: message });
        this.scheduleRetry();
        return;
      }
    }
  }

  /** After a failed read: try again soon, backing off, until a read succeeds. */
  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.disposed) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** this.retries++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delay);
  }

  private async loadTail(epoch: number, version: number): Promise<void> {
    const page = await this.query(0, this.options.initial, true);
    if (epoch !== this.epoch) return;
    this.needTail = false;
    // Changes that arrived meanwhile may not be in the reply: read again.
    this.dirty = version !== this.localVersion;
    this.set({ phase: 'ready', error: null, window: { total: page.total, start: page.offset, items: page.entries } });
  }

  /** Re-read the part of the window near the reader; entries far from it are let go. */
  private async reread(epoch: number, version: number): Promise<void> {
    const w = this.state.window;
    const { margin } = this.options;
    const lo = this.wanted ? Math.max(w.start, Math.min(this.wanted.from - margin, windowEnd(w))) : w.start;
    const hi = this.wanted ? Math.min(windowEnd(w), Math.max(this.wanted.to + 1 + margin, lo)) : windowEnd(w);
    // Slack past the end picks up entries that arrived behind the window.
    this.dirty = false;
    const page = await this.query(lo, hi - lo + 50);
    if (epoch !== this.epoch) return;
    if (version !== this.localVersion && this.discards < MAX_DISCARDS) {
      this.discards++;
      this.dirty = true;
      return;
    }
    this.discards = 0;
    if (page.entries.length === 0 && page.total > 0) {
      this.needTail = true; // the window fell off the end (entries were deleted): read the tail
      return;
    }
    this.set({ phase: 'ready', error: null, window: { total: page.total, start: page.offset, items: page.entries } });
  }

  private async loadRange(epoch: number, version: number, from: number, to: number): Promise<void> {
    const { margin, maxWindow } = this.options;
    const request = missingRange(this.state.window, from, to, margin, MAX_LIMIT);
    if (!request) return;
    const page = await this.query(request.offset, request.limit);
    if (epoch !== this.epoch) return;
    if (version !== this.localVersion) {
      this.dirty = true; // indices may have shifted under the request
      return;
    }
    this.set({ phase: 'ready', error: null, window: mergePage(this.state.window, page, maxWindow, (from + to) >> 1) });
  }
}
