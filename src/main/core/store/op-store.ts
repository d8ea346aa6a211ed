/**
 * The op log and its projections. Appending an op, applying its field writes (last writer wins
 * per field) and advancing the version vector happen in ONE transaction, and applying an op that
 * is already stored is a no-op, so any delivery order or duplication yields the same state.
 */
import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../shared/canonical-json';
import { hlcWall } from '../../../shared/hlc';
import { fieldWrites, type Entity, type FieldWrite, type Op, type OpBody } from '../../../shared/ops';
import { OP_COLUMNS, OpLookup, type OpRow } from './op-lookup';
import { OriginDigests, type OriginDigest } from './origin-digest';
import { PROJECTIONS, type EntityProjection } from './projections';
import { SearchIndex } from './search-index';

export type VersionVector = Record<string, number>;

/** An op as stored: its body is the canonical text every peer stores for it (never re-parsed). */
export type StoredOp = Omit<Op, 'body'> & { readonly bodyText: string };
/** Which origins a reader wants (a room's share of the log). */
export type OriginFilter = (origin: string) => boolean;

export interface ApplyResult {
  /** Ops newly stored (duplicates excluded). */
  readonly applied: number;
  /** Those ops, in application order: what to announce and forward. */
  readonly ops: readonly Op[];
  /** Incidents whose projection changed. */
  readonly incidents: ReadonlySet<string>;
}

export class OpStore {
  private readonly insertOp: Statement;
  private readonly getClock: Statement;
  private readonly putClock: Statement;
  private readonly rowStatements = new Map<string, RowStatements>();
  private readonly nextStored: Statement;
  private readonly storedBeyond: Statement;
  private readonly missingOfOrigin: Statement;
  /**
   * Origins known to have nothing stored past their contiguous prefix: an op that extends the
   * prefix cannot close a gap, so the common in-order stream skips a lookup per op.
   */
  private readonly gapFree = new Set<string>();
  private readonly putVector: Statement;
  private readonly columnUpdates = new Map<string, Statement>();
  private readonly rowInserts = new Map<string, Statement>();
  private readonly manyInserts = new Map<string, Statement>();
  private readonly vector = new Map<string, number>();
  /**
   * The vector's entries before the running transaction changed them, to restore on a rollback
   * (a copy of the whole vector per commit cost a fifth of a local write: one origin per incident).
   */
  private readonly vectorUndo = new Map<string, number | undefined>();
  private readonly digests: OriginDigests;
  private readonly searchIndex: SearchIndex;
  private readonly applyBatch: (ops: readonly Op[]) => AppliedBatch;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  /** When the oldest write not yet followed by maintenance committed (Date.now()). */
  private unmaintainedSince: number | undefined;
  /** Ops stored since the last maintenance. */
  private unmaintainedOps = 0;
  private readonly lookup: OpLookup;

