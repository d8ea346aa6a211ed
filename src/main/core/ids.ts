/** Ids for new rows (incidents, entries, participants...): unique, opaque, and time-ordered. */
import crypto from 'node:crypto';

/** The 64 characters of base64url in ascending ASCII order, so that encoded times sort as text. */
const SORTABLE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const TIME_CHARS = 8; // 48 bits of milliseconds: good until the year 10889

/**
 * A millisecond time prefix then 72 random bits. Ids key the projection tables, the field clocks
 * and the field history: ids made in creation order land next to each other in those B-trees,
 * where random ids touched a different page of each per insert (a large share of every commit's
 * WAL pages). The time only orders storage; nothing reads it back, and uniqueness rests on the
 * random part (72 bits per millisecond per console).
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = Math.max(0, Math.floor(now));
  for (let i = 0; i < TIME_CHARS; i++) {
    time = SORTABLE.charAt(t % 64) + time;
    t = Math.floor(t / 64);
  }
  return time + crypto.randomBytes(9).toString('base64url');
}
