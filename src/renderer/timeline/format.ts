/** Times as the timeline shows them: local wall clock, day separators, "5 min ago". */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `14:02:31`, local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The local calendar day, as a key for day separators. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const DAY_FORMAT = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** `Tuesday, 10 March 2026`, in the reader's locale. */
export function dayLabel(ms: number): string {
  return DAY_FORMAT.format(new Date(ms));
}

/** `2026-03-10 14:02`, local: the time column of a copied Markdown list. */
export function markdownTime(ms: number): string {
  const d = new Date(ms);
  return `${dayKey(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `just now`, `12 min ago`, `3 h ago`, `2 d ago`; `in 5 min` for future times. */
export function relativeTime(ms: number, now: number): string {
  const delta = now - ms;
  const span = Math.abs(delta);
  // Under a minute either way is "now": clocks of peers and the display tick differ by seconds.
  if (span < 60_000) return 'just now';
  let text: string;
  if (span < 3_600_000) text = `${Math.floor(span / 60_000)} min`;
  else if (span < 86_400_000) text = `${Math.floor(span / 3_600_000)} h`;
  else text = `${Math.floor(span / 86_400_000)} d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** Resolving the zone is slow (an Intl object per call): once per page is enough. */
const ZONE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Full local date and time for tooltips and screen readers. */
export function fullTime(ms: number): string {
  return `${dayKey(ms)} ${clockTime(ms)} (${ZONE}, UTC${offsetLabel(new Date(ms))})`;
}

function offsetLabel(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
