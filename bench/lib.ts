/**
 * Helpers the benches share: the statistics they report and the table they print. Erasable TS
 * with no imports, so a bench can load it with `await import('./lib')` once its hooks are in.
 */

/** The middle sample; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The sample of rank floor(q * n) (no interpolation; NaN when there are none): for q = 0.5, the upper middle. */
export function rankQuantile(values: readonly number[], q: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * The ops a console holds: its version vector's contiguous prefixes, summed (one origin per
 * console and incident, so no single entry counts them).
 */
export function opsHeld(w: { versionVector(): Readonly<Record<string, number>> }): number {
  return Object.values(w.versionVector()).reduce((a, b) => a + b, 0);
}

/** Wall time of one synchronous run, in ms. */
export function time(run: () => void): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

/** Prints rows under a header, each column padded to its widest cell, trailing blanks trimmed. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}
