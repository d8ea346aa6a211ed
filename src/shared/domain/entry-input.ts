/**
 * Parsing what the scribe types into the timeline box: a kind shortcut (`/d`, or `d:`) and an
 * optional `@14:02` event time, so the whole entry is one line of keyboard input.
 */
import type { UserEntryKind } from './timeline';

export const KIND_SHORTCUTS: Readonly<Record<string, UserEntryKind>> = {
  n: 'note',
  a: 'action',
  d: 'decision',
  f: 'finding',
  h: 'hypothesis',
  s: 'status_update',
  c: 'comms',
};

export const SHORTCUT_HINT =
  '/d decision · /a action · /h hypothesis · /f finding · /s status · /c comms · @14:02 time';

export interface ParsedEntryInput {
  readonly kind: UserEntryKind;
  readonly text: string;
  /** Set when the input carried `@HH:MM`; ms since epoch. */
  readonly eventTime: number | null;
}

const SLASH = /^\/([a-z])\s+/i;
const COLON = /^([a-z]):\s+/i;
const AT_TIME = /(^|\s)@([01]?\d|2[0-3]):([0-5]\d)(?=\s|$)/;

/**
 * `now` and the local UTC offset make "@14:02" mean 14:02 today on the scribe's wall clock, or
 * yesterday when 14:02 today is still ahead (an incident that crossed midnight).
 */
export function parseEntryInput(
  raw: string,
  now: number,
  tzOffsetMinutes: number,
  fallback: UserEntryKind = 'note',
): ParsedEntryInput {
  let text = raw.trim();
  let kind: UserEntryKind = fallback;
  const m = SLASH.exec(text) ?? COLON.exec(text);
  const shortcut = m?.[1] ? KIND_SHORTCUTS[m[1].toLowerCase()] : undefined;
  if (m && shortcut) {
    kind = shortcut;
    text = text.slice(m[0].length);
  }
  let eventTime: number | null = null;
  const t = AT_TIME.exec(text);
  if (t) {
    eventTime = localTimeToday(Number(t[2]), Number(t[3]), now, tzOffsetMinutes);
    text = (text.slice(0, t.index) + t[1] + text.slice(t.index + t[0].length)).replace(/\s{2,}/g, ' ').trim();
  }
  return { kind, text, eventTime };
}

/** ms since epoch of HH:MM local time on the local day of `now` (the previous day if in the future). */
export function localTimeToday(hours: number, minutes: number, now: number, tzOffsetMinutes: number): number {
  const offsetMs = tzOffsetMinutes * 60_000;
  const local = new Date(now - offsetMs);
  const candidate =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes) + offsetMs;
  return candidate > now + 60_000 ? candidate - 86_400_000 : candidate;
}

/** Why an event time deserves a second look before it is stored, or null when it looks sane. */
export function eventTimeWarning(eventTime: number, now: number, incidentCreatedAt: number): string | null {
  if (eventTime > now + 5 * 60_000) return 'That time is in the future.';
  if (new Date(eventTime).getUTCFullYear() < new Date(incidentCreatedAt).getUTCFullYear()) {
    return "That time is before the incident's year.";
  }
  return null;
}