  constructor(private readonly db: Database) {
    this.insertOp = db.prepare(
      `INSERT OR IGNORE INTO ops (origin, seq, hlc, incident_id, type, body, author_id, author_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getClock = db.prepare(`SELECT hlc FROM field_clock WHERE entity = ? AND entity_id = ? AND field = ?`).pluck();
    this.putClock = db.prepare(
      `INSERT INTO field_clock (entity, entity_id, field, hlc, base) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, base = excluded.base`,
    );
    this.nextStored = db.prepare(`SELECT 1 FROM ops WHERE origin = ? AND seq = ?`).pluck();
    this.storedBeyond = db.prepare(`SELECT 1 FROM ops WHERE origin = ? AND seq > ? LIMIT 1`).pluck();
    this.missingOfOrigin = db.prepare(
      `SELECT ${OP_COLUMNS} FROM ops WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.putVector = db.prepare(
      `INSERT INTO version_vector (origin, seq) VALUES (?, ?) ON CONFLICT (origin) DO UPDATE SET seq = excluded.seq`,
    );
    for (const row of db.prepare(`SELECT origin, seq FROM version_vector`).all() as { origin: string; seq: number }[]) {
      this.vector.set(row.origin, row.seq);
    }
    this.digests = new OriginDigests(db);
    this.lookup = new OpLookup(db);
    this.searchIndex = new SearchIndex(db);
    this.applyBatch = db.transaction((ops: readonly Op[]) => this.applyAll(ops));
  }

  /** Store and project ops in one transaction. Ops must already be schema-validated. */
  apply(ops: readonly Op[]): ApplyResult {
    this.vectorUndo.clear();
    try {
      const { result, bodies } = this.applyBatch(ops);
      this.digests.add(result.ops, bodies);
      if (result.applied > 0) this.scheduleMaintenance(result.applied);
      return result;
    } catch (err) {
      // The transaction rolled back: so must the in-memory copy of the vector.
      for (const [origin, seq] of this.vectorUndo) {
        if (seq === undefined) this.vector.delete(origin);
        else this.vector.set(origin, seq);
      }
      this.gapFree.clear();
      throw err;
    } finally {
      this.vectorUndo.clear();
    }
  }

  /**
   * Off the write path, once writes pause (or every MAINTENANCE_MAX_WAIT_MS while they go on):
   * index the new timeline entries in bulk (see search-index.ts), then copy the WAL into the
   * database (see open.ts). A PASSIVE checkpoint never waits for readers and is harmless if the
   * process dies during it. Waiting for a pause matters in a catch-up: run every second in the
   * middle of one, this work re-copied the same index pages and cost it an eighth of its time.
   */
  private scheduleMaintenance(ops: number): void {
    const now = Date.now();
    this.unmaintainedSince ??= now;
    this.unmaintainedOps += ops;
    clearTimeout(this.maintenanceTimer);
    const maxWait = this.unmaintainedOps > BULK_OPS ? BULK_MAX_WAIT_MS : MAINTENANCE_MAX_WAIT_MS;
    const due = Math.min(now + MAINTENANCE_IDLE_MS, this.unmaintainedSince + maxWait);
    this.maintenanceTimer = setTimeout(() => this.maintain(), Math.max(0, due - now));
    this.maintenanceTimer.unref();
  }

  private maintain(): void {
    this.maintenanceTimer = undefined;
    this.unmaintainedSince = undefined;
    this.unmaintainedOps = 0;
    if (!this.db.open) return;
    try {
      this.searchIndex.catchUp();
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next write schedules another, a search catches the index up itself,
      // and autocheckpoint bounds the WAL meanwhile.
    }
  }

  catchUpSearchIndex(): number {
    return this.searchIndex.catchUp();
  }

  /** origin -> highest contiguous seq stored. */
  versionVector(): VersionVector {
    return Object.fromEntries(this.vector);
  }

  /** The highest contiguous seq stored of one origin. */
  seqOf(origin: string): number | undefined {
    return this.vector.get(origin);
  }

  /** The next seq for a local op of `origin`. Own ops are always contiguous. */
  nextSeq(origin: string): number {
    return (this.vector.get(origin) ?? 0) + 1;
  }

  /** The greatest HLC in the log, so a restarted clock never goes backwards. */
  maxHlc(): string | undefined {
    return this.lookup.maxHlc();
  }

  /** Ops the holder of `remote` lacks, in (origin, seq) order, at most `limit`. */
  missingFor(remote: VersionVector, limit: number): Op[] {
    return this.scanMissing(remote, limit, undefined).map((row) => ({
      ...opHeader(row),
      body: JSON.parse(row.body) as OpBody,
    }));
  }

  /**
   * The same ops with each body as the text stored for it, unparsed (a sender only passes the
   * body on, and parsing it to re-serialize it was most of what a catch-up host allocated); only
   * of the origins `shares` accepts (a room's incidents), when given.
   */
  missingStored(remote: VersionVector, limit: number, shares?: OriginFilter): StoredOp[] {
    return this.scanMissing(remote, limit, shares).map((row) => ({ ...opHeader(row), bodyText: row.body }));
  }

  private scanMissing(remote: VersionVector, limit: number, shares: OriginFilter | undefined): OpRow[] {
    const out: OpRow[] = [];
    for (const origin of [...this.vector.keys()].sort()) {
      if (out.length >= limit) break;
      if (shares && !shares(origin)) continue;
      for (const row of this.missingOfOrigin.all(origin, remote[origin] ?? 0, limit - out.length) as OpRow[]) {
        out.push(row);
      }
    }
    return out;
  }

  /** Per origin: ops stored, highest seq and an order-independent hash (sync cross-check). */
  digest(): Record<string, OriginDigest> {
    return this.digests.snapshot();
  }

  opCount(): number {
    return this.db.prepare(`SELECT count(*) FROM ops`).pluck().get() as number;
  }

  private applyAll(ops: readonly Op[]): AppliedBatch {
    const incidents = new Set<string>();
    const touchedOrigins = new Set<string>();
    const fresh: Op[] = [];
    const bodies: string[] = [];
    const pending: PendingWrites = { rows: new Map(), history: [] };
    for (const op of ops) {
      // Canonical text: every peer stores (and digests) the same bytes for the same op.
      const body = canonicalJson(op.body);
      const stored = this.insertOp.run(
        op.origin,
        op.seq,
        op.hlc,
        op.incidentId,
        op.body.type,
        body,
        op.author.peerId,
        op.author.name,
      );
      if (stored.changes === 0) continue;
      fresh.push(op);
      bodies.push(body);
      collect(op, pending);
      incidents.add(op.incidentId);
      if (this.advance(op.origin, op.seq)) touchedOrigins.add(op.origin);
    }
    this.flush(pending);
    for (const origin of touchedOrigins) this.putVector.run(origin, this.vector.get(origin));
    return { result: { applied: fresh.length, ops: fresh, incidents }, bodies };
  }

  /**
   * Land a batch's field writes. Last-writer-wins is a max over HLCs, so only each field's batch
   * winner needs comparing with the stored clock; the result equals applying ops one by one, at a
   * fraction of the statements (a catch-up batch rewrites the same fields many times).
   */
  private flush(pending: PendingWrites): void {
    for (const row of pending.rows.values()) {
      const { table } = row.projection;
      const winners = [...row.fields.values()];
      const stmts = this.rows(table);
      // A batch with the row's creating op nearly always brings a new row (a catch-up is mostly
      // new timeline entries): try the insert first. Otherwise `touch` comes first, as it must run
      // anyway on an existing row, and tells whether there is one.
      if (row.create && this.insertNew(row, winners)) continue;
      const existing = stmts.touch.get(row.maxWall, row.id) as { created_hlc: string | null } | undefined;
      if (!existing) {
        this.insertNew(row, winners);
        continue;
      }
      for (const w of winners) {
        const current = (this.getClock.get(row.entity, row.id, w.field) as string | undefined) ?? existing.created_hlc;
        if (current !== null && current >= w.hlc) continue;
        this.putClock.run(row.entity, row.id, w.field, w.hlc, w.base);
        this.updateColumn(table, w.column).run(w.value, row.id);
      }
      // After the winners: until now a field without a clock row had no clock at all. Every field
      // has one now, so created_hlc only records the creating op (the first one, if there were two).
      if (row.create) {
        const c = row.create;
        stmts.create.run(c.wall, c.name, c.peerId, c.full ? c.hlc : null, row.id);
      }
    }
    for (let i = 0; i < pending.history.length; i += MAX_ROWS_PER_INSERT) {
      const chunk = pending.history.slice(i, i + MAX_ROWS_PER_INSERT);
      this.insertMany('history', chunk.length).run(...chunk.flat());
    }
  }

  /**
   * Insert a row that does not exist yet, with its winners; false (nothing written) if it exists.
   * A row is created by the first write to it, and rows are never deleted: a row that does not
   * exist yet has no clocks, so all winners land at once. The creating op's values need no clock
   * rows when it wrote every column: created_hlc is their clock.
   */
  private insertNew(row: PendingRow, winners: readonly PendingField[]): boolean {
    const createdHlc = row.create?.full ? row.create.hlc : null;
    const inserted = this.insertRow(row.projection.table, winners).run(
      row.id,
      row.incidentId,
      row.create ? 1 : 0,
      row.create?.wall ?? 0,
      row.create?.name ?? '',
      row.create?.peerId ?? '',
      row.maxWall,
      createdHlc,
      ...winners.map((w) => w.value),
    );
    if (inserted.changes === 0) return false;
    const clocked = winners.filter((w) => w.hlc !== createdHlc);
    if (clocked.length > 0) {
      this.insertMany('clock', clocked.length).run(
        ...clocked.flatMap((w) => [row.entity, row.id, w.field, w.hlc, w.base]),
      );
    }
    return true;
  }

  /** `INSERT OR IGNORE INTO table (id, ..., columns)`, cached per column set. */
  private insertRow(table: string, winners: readonly PendingField[]): Statement {
    const columns = winners.map((w) => w.column);
    const key = `${table}(${columns.join(',')})`;
    let stmt = this.rowInserts.get(key);
    if (!stmt) {
      const all = [
        'id',
        'incident_id',
        'created',
        'created_at',
        'created_by',
        'created_by_id',
        'updated_at',
        'created_hlc',
        ...columns,
      ];
      stmt = this.db.prepare(
        `INSERT OR IGNORE INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`,
      );
      this.rowInserts.set(key, stmt);
    }
    return stmt;
  }

  /** Multi-row inserts into field_clock (new rows only) or field_history, cached per row count. */
  private insertMany(kind: 'clock' | 'history', count: number): Statement {
    const key = `${kind}/${count}`;
    let stmt = this.manyInserts.get(key);
    if (!stmt) {
      const sql =
        kind === 'clock'
          ? `INSERT INTO field_clock (entity, entity_id, field, hlc, base) VALUES `
          : `INSERT OR IGNORE INTO field_history (entity, entity_id, field, hlc, base, value, author_name) VALUES `;
      const tuple = kind === 'clock' ? '(?, ?, ?, ?, ?)' : '(?, ?, ?, ?, ?, ?, ?)';
      stmt = this.db.prepare(sql + Array.from({ length: count }, () => tuple).join(', '));
      this.manyInserts.set(key, stmt);
    }
    return stmt;
  }

  private rows(table: string): RowStatements {
    let rows = this.rowStatements.get(table);
    if (!rows) {
      rows = {
        create: this.db.prepare(
          `UPDATE ${table} SET created = 1, created_at = ?, created_by = ?, created_by_id = ?,
             created_hlc = coalesce(created_hlc, ?) WHERE id = ?`,
        ),
        touch: this.db.prepare(
          `UPDATE ${table} SET updated_at = max(updated_at, ?) WHERE id = ? RETURNING created_hlc`,
        ),
      };
      this.rowStatements.set(table, rows);
    }
    return rows;
  }

  private updateColumn(table: string, column: string): Statement {
    const key = `${table}.${column}`;
    let stmt = this.columnUpdates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
      this.columnUpdates.set(key, stmt);
    }
    return stmt;
  }

