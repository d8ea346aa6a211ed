/**
 * Schema migrations, versioned with PRAGMA user_version. Each step runs in its own transaction
 * and never rewrites ops: projections can always be rebuilt from the log.
 */
import type { Database } from 'better-sqlite3';

/** "WROM": marks a file as a Warroom database so a foreign SQLite file is never touched. */
export const APPLICATION_ID = 0x57524f4d;

export const MIGRATIONS: readonly string[] = [
  // 1: op log, version vector, field clocks and the incident projection.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE ops (
    origin      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         TEXT    NOT NULL,
    incident_id TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    author_id   TEXT    NOT NULL,
    author_name TEXT    NOT NULL,
    PRIMARY KEY (origin, seq)
  ) WITHOUT ROWID;
  CREATE INDEX ops_by_incident ON ops (incident_id, hlc);

  -- origin -> highest seq such that every op 1..seq of that origin is stored.
  CREATE TABLE version_vector (origin TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;

  -- The winning write of every field: greatest (hlc) wins; hlc strings embed the origin.
  CREATE TABLE field_clock (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    base      TEXT,
    PRIMARY KEY (entity, entity_id, field)
  ) WITHOUT ROWID;

  -- Every write of a field whose history or conflicts are shown to people.
  CREATE TABLE field_history (
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    base        TEXT,
    value       TEXT NOT NULL,
    author_name TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, hlc)
  ) WITHOUT ROWID;

  CREATE TABLE incidents (
    id                TEXT PRIMARY KEY,
    incident_id       TEXT NOT NULL,
    created           INTEGER NOT NULL DEFAULT 0,
    name              TEXT NOT NULL DEFAULT '',
    title             TEXT NOT NULL DEFAULT '',
    severity          TEXT NOT NULL DEFAULT 'SEV3',
    status            TEXT NOT NULL DEFAULT 'investigating',
    summary           TEXT NOT NULL DEFAULT '',
    services          TEXT NOT NULL DEFAULT '[]',
    impact_started_at INTEGER,
    detected_at       INTEGER,
    acknowledged_at   INTEGER,
    declared_at       INTEGER,
    identified_at     INTEGER,
    mitigated_at      INTEGER,
    resolved_at       INTEGER,
    closed_at         INTEGER,
    created_at        INTEGER NOT NULL DEFAULT 0,
    created_by        TEXT NOT NULL DEFAULT '',
    created_by_id     TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  `,
  // 2: timeline entries with full-text search. A rowid table, because FTS5 external content
  // indexes by rowid; triggers keep the index in step inside the applying transaction.
  `
  CREATE TABLE timeline_entries (
    id            TEXT NOT NULL UNIQUE,
    incident_id   TEXT NOT NULL,
    created       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_by_id TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL DEFAULT 'note',
    text          TEXT NOT NULL DEFAULT '',
    event_time    INTEGER NOT NULL DEFAULT 0,
    tags          TEXT NOT NULL DEFAULT '[]',
    pinned        INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    data          TEXT NOT NULL DEFAULT 'null'
  );
  CREATE INDEX timeline_by_time ON timeline_entries (incident_id, event_time, created_at, id);

  CREATE VIRTUAL TABLE timeline_fts USING fts5 (
    text, content = 'timeline_entries', content_rowid = 'rowid', tokenize = 'porter unicode61'
  );
  CREATE TRIGGER timeline_fts_insert AFTER INSERT ON timeline_entries BEGIN
    INSERT INTO timeline_fts (rowid, text) VALUES (new.rowid, new.text);
  END;
  CREATE TRIGGER timeline_fts_update AFTER UPDATE OF text ON timeline_entries BEGIN
    INSERT INTO timeline_fts (timeline_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO timeline_fts (rowid, text) VALUES (new.rowid, new.text);
  END;
  `,
  // 3: timeline paging at 50,000 entries. The live view (created, not deleted) counts and skips
  // OFFSET rows inside a covering index instead of visiting every row; the pinned filter gets
  // its own ordered index so it no longer scans the whole incident.
  `
  CREATE INDEX timeline_live ON timeline_entries (incident_id, created, deleted, event_time, created_at, id);
  CREATE INDEX timeline_pinned ON timeline_entries (incident_id, pinned, created, deleted, event_time, created_at, id);
  `,
  // 4: role board: participants, single-holder role registers, the SME add-wins set (one row
  // per add tag) and per-role checklist ticks.
  `
  CREATE TABLE participants (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL,
    created       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_by_id TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    name          TEXT NOT NULL DEFAULT '',
    handle        TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    peer_id       TEXT
  ) WITHOUT ROWID;
  CREATE INDEX participants_by_incident ON participants (incident_id);

  CREATE TABLE roles (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL,
    created       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_by_id TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    label         TEXT NOT NULL DEFAULT '',
    holder        TEXT,
    since         INTEGER,
    handoff       TEXT NOT NULL DEFAULT 'null'
  ) WITHOUT ROWID;
  CREATE INDEX roles_by_incident ON roles (incident_id);

  CREATE TABLE sme_tags (
    id             TEXT PRIMARY KEY,
    incident_id    TEXT NOT NULL,
    created        INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL DEFAULT '',
    created_by_id  TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL DEFAULT 0,
    participant_id TEXT NOT NULL DEFAULT '',
    domain         TEXT NOT NULL DEFAULT '',
    removed        INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX sme_tags_by_incident ON sme_tags (incident_id);

  CREATE TABLE role_checklist (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL,
    created       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_by_id TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    role          TEXT NOT NULL DEFAULT '',
    item          TEXT NOT NULL DEFAULT '',
    done          INTEGER NOT NULL DEFAULT 0,
    done_by       TEXT,
    done_at       INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX role_checklist_by_incident ON role_checklist (incident_id);
  `,
  // 5: per-incident update-cadence settings (interval override, pause/snooze register).
  `
  CREATE TABLE incident_cadence (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL,
    created       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_by_id TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    override_ms   INTEGER,
    pause         TEXT NOT NULL DEFAULT 'null'
  ) WITHOUT ROWID;
  -- Deadlines read the latest status update and status change of an incident, whatever its size.
  CREATE INDEX timeline_by_kind ON timeline_entries (incident_id, kind, deleted, event_time);
  `,
  // 6: the HLC of the op that created a row, when that op wrote every column: it stands in for
  // the field clocks of the values it wrote (no field_clock rows until a field is overwritten),
  // and a timeline entry's first values are read from that op instead of field_history. Rows
  // written before this migration keep NULL and their explicit clocks and history rows.
  `
  ALTER TABLE incidents ADD COLUMN created_hlc TEXT;
  ALTER TABLE timeline_entries ADD COLUMN created_hlc TEXT;
  ALTER TABLE incident_cadence ADD COLUMN created_hlc TEXT;
  ALTER TABLE participants ADD COLUMN created_hlc TEXT;
  ALTER TABLE roles ADD COLUMN created_hlc TEXT;
  ALTER TABLE sme_tags ADD COLUMN created_hlc TEXT;
  ALTER TABLE role_checklist ADD COLUMN created_hlc TEXT;
  `,
  // 7: the full-text index is filled in bulk (search-index.ts) instead of by a trigger per row.
  // Everything stored so far was indexed by that trigger. An indexed entry whose text changes is
  // still re-indexed in the writing transaction; a waiting one is indexed with its final text.
  `
  DROP TRIGGER timeline_fts_insert;
  DROP TRIGGER timeline_fts_update;
  INSERT INTO meta (key, value) VALUES ('fts_indexed_upto', (SELECT coalesce(max(rowid), 0) FROM timeline_entries));
  CREATE TRIGGER timeline_fts_update AFTER UPDATE OF text ON timeline_entries
  WHEN old.rowid <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto')
  BEGIN
    INSERT INTO timeline_fts (timeline_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO timeline_fts (rowid, text) VALUES (new.rowid, new.text);
  END;
  `,
  // 8: ops are looked up by HLC (a row's creating op; the newest HLC, where a restarted clock
  // resumes, which scanned the whole log at every start), never by incident.
  `
  DROP INDEX ops_by_incident;
  CREATE INDEX ops_by_hlc ON ops (hlc);
  `,
  // 9: one covering index in timeline order serves every view of a timeline (live, with deleted,
  // pinned, by kind): the filters are read from its trailing columns, so counts and pages never
  // visit the table. Four indexes each took a B-tree insert per new entry, the largest cost of a
  // catch-up after the op log itself. The deadline query keeps a small index of only the kinds
  // that move deadlines (CADENCE_ENTRY_KINDS), which notes and findings never touch.
  `
  DROP INDEX timeline_by_time;
  DROP INDEX timeline_live;
  DROP INDEX timeline_pinned;
  DROP INDEX timeline_by_kind;
  CREATE INDEX timeline_order ON timeline_entries (incident_id, created, event_time, created_at, id, deleted, pinned, kind);
  CREATE INDEX timeline_deadline_kinds ON timeline_entries (incident_id, deleted, event_time)
  WHERE kind IN ('status_update', 'status_change', 'role_change');
  `,
  // 10: ops are found by HLC through their origin's seqs (op-lookup.ts): the HLC index of
  // migration 8 cost a sixth of every remote apply and served two rare reads.
  `
  DROP INDEX ops_by_hlc;
  `,
  // 11: which incidents each room shares (see core/store/room-members.ts). Rows are only ever
  // added: an incident shared into a room stays shared. Incidents already here were shared with
  // every room (room '*'), and stay so.
  `
  CREATE TABLE room_incidents (
    room_id     TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    added_at    INTEGER NOT NULL,
    how         TEXT NOT NULL CHECK (how IN ('declared', 'received', 'shared')),
    PRIMARY KEY (room_id, incident_id)
  ) WITHOUT ROWID;
  INSERT INTO room_incidents (room_id, incident_id, added_at, how)
    SELECT DISTINCT '*', incident_id, 0, 'shared' FROM ops;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** Refuse foreign files and databases from a newer Warroom; then bring the schema up to date. */
export function migrate(db: Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number })
    .n;

  if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || tableCount > 0)) {
    throw new StoreOpenError(
      `${file} is an SQLite database of another application (application_id ${appId}); Warroom leaves it untouched. Move it aside or choose another data folder.`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(
      `${file} was written by a newer Warroom (schema ${version}, this build knows ${SCHEMA_VERSION}); upgrade Warroom to open it.`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const sql = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
