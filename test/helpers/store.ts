/** Test helpers for the store: fresh data folders, recording loggers, comparable snapshots. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Incident, IncidentSummary } from '../../src/shared/domain/incident';
import type { EntryRevision, TimelineEntry } from '../../src/shared/domain/timeline';
import type { Logger } from '../../src/main/core/log';
import { silentLogger } from '../../src/main/core/log';
import { Warroom, type WarroomOptions } from '../../src/main/core/warroom';
import { DB_FILE } from '../../src/main/core/store/open';
import { PROJECTIONS } from '../../src/main/core/store/projections';

/** Fresh temporary folders, removed (with any Warroom still open in them closed) after each test. */
export function useTmpDirs(prefix = 'warroom-test-'): {
  dir: () => string;
  open: (dir: string, options?: Partial<WarroomOptions>) => Warroom;
} {
  const dirs: string[] = [];
  const open: Warroom[] = [];
  afterEach(() => {
    for (const w of open.splice(0)) w.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    dir: () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    open: (dataDir, options = {}) => {
      const w = new Warroom({ log: silentLogger, ...options, dataDir });
      open.push(w);
      return w;
    },
  };
}

export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown> | undefined;
}

export function recordingLogger(): Logger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: LogRecord['level']) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      records.push({ level, msg, fields });
    };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Snapshot {
  readonly list: IncidentSummary[];
  readonly incidents: Incident[];
  /** Per incident: every entry, deleted ones included, with its edit history. */
  readonly timelines: { entry: TimelineEntry; history: EntryRevision[] }[][];
  /** Per incident, per SEARCH_WORDS word: the ids of the entries a search finds. */
  readonly search: string[][][];
  readonly vector: Record<string, number>;
}

/** Everything a user or a peer can observe of a Warroom's replicated state, in a stable order. */
export function snapshot(w: Warroom): Snapshot {
  // Also for entries of incidents not declared (yet), which no search below reaches: tableDump
  // then reads a search index that is up to date.
  w.catchUpSearchIndex();
  const list = w.call('listIncidents', {}).toSorted((a, b) => (a.id < b.id ? -1 : 1));
  return {
    list,
    incidents: list.map((s) => w.call('getIncident', { id: s.id })),
    timelines: list.map((s) =>
      w.call('getTimeline', { incidentId: s.id, includeDeleted: true, limit: 5_000 }).entries.map((entry) => ({
        entry,
        history: w.call('getEntryHistory', { incidentId: s.id, entryId: entry.id }),
      })),
    ),
    search: list.map((s) =>
      SEARCH_WORDS.map((query) =>
        w
          .call('searchTimeline', { incidentId: s.id, query })
          .hits.map((hit) => hit.entry.id)
          .toSorted(),
      ),
    ),
    vector: sortKeys(w.versionVector()),
  };
}

/**
 * Raw rows of every replicated table, read through a second, read-only connection. The search
 * index is read as it stands: take a snapshot() first to bring it up to date.
 */
export function tableDump(dataDir: string): Record<string, unknown[]> {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const dump = (sql: string): unknown[] => db.prepare(sql).all();
    return {
      ops: dump(`SELECT * FROM ops ORDER BY origin, seq`),
      version_vector: dump(`SELECT * FROM version_vector ORDER BY origin`),
      field_clock: effectiveClocks(db),
      field_history: dump(`SELECT * FROM field_history ORDER BY entity, entity_id, field, hlc`),
      incidents: dump(`SELECT * FROM incidents ORDER BY id`),
      // rowid is left out: it records arrival order, which is free to differ between peers.
      timeline_entries: dump(`SELECT * FROM timeline_entries ORDER BY id`),
      // The full-text index must agree with the text each entry ends up with.
      timeline_search: SEARCH_WORDS.map((word) =>
        db
          .prepare(
            `SELECT e.id FROM timeline_fts f JOIN timeline_entries e ON e.rowid = f.rowid
             WHERE timeline_fts MATCH ? ORDER BY e.id`,
          )
          .pluck()
          .all(word),
      ),
    };
  } finally {
    db.close();
  }
}

/**
 * Every field's clock as reads see it, in (entity, id, field) order. A field the creating op
 * wrote has no clock row until it is overwritten (created_hlc stands in), and whether a row was
 * first seen by its creating op or by a later one is arrival order, free to differ between peers:
 * so peers agree on these, not on the raw field_clock rows.
 */
export function effectiveClocks(db: Database.Database): unknown[] {
  return (Object.keys(PROJECTIONS) as (keyof typeof PROJECTIONS)[]).toSorted().flatMap((entity) =>
    db
      .prepare(
        `SELECT '${entity}' AS entity, t.id AS entity_id, f.field,
           coalesce(c.hlc, t.created_hlc) AS hlc, iif(c.hlc IS NULL, NULL, c.base) AS base
         FROM ${PROJECTIONS[entity].table} t
         CROSS JOIN (SELECT column1 AS field FROM (VALUES ${Object.keys(PROJECTIONS[entity].columns)
           .map((f) => `('${f}')`)
           .join(', ')})) f
         LEFT JOIN field_clock c ON c.entity = '${entity}' AND c.entity_id = t.id AND c.field = f.field
         WHERE coalesce(c.hlc, t.created_hlc) IS NOT NULL
         ORDER BY t.id, f.field`,
      )
      .all(),
  );
}

/** Words the simulated timeline texts are made of (test/unit/op-apply.test.ts). */
const SEARCH_WORDS = ['database', 'failover', 'rollback', 'latency', 'checkout', 'paging'];

export function opCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) FROM ops`).pluck().get() as number;
  } finally {
    db.close();
  }
}

function sortKeys(v: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
}
