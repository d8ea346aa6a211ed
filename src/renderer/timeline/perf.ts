/**
 * Performance marks for the benchmarks (bench/timeline.bench.ts reads them from the page):
 * Enter to the new entry painted, and opening an incident to its timeline's first rows painted.
 */

export const MARKS = {
  submit: 'warroom:timeline:submit',
  painted: 'warroom:timeline:entry-painted',
  enterToPaint: 'warroom:timeline:enter-to-paint',
  open: 'warroom:timeline:open',
  firstRows: 'warroom:timeline:first-rows',
  openToPaint: 'warroom:timeline:open-to-paint',
} as const;

/** After the next paint: a frame callback runs before painting, a task queued from it after. */
function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
}

let awaitedEntry: string | null = null;

/** Enter was pressed on a non-empty box. */
export function markSubmit(): void {
  performance.clearMarks(MARKS.submit);
  performance.mark(MARKS.submit);
  awaitedEntry = null;
}

/**
 * The service replied with the saved entry: its row is the one to wait for. The service's event
 * usually arrives before the reply and the row may already be on screen: then the frame being
 * drawn (or already drawn) shows it, and the measure ends after it.
 */
export function awaitEntryPaint(entryId: string): void {
  if (performance.getEntriesByName(MARKS.submit, 'mark').length === 0) return;
  awaitedEntry = entryId;
  noteRendered((id) => document.querySelector(`[data-entry-id="${CSS.escape(id)}"]`) !== null);
}

/** Called after every commit of the list with a test for the entry rows it rendered. */
export function noteRendered(hasEntry: (id: string) => boolean): void {
  const id = awaitedEntry;
  if (id === null || !hasEntry(id)) return;
  awaitedEntry = null;
  afterPaint(() => {
    performance.mark(MARKS.painted);
    performance.measure(MARKS.enterToPaint, MARKS.submit, MARKS.painted);
    performance.clearMarks(MARKS.submit);
  });
}

let opening = false;

/** The timeline of an incident starts loading. */
export function markOpen(): void {
  performance.clearMarks(MARKS.open);
  performance.mark(MARKS.open);
  opening = true;
}

/** The list committed rows of entries (not placeholders). */
export function noteFirstRows(): void {
  if (!opening) return;
  opening = false;
  afterPaint(() => {
    performance.mark(MARKS.firstRows);
    performance.measure(MARKS.openToPaint, MARKS.open, MARKS.firstRows);
  });
}
