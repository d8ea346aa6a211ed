/** Read side of the timeline projection: pages in timeline order, FTS5 search, edit history. */
import { hlcWall } from '../../../shared/hlc';
import type { Database, Statement } from 'better-sqlite3';
import type { EntryKind, EntryRevision, TimelineEntry, TimelineFilter } from '../../../shared/domain/timeline';
import type { OpBody } from '../../../shared/ops';
import { FieldClocks } from './field-clocks';
import { OpLookup } from './op-lookup';
import { PROJECTIONS } from './projections';
import { SearchIndex } from './search-index';

interface HistoryRow {
  field: string;
  value: string;
  author_name: string;
  hlc: string;
}

interface EntryRow {
  id: string;
  incident_id: string;
  kind: EntryKind;
  text: string;
  event_time: number;
  created_at: number;
  created_by: string;
  created_by_id: string;
  tags: string;
  pinned: number;
  deleted: number;
  data: string;
  revisions: number;
}

export interface TimelinePage {
  readonly total: number;
  readonly offset: number;
  readonly entries: TimelineEntry[];
}

export interface SearchHit {
  readonly entry: TimelineEntry;
  /** The entry text with matches wrapped in \u0001 ... \u0002 (never present in stored text). */
  readonly highlighted: string;
}

/** Fields whose later writes count as edits (pin and delete are toggles, not edits). */
const EDIT_FIELDS = `('kind', 'text', 'eventTime', 'tags')`;
const INITIAL_EDIT_WRITES = 4;

// An entry's first values are in field_history only for rows stored before migration 6 (no
// created_hlc); since then they are read from the creating op.
const COLUMNS = `e.id, e.incident_id, e.kind, e.text, e.event_time, e.created_at, e.created_by, e.created_by_id,
  e.tags, e.pinned, e.deleted, e.data,
  (SELECT count(*) FROM field_history h
    WHERE h.entity = 'timeline_entry' AND h.entity_id = e.id AND h.field IN ${EDIT_FIELDS})
    - iif(e.created_hlc IS NULL, ${INITIAL_EDIT_WRITES}, 0) AS revisions`;

const entryProjection = PROJECTIONS.timeline_entry;

const ORDER = `ORDER BY e.event_time, e.created_at, e.id`;

export class TimelineQueries {
  private readonly byId: Statement;
  private readonly searchStmt: Statement;
  private readonly historyStmt: Statement;
  private readonly clocks: FieldClocks;
  private readonly index: SearchIndex;
  private readonly createdHlc: Statement;
  private readonly ops: OpLookup;
  private readonly authorsStmt: Statement;
  private readonly pageCache = new Map<string, FilterStatements>();