  /** Advance the contiguous prefix of `origin` past `seq` (and any gap it closes). */
  private advance(origin: string, seq: number): boolean {
    let top = this.vector.get(origin) ?? 0;
    if (seq !== top + 1) {
      this.gapFree.delete(origin);
      return false;
    }
    top = seq;
    if (!this.gapFree.has(origin)) {
      while (this.nextStored.get(origin, top + 1) !== undefined) top++;
      if (this.storedBeyond.get(origin, top) === undefined) this.gapFree.add(origin);
    }
    if (!this.vectorUndo.has(origin)) this.vectorUndo.set(origin, this.vector.get(origin));
    this.vector.set(origin, top);
    return true;
  }
}

/** What a commit stored, with the stored text of each op's body (for the digests). */
interface AppliedBatch {
  readonly result: ApplyResult;
  readonly bodies: readonly string[];
}

interface RowStatements {
  readonly create: Statement;
  readonly touch: Statement;
}

/**
 * Maintenance runs once writes have paused this long, and at least this often while they go on.
 * Live writes never pause in a busy room, and a checkpoint's time grows with the WAL it copies:
 * every 5 s, a room of 20 consoles writing 100 ops/s left ~3,500 frames, whose checkpoint held
 * each replica for 15-40 ms (the live bench's p99 of 27-34 ms came from those stalls); every
 * second, p99 was 18-20 ms.
 */
