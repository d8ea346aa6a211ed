/** An entry's edit history, grouped for reading: pure, so it is unit-tested without a DOM. */
import { ENTRY_KIND_LABELS, type EntryKind, type EntryRevision } from '../../shared/domain/timeline';
import { markdownTime } from './format';

export interface Change {
  readonly hlc: string;
  readonly at: number;
  readonly author: string;
  readonly created: boolean;
  readonly fields: EntryRevision[];
}

/** Revisions written together (one op) become one line: "Ana created", "Ben changed the text". */
export function groupRevisions(revisions: readonly EntryRevision[]): Change[] {
  const byHlc = new Map<string, EntryRevision[]>();
  for (const r of revisions) {
    const list = byHlc.get(r.hlc);
    if (list) list.push(r);
    else byHlc.set(r.hlc, [r]);
  }
  return [...byHlc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([hlc, fields], i) => ({
      hlc,
      at: fields[0]?.at ?? 0,
      author: fields[0]?.author ?? '',
      created: i === 0,
      fields,
    }));
}

export function describeRevision(r: EntryRevision): string {
  switch (r.field) {
    case 'pinned':
      return r.value === true ? 'pinned it' : 'unpinned it';
    case 'deleted':
      return r.value === true ? 'deleted it' : 'restored it';
    case 'eventTime':
      return typeof r.value === 'number' ? `set the time to ${markdownTime(r.value)}` : 'changed the time';
    case 'kind':
      return `set the kind to ${ENTRY_KIND_LABELS[r.value as EntryKind] ?? String(r.value)}`;
    case 'tags':
      return Array.isArray(r.value) && r.value.length > 0
        ? `tagged it ${r.value.map((t) => `#${String(t)}`).join(' ')}`
        : 'cleared the tags';
    case 'text':
      return 'changed the text to';
    default:
      return `changed ${r.field}`;
  }
}
