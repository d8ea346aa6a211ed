/** Pure formatting helpers for times and lists shown on a shared screen. */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A ticking clock: `04:12:09`, `2d 04:12:09`; negative spans (start in the future) get a minus. */
export function formatElapsed(ms: number): string {
  // Under a second either way is "now": no "-00:00:00" while clocks settle.
  const sign = ms <= -SECOND ? '-' : '';
  let rest = Math.floor(Math.abs(ms) / SECOND);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const clock = `${pad(Math.floor(rest / 3_600))}:${pad(Math.floor((rest % 3_600) / 60))}:${pad(rest % 60)}`;
  return `${sign}${days > 0 ? `${days}d ` : ''}${clock}`;
}

/** A coarse age for list rows: `45s`, `12m`, `3h 05m`, `2d 4h`. */
export function formatAge(ms: number): string {
  const span = Math.max(0, ms);
  if (span < MINUTE) return `${Math.floor(span / SECOND)}s`;
  if (span < HOUR) return `${Math.floor(span / MINUTE)}m`;
  if (span < DAY) return `${Math.floor(span / HOUR)}h ${pad(Math.floor((span % HOUR) / MINUTE))}m`;
  return `${Math.floor(span / DAY)}d ${Math.floor((span % DAY) / HOUR)}h`;
}

/** A policy duration: `5 min`, `1 h`, `1 h 30 min`. */
export function formatDuration(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.round((ms % HOUR) / MINUTE);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Epoch millis to the value of an `<input type="datetime-local" step="1">` (local time). */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** The inverse of toDateTimeLocal; null for an empty or unparsable value. */
export function fromDateTimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  // Date-time strings without an offset parse as local time, which is what the input shows.
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** `HH:MM:SS` local, for "at" labels next to a date input. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "checkout, payments-api ,, checkout" -> ["checkout", "payments-api"]. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