const MAINTENANCE_IDLE_MS = 250;
const MAINTENANCE_MAX_WAIT_MS = 1_000;
/**
 * ...unless the ops since the last maintenance are a bulk (a catch-up streams ~30k ops/s): then
 * at least every BULK_MAX_WAIT_MS, as each maintenance mid catch-up re-copies the same index
 * pages (every second, a 100k catch-up took ~8% longer). Still far below the WAL's
 * autocheckpoint bound (open.ts).
 */
const BULK_OPS = 2_000;
const BULK_MAX_WAIT_MS = 5_000;

/** SQLite caps bound parameters per statement; history rows have 7. */
const MAX_ROWS_PER_INSERT = 64;

interface PendingField {
  readonly field: string;
  readonly column: string;
  readonly hlc: string;
  readonly base: string | null;
  readonly value: unknown;
}

interface PendingRow {
  readonly entity: Entity;
  readonly projection: EntityProjection;
  readonly id: string;
  /** The incident of the first op that touched the row, as a one-by-one apply would keep. */
  readonly incidentId: string;
  maxWall: number;
  /** The last create write in application order, as a one-by-one apply would keep. */
  create: RowCreate | undefined;
  /** field -> the write with the greatest HLC in this batch */
  readonly fields: Map<string, PendingField>;
}

