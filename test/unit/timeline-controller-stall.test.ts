/**
 * The controller against a fake service whose replies the test releases one at a time, so the
 * order of calls, replies and microtasks is fixed: races that the real bridge hits now and then
 * happen here every run.
 */
import { describe, expect, it } from 'vitest';
import type { MethodArgs } from '../../src/shared/api';
import type { TimelineEntry } from '../../src/shared/domain/timeline';
import { TimelineController, type TimelineApi } from '../../src/renderer/timeline/controller';
import { covers } from '../../src/renderer/timeline/window';

type Page = Awaited<ReturnType<TimelineApi['getTimeline']>>;

function entry(i: number): TimelineEntry {
  return {
    id: `e${String(i).padStart(6, '0')}`,
    incidentId: 'inc',
    kind: 'note',
    text: `entry ${i}`,
    eventTime: i * 1_000,
    capturedAt: i * 1_000,
    author: { peerId: 'p', name: 'P' },
    tags: [],
    pinned: false,
    deleted: false,
    revisions: 0,
    data: null,
  };
}

/** n entries; each read is answered from the state at the call, when the test says so. */
function fakeService(n: number) {
  const entries = Array.from({ length: n }, (_, i) => entry(i));
  const inFlight: { page: Page; resolve: (p: Page) => void }[] = [];
  const api: TimelineApi = {
    getTimeline: (args: MethodArgs<'getTimeline'>) => {
      const limit = args.limit ?? 100;
      const total = entries.length;
      const offset = args.fromEnd ? Math.max(0, total - limit) : (args.offset ?? 0);
      const page: Page = { total, offset, entries: entries.slice(offset, offset + limit) };
      return new Promise<Page>((resolve) => inFlight.push({ page, resolve }));
    },
    on: () => () => {},
  };
  /** Lets every microtask queued so far (and those they queue) run. */
  const flush = async (): Promise<void> => {
    await new Promise((done) => setTimeout(done, 0));
  };
  return {
    api,
    inFlight,
    flush,
    async reply(): Promise<void> {
      const r = inFlight.shift();
      if (!r) throw new Error('no read in flight');
      r.resolve(r.page);
      await flush();
    },
  };
}

describe('timeline controller: requests that arrive while it finishes', () => {
  it('loads a far range asked for right after a range it already had (a scrollbar jump)', async () => {
    const s = fakeService(50_000);
    const c = new TimelineController(s.api, 'inc');
    c.start();
    await s.reply(); // the tail
    expect(c.getSnapshot().window.start).toBe(50_000 - 120);

    // The virtualizer's effects in one task: the rows it measured at the end (loaded), then the
    // rows at 95% where the scrollbar was dropped.
    c.show(49_990, 49_999);
    c.show(47_494, 47_525);
    await s.flush();
    expect(s.inFlight).toHaveLength(1);
    await s.reply();
    expect(covers(c.getSnapshot().window, 47_494, 47_525)).toBe(true);
    // The same range again (a re-render) costs nothing.
    c.show(47_494, 47_525);
    await c.settled();
    expect(s.inFlight).toHaveLength(0);
  });

  it('re-reads after a change that arrives in the same task as a range it already had', async () => {
    const s = fakeService(50_000);
    const c = new TimelineController(s.api, 'inc');
    c.start();
    await s.reply();
    c.show(49_990, 49_999);
    c.receive([{ ...entry(49_995), pinned: true }]);
    await s.flush();
    // The change is shown at once and must still be confirmed by a re-read.
    expect(s.inFlight).toHaveLength(1);
    await s.reply();
    await c.settled();
    expect(s.inFlight).toHaveLength(0);
  });
});