  constructor(private readonly db: Database) {
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM timeline_entries e WHERE e.id = ? AND e.created = 1`);
    this.searchStmt = db.prepare(
      `SELECT ${COLUMNS}, highlight(timeline_fts, 0, char(1), char(2)) AS highlighted
       FROM timeline_fts JOIN timeline_entries e ON e.rowid = timeline_fts.rowid
       WHERE timeline_fts MATCH ? AND e.incident_id = ? AND e.created = 1 AND e.deleted = 0
       ORDER BY rank LIMIT ?`,
    );
    this.historyStmt = db.prepare(
      `SELECT field, value, author_name, hlc FROM field_history
       WHERE entity = 'timeline_entry' AND entity_id = ? ORDER BY hlc`,
    );
    this.createdHlc = db.prepare(`SELECT created_hlc FROM timeline_entries WHERE id = ?`).pluck();
    this.ops = new OpLookup(db);
    // An author's latest name is the one on their newest entry. Entries written in the same
    // millisecond are told apart by the HLC of the op that created them (created_hlc, or for
    // older rows its write of `kind`, the only one with no base), so every peer picks the same
    // name. The second pass over the author's entries costs ~90 ms at 50,000 entries; the
    // toolbar asks only after first paint.
    this.authorsStmt = db.prepare(
      `WITH latest AS (
         SELECT created_by_id AS peerId, max(created_at) AS at, count(*) AS entries
         FROM timeline_entries WHERE incident_id = $incident AND created = 1 GROUP BY created_by_id
       )
       SELECT l.peerId, l.entries,
         (SELECT e.created_by FROM timeline_entries e
          WHERE e.incident_id = $incident AND e.created = 1 AND e.created_by_id = l.peerId AND e.created_at = l.at
          ORDER BY coalesce(e.created_hlc, (SELECT max(h.hlc) FROM field_history h
            WHERE h.entity = 'timeline_entry' AND h.entity_id = e.id AND h.field = 'kind' AND h.base IS NULL)) DESC
          LIMIT 1) AS name
       FROM latest l ORDER BY name, peerId`,
    );
    this.clocks = new FieldClocks(db);
    this.index = new SearchIndex(db);
  }

  get(id: string): TimelineEntry | undefined {
    const row = this.byId.get(id) as EntryRow | undefined;
    return row && toEntry(row);
  }

  /** Entries [offset, offset + limit) in timeline order; with fromEnd, counted back from the end. */
  page(incidentId: string, filter: TimelineFilter, offset: number, limit: number, fromEnd = false): TimelinePage {
    const { where, params } = filterSql(incidentId, filter);
    const stmts = this.pageStatements(where);
    const total = stmts.count.get(...params) as number;
    let start = offset;
    let count = limit;
    if (fromEnd) {
      const end = Math.max(0, total - offset);
      start = Math.max(0, end - limit);
      count = end - start;
    }
    const entries = count > 0 ? (stmts.page.all(...params, count, start) as EntryRow[]).map(toEntry) : [];
    return { total, offset: start, entries };
  }

  search(incidentId: string, query: string, limit: number): SearchHit[] {
    const match = toFtsQuery(query);
    if (!match) return [];
    this.index.catchUp();
    return (this.searchStmt.all(match, incidentId, limit) as (EntryRow & { highlighted: string })[]).map((r) => ({
      entry: toEntry(r),
      highlighted: r.highlighted,
    }));
  }

  /** Index of an entry among those the filter shows (null when hidden), in timeline order. */
  locate(incidentId: string, filter: TimelineFilter, entryId: string): { index: number | null; total: number } {
    const { where, params } = filterSql(incidentId, filter);
    const stmts = this.pageStatements(where);
    const total = stmts.count.get(...params) as number;
    const key = stmts.key.get(...params, entryId) as { event_time: number; created_at: number; id: string } | undefined;
    if (!key) return { index: null, total };
    const index = stmts.before.get(...params, key.event_time, key.created_at, key.id) as number;
    return { index, total };
  }

  authors(incidentId: string): { peerId: string; name: string; entries: number }[] {
    return (this.authorsStmt.all({ incident: incidentId }) as { peerId: string; name: string; entries: number }[]).map(
      ({ peerId, name, entries }) => ({ peerId, name, entries }),
    );
  }

  history(entryId: string): EntryRevision[] {
    const rows = [
      ...this.firstValues(entryId),
      ...(this.historyStmt.all(entryId) as HistoryRow[]).map((r) => ({ ...r, value: JSON.parse(r.value) as unknown })),
    ].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    const winners = new Map<string, string>();
    for (const r of rows) winners.set(r.field, r.hlc); // ordered by hlc: the last one per field wins
    return rows.map((r) => ({
      field: r.field,
      value: r.value,
      author: r.author_name,
      at: hlcWall(r.hlc),
      hlc: r.hlc,
      current: winners.get(r.field) === r.hlc,
    }));
  }

  fieldHlc(entryId: string, field: string): string | null {
    return this.clocks.get('timeline_entry', entryId, field);
  }

  /** The values the creating op wrote, as history rows (see migration 6). */
  private firstValues(entryId: string): { field: string; value: unknown; author_name: string; hlc: string }[] {
    const hlc = this.createdHlc.get(entryId) as string | null | undefined;
    const op = hlc ? this.ops.byHlc(hlc) : undefined;
    if (!op) return [];
    const body = JSON.parse(op.body) as OpBody;
    if (body.type !== 'timeline.add' || body.entryId !== entryId) return [];
    return Object.entries(body.fields)
      .filter(([field]) => entryProjection.history.has(field))
      .map(([field, value]) => ({ field, value, author_name: op.author_name, hlc: op.hlc }));
  }

  private pageStatements(where: string): FilterStatements {
    let stmts = this.pageCache.get(where);
    if (!stmts) {
      stmts = {
        count: this.db.prepare(`SELECT count(*) FROM timeline_entries e WHERE ${where}`).pluck(),
        page: this.db.prepare(`SELECT ${COLUMNS} FROM timeline_entries e WHERE ${where} ${ORDER} LIMIT ? OFFSET ?`),
        key: this.db.prepare(
          `SELECT e.event_time, e.created_at, e.id FROM timeline_entries e WHERE ${where} AND e.id = ?`,
        ),
        // A row-value comparison in the order of the index: a range count, not a scan of the rows.
        before: this.db
          .prepare(
            `SELECT count(*) FROM timeline_entries e WHERE ${where} AND (e.event_time, e.created_at, e.id) < (?, ?, ?)`,
          )
          .pluck(),
      };
      this.pageCache.set(where, stmts);
    }
    return stmts;
  }
}

interface FilterStatements {
  readonly count: Statement;
  readonly page: Statement;
  readonly key: Statement;
  readonly before: Statement;
}

/** WHERE clause from fixed fragments only; every value is a bound parameter. */
function filterSql(incidentId: string, f: TimelineFilter): { where: string; params: unknown[] } {
  const parts = ['e.incident_id = ?', 'e.created = 1'];
  const params: unknown[] = [incidentId];
  if (!f.includeDeleted) parts.push('e.deleted = 0');
  if (f.pinnedOnly) parts.push('e.pinned = 1');
  if (f.authorId) {
    parts.push('e.created_by_id = ?');
    params.push(f.authorId);
  }
  if (f.kinds && f.kinds.length > 0) {
    parts.push(`e.kind IN (${f.kinds.map(() => '?').join(', ')})`);
    params.push(...f.kinds);
  }
  return { where: parts.join(' AND '), params };
}

/** Words of the user's query as quoted prefix terms, so FTS syntax characters are inert. */
export function toFtsQuery(query: string): string | null {
  const words = query.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

function toEntry(r: EntryRow): TimelineEntry {
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind,
    text: r.text,
    eventTime: r.event_time,
    capturedAt: r.created_at,
    author: { peerId: r.created_by_id, name: r.created_by },
    tags: JSON.parse(r.tags) as string[],
    pinned: r.pinned === 1,
    deleted: r.deleted === 1,
    revisions: Math.max(0, r.revisions),
    data: JSON.parse(r.data) as Record<string, unknown> | null,
  };
}
