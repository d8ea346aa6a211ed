/** Stable, timezone-free rendering of a time for text replicated to every peer or exported. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