interface RowCreate {
  readonly wall: number;
  readonly name: string;
  readonly peerId: string;
  readonly hlc: string;
  /** The creating op wrote every column of the row: its HLC can stand in for their clocks. */
  readonly full: boolean;
}

interface PendingWrites {
  readonly rows: Map<string, PendingRow>;
  /** field_history tuples, in application order */
  readonly history: unknown[][];
}

/** Fold an op's field writes into the batch: per row, per field, keep the greatest HLC. */
function collect(op: Op, pending: PendingWrites): void {
  const wall = hlcWall(op.hlc);
  const writes = fieldWrites(op);
  // An op's writes come row by row (usually all to one row): the row is looked up, and its
  // creating writes counted, once per run of writes to it, not per write.
  let row: PendingRow | undefined;
  let created = 0;
  for (const w of writes) {
    const projection = PROJECTIONS[w.entity];
    const column = projection.columns[w.field];
    if (column === undefined) continue; // schema-validated ops never get here; stay safe anyway
    if (row === undefined || row.id !== w.entityId || row.entity !== w.entity) {
      row = pendingRow(pending, op, w, projection, wall);
      created = createdFields(writes, w);
    }
    const full = w.create === true && created === COLUMN_COUNTS.get(projection);
    if (w.create && row.create?.hlc !== op.hlc) {
      row.create = { wall, name: op.author.name, peerId: op.author.peerId, hlc: op.hlc, full };
    }
    if (projection.history.has(w.field) && !(full && !projection.historyOfCreate)) {
      pending.history.push([w.entity, w.entityId, w.field, op.hlc, w.base, canonicalJson(w.value), op.author.name]);
    }
    const current = row.fields.get(w.field);
    if (current === undefined || op.hlc > current.hlc) {
      row.fields.set(w.field, {
        field: w.field,
        column,
        hlc: op.hlc,
        base: w.base,
        value: toColumnValue(w.value, projection.json.has(w.field)),
      });
    }
  }
}

/** The batch's pending row for a write, created on first sight, its newest wall time updated. */
function pendingRow(
  pending: PendingWrites,
  op: Op,
  w: FieldWrite,
  projection: EntityProjection,
  wall: number,
): PendingRow {
  const rowKey = `${w.entity}\u0000${w.entityId}`;
  let row = pending.rows.get(rowKey);
  if (!row) {
    row = {
      entity: w.entity,
      projection,
      id: w.entityId,
      incidentId: op.incidentId,
      maxWall: wall,
      create: undefined,
      fields: new Map(),
    };
    pending.rows.set(rowKey, row);
  } else if (wall > row.maxWall) row.maxWall = wall;
  return row;
}

/**
 * How many fields the op's creating writes set on the row of `w`. An op writes a field of a row
 * at most once (its fields are the keys of one object), so counting writes counts fields.
 */
function createdFields(writes: readonly FieldWrite[], w: FieldWrite): number {
  let n = 0;
  for (const x of writes) if (x.create && x.entityId === w.entityId && x.entity === w.entity) n++;
  return n;
}

/** How many fields each projection maps: an op setting all of them writes every column. */
const COLUMN_COUNTS: ReadonlyMap<EntityProjection, number> = new Map(
  Object.values(PROJECTIONS).map((p) => [p, Object.keys(p.columns).length]),
);

/** SQLite binds no booleans or objects: booleans become 0/1, structured values JSON text. */
function toColumnValue(value: unknown, json: boolean): unknown {
  // Canonical: nested objects arrive from peers with keys in schema order, not the author's.
  if (json) return canonicalJson(value);
  return typeof value === 'boolean' ? Number(value) : value;
}

function opHeader(row: OpRow): Omit<Op, 'body'> {
  return {
    origin: row.origin,
    seq: row.seq,
    hlc: row.hlc,
    incidentId: row.incident_id,
    author: { peerId: row.author_id, name: row.author_name },
  };
}
