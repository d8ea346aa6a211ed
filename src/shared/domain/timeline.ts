/** Timeline entries: what happened during the incident, as the scribe and the system record it. */

/** Kinds a person picks. */
export const USER_ENTRY_KINDS = [
  'note',
  'action',
  'decision',
  'finding',
  'hypothesis',
  'status_update',
  'comms',
  'command',
] as const;
/** Kinds the service writes automatically on state changes. */
export const SYSTEM_ENTRY_KINDS = ['severity_change', 'status_change', 'role_change', 'milestone', 'cadence'] as const;
export const ENTRY_KINDS = [...USER_ENTRY_KINDS, ...SYSTEM_ENTRY_KINDS] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type UserEntryKind = (typeof USER_ENTRY_KINDS)[number];

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  note: 'Note',
  action: 'Action',
  decision: 'Decision',
  finding: 'Finding',
  hypothesis: 'Hypothesis',
  status_update: 'Status update',
  comms: 'Comms',
  command: 'Command',
  severity_change: 'Severity',
  status_change: 'Status',
  role_change: 'Role',
  milestone: 'Milestone',
  cadence: 'Cadence',
};

export function isSystemKind(kind: EntryKind): boolean {
  return (SYSTEM_ENTRY_KINDS as readonly string[]).includes(kind);
}

/** 64 KiB of UTF-8: long enough for a pasted stack trace, short enough to keep sync batches sane. */
export const MAX_ENTRY_BYTES = 64 * 1024;

export interface TimelineEntry {
  readonly id: string;
  readonly incidentId: string;
  readonly kind: EntryKind;
  /** Markdown. */
  readonly text: string;
  /** When it happened (editable, backdatable); ms since epoch. */
  readonly eventTime: number;
  /** When it was written down. */
  readonly capturedAt: number;
  readonly author: { readonly peerId: string; readonly name: string };
  readonly tags: readonly string[];
  readonly pinned: boolean;
  readonly deleted: boolean;
  /** Number of later writes to the entry's text, kind, time or tags. */
  readonly revisions: number;
  /** Optional structured payload (e.g. a command's exit code and output). */
  readonly data: Readonly<Record<string, unknown>> | null;
}

/** One write of one field of an entry, for the edit history view. */
export interface EntryRevision {
  readonly field: string;
  readonly value: unknown;
  readonly author: string;
  readonly at: number;
  readonly hlc: string;
  /** True for the value currently shown. */
  readonly current: boolean;
}

export interface TimelineFilter {
  readonly kinds?: readonly EntryKind[];
  readonly authorId?: string;
  readonly pinnedOnly?: boolean;
  readonly includeDeleted?: boolean;
}

/** Order of the timeline: by event time, then capture time, then id, identical on every peer. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.eventTime - b.eventTime || a.capturedAt - b.capturedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** An entry rendered as one Markdown list item, for "copy as Markdown". */
export function entryToMarkdown(e: TimelineEntry, formatTime: (ms: number) => string): string {
  const pin = e.pinned ? ' 📌' : '';
  const body = e.text.includes('\n') ? '\n  ' + e.text.split('\n').join('\n  ') : ' ' + e.text;
  return `- **${formatTime(e.eventTime)}** [${ENTRY_KIND_LABELS[e.kind]}] _${e.author.name}_${pin}:${body}`;
}
