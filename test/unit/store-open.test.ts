import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HybridClock, encodeHlc } from '../../src/shared/hlc';
import { canonicalJson } from '../../src/shared/canonical-json';
import { originFor } from '../../src/shared/origin';
import { fieldWrites, type Op } from '../../src/shared/ops';
import { StoreOpenError, SCHEMA_VERSION, APPLICATION_ID, MIGRATIONS } from '../../src/main/core/store/migrations';
import { PROJECTIONS } from '../../src/main/core/store/projections';
import { DB_FILE } from '../../src/main/core/store/open';
import { Warroom } from '../../src/main/core/warroom';
import { silentLogger } from '../../src/main/core/log';
import { SIM_T0, SimPeer, incidentId } from '../helpers/sim';
import { recordingLogger, snapshot, useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-open-');

/** Every file in the folder with its bytes' digest: "untouched" means this does not change. */
function folderDigest(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );
}

function openError(dir: string): StoreOpenError {
  try {
    new Warroom({ dataDir: dir, log: silentLogger }).close();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreOpenError);
    return err as StoreOpenError;
  }
  throw new Error('expected opening to fail');
}

describe('opening the data folder', () => {
  it('refuses a file of random bytes with a clear error and leaves it untouched', () => {
    const dir = tmp.dir();
    const file = path.join(dir, DB_FILE);
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    const before = folderDigest(dir);

    const err = openError(dir);
    expect(err.name).toBe('StoreOpenError');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/is not a readable Warroom database \(SQLITE_NOTADB\); it was left untouched/);
    expect(folderDigest(dir)).toEqual(before);
    // Asking again gives the same answer: nothing was half-initialised.
    expect(openError(dir).message).toBe(err.message);
    expect(folderDigest(dir)).toEqual(before);
  });

  it('refuses a file with an SQLite header but damaged pages, untouched', () => {
    const dir = tmp.dir();
    const good = tmp.dir();
    const w = tmp.open(good);
    for (let i = 0; i < 50; i++) w.call('declareIncident', { title: `Incident ${i}`, severity: 'SEV3' });
    w.close();
    // Checkpointed file, then every page after the first overwritten with noise.
    const bytes = fs.readFileSync(path.join(good, DB_FILE));
    expect(bytes.length).toBeGreaterThan(8192);
    crypto.randomFillSync(bytes, 4096);
    fs.writeFileSync(path.join(dir, DB_FILE), bytes);
    const before = folderDigest(dir);

    const err = openError(dir);
    expect(err.message).toContain(path.join(dir, DB_FILE));
    expect(err.message).toMatch(/damaged|not a readable Warroom database/);
    expect(folderDigest(dir)).toEqual(before);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const dir = tmp.dir();
    const file = path.join(dir, DB_FILE);
    const foreign = new Database(file);
    foreign.exec(
      `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.com');`,
    );
    foreign.close();
    const before = folderDigest(dir);

    const err = openError(dir);
    expect(err.message).toBe(
      `${file} is an SQLite database of another application (application_id 0); Warroom leaves it untouched. Move it aside or choose another data folder.`,
    );
    expect(folderDigest(dir)).toEqual(before);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare(`SELECT email FROM users`).pluck().all()).toEqual(['a@example.com']);
    check.close();
  });

  it('refuses an empty database stamped with another application id', () => {
    const dir = tmp.dir();
    const foreign = new Database(path.join(dir, DB_FILE));
    foreign.pragma('application_id = 1234');
    foreign.close();
    const before = folderDigest(dir);
    expect(openError(dir).message).toMatch(/another application \(application_id 1234\)/);
    expect(folderDigest(dir)).toEqual(before);
  });

  it('refuses a database written by a newer Warroom, untouched', () => {
    const dir = tmp.dir();
    const w = tmp.open(dir);
    w.call('declareIncident', { title: 'From the future', severity: 'SEV2' });
    w.close();
    const file = path.join(dir, DB_FILE);
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE'); // a plain file, so any write by Warroom would show
    raw.close();
    const before = folderDigest(dir);

    const err = openError(dir);
    expect(err.message).toBe(
      `${file} was written by a newer Warroom (schema ${SCHEMA_VERSION + 1}, this build knows ${SCHEMA_VERSION}); upgrade Warroom to open it.`,
    );
    expect(folderDigest(dir)).toEqual(before);
  });

  it('creates a fresh database stamped as Warroom, in WAL mode, at the current schema', () => {
    const dir = tmp.dir();
    tmp.open(dir).close();
    const raw = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('checkpoints the WAL off the write path, shortly after writes', async () => {
    const dir = tmp.dir();
    const w = tmp.open(dir);
    const file = path.join(dir, DB_FILE);
    const before = fs.statSync(file).size;
    for (let i = 0; i < 20; i++) w.call('declareIncident', { title: `Incident ${i}`, severity: 'SEV3' });
    // The commits went to the WAL only; the idle checkpoint then copies them into the file.
    expect(fs.statSync(file).size).toBe(before);
    await expect.poll(() => fs.statSync(file).size, { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
  });

  it('accepts an empty file as a new database', () => {
    const dir = tmp.dir();
    fs.writeFileSync(path.join(dir, DB_FILE), '');
    const w = tmp.open(dir);
    expect(w.call('listIncidents', {})).toEqual([]);
  });

  it('reopening preserves incidents, identity, profile, vector, and continues seq and clock', () => {
    const dir = tmp.dir();
    let now = Date.UTC(2025, 5, 1, 12, 0, 0);
    const first = tmp.open(dir, { now: () => now });
    first.call('setProfile', { displayName: 'Dana' });
    const { id } = first.call('declareIncident', { title: 'Checkout 500s', severity: 'SEV2' });
    first.call('changeStatus', { id, status: 'identified' });
    const before = snapshot(first);
    const peerId = first.peerId;
    const origin = originFor(peerId, id);
    const seq = first.versionVector()[origin]!;
    const lastOp = first.missingFor({}, 10_000).at(-1)!;
    first.close();

    // The machine's clock went back an hour across the restart.
    now -= 60 * 60_000;
    const second = tmp.open(dir, { now: () => now });
    expect(second.peerId).toBe(peerId);
    expect(second.profile()).toMatchObject({ peerId, displayName: 'Dana' });
    expect(snapshot(second)).toEqual(before);

    second.call('changeSeverity', { id, severity: 'SEV1' });
    const ops = second.missingFor({ [origin]: seq }, 10_000);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops[0]!.seq).toBe(seq + 1);
    for (const op of ops) expect(op.hlc > lastOp.hlc).toBe(true);
    expect(second.call('getIncident', { id }).severity).toBe('SEV1');
  });
});

describe('malformed ops from peers', () => {
  it('rejects and logs bad ops while the good ones in the same batch land', () => {
    const dir = tmp.dir();
    const log = recordingLogger();
    const w = tmp.open(dir, { log, now: () => SIM_T0 + 60_000 });
    const alice = new SimPeer('alice', () => SIM_T0);
    const declare = alice.declare(incidentId(1), 'Checkout 500s');
    const raise = alice.set(incidentId(1), { severity: 'SEV1' });
    const note = alice.set(incidentId(1), { summary: 'card payments failing' });

    const future = new HybridClock('mallory', () => SIM_T0 + 3 * 60 * 60_000);
    const bad: unknown[] = [
      null,
      'op',
      42,
      [],
      {},
      { ...raise, seq: 0 },
      { ...raise, seq: 1.5 },
      { ...raise, hlc: 'yesterday' },
      { ...raise, origin: 'mallory' }, // hlc does not carry the origin
      { ...raise, incidentId: 'bad id!' },
      { ...raise, extra: true },
      { ...raise, author: { peerId: 'alice', name: '' } },
      { ...raise, body: { type: 'incident.drop', fields: {} } },
      { ...raise, body: { type: 'incident.set', fields: {}, base: {} } },
      { ...raise, body: { type: 'incident.set', fields: { severity: 'SEV9' }, base: {} } },
      { ...raise, body: { type: 'incident.set', fields: { owner: 'x' }, base: {} } },
      { ...raise, body: { type: 'incident.set', fields: { mitigatedAt: Number.NaN }, base: {} } },
      { ...raise, body: { type: 'incident.set', fields: { title: 'x'.repeat(100_000) }, base: {} } },
      {
        ...declare,
        body: { ...declare.body, fields: { ...(declare.body as { fields: object }).fields, severity: undefined } },
      },
      // Well-formed, but from a clock three hours ahead: beyond the drift bound.
      { ...raise, origin: 'mallory', seq: 1, hlc: future.now() },
    ];
    const batch = [declare, ...bad.slice(0, 10), raise, ...bad.slice(10), note];

    const result = w.applyRemote(batch, 'test-peer');
    expect(result.rejected).toBe(bad.length);
    expect(result.applied).toBe(3);
    expect(w.versionVector()).toEqual({ alice: 3 });
    expect(w.call('getIncident', { id: incidentId(1) })).toMatchObject({
      severity: 'SEV1',
      summary: 'card payments failing',
    });

    const warnings = log.records.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(bad.length);
    expect(warnings.filter((r) => r.msg === 'rejected malformed op')).toHaveLength(bad.length - 1);
    expect(warnings.filter((r) => r.msg === 'rejected op beyond clock drift bound')).toHaveLength(1);
    for (const r of warnings) expect(r.fields).toMatchObject({ from: 'test-peer', error: expect.any(String) });
    expect(warnings.find((r) => /drift/.test(r.msg))!.fields!.error).toMatch(
      /Clock drift of 10[0-9]{3} s exceeds the 3600 s bound/,
    );
  });

  it('keeps the local clock unaffected by refused ops', () => {
    const now = SIM_T0;
    const w = tmp.open(tmp.dir(), { now: () => now });
    const far = encodeHlc({ wall: now + 2 * 60 * 60_000, counter: 0, peer: 'mallory' });
    const op: Op = {
      origin: 'mallory',
      seq: 1,
      hlc: far,
      incidentId: incidentId(1),
      author: { peerId: 'mallory', name: 'M' },
      body: { type: 'incident.set', fields: { severity: 'SEV1' }, base: {} },
    };
    expect(w.applyRemote([op])).toMatchObject({ applied: 0, rejected: 1 });
    w.call('declareIncident', { title: 'x', severity: 'SEV4' });
    const [mine] = w.missingFor({}, 10);
    expect(mine!.hlc < far).toBe(true);
    expect(mine!.hlc.startsWith(String(now).padStart(15, '0'))).toBe(true);
  });
});

describe('a database from before migrations 6-8 (schema 5)', () => {
  /**
   * Store ops the way schema-5 Warroom did: a clock row for every field, every write of a history
   * field (first values included) in field_history, and the full-text index kept by its trigger.
   */
  function legacyDatabase(dir: string, ops: readonly Op[]): void {
    const db = new Database(path.join(dir, DB_FILE));
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (const sql of MIGRATIONS.slice(0, 5)) db.exec(sql);
    db.pragma('user_version = 5');
    const insert = (table: string, row: Record<string, unknown>): void => {
      const columns = Object.keys(row);
      db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
        ...Object.values(row),
      );
    };
    for (const op of ops) {
      insert('ops', {
        origin: op.origin,
        seq: op.seq,
        hlc: op.hlc,
        incident_id: op.incidentId,
        type: op.body.type,
        body: canonicalJson(op.body),
        author_id: op.author.peerId,
        author_name: op.author.name,
      });
      const writes = fieldWrites(op);
      const { table, columns, json, history } = PROJECTIONS[writes[0]!.entity];
      const values = Object.fromEntries(
        writes.map((w) => [
          columns[w.field]!,
          json.has(w.field) ? canonicalJson(w.value) : typeof w.value === 'boolean' ? Number(w.value) : w.value,
        ]),
      );
      const wall = Number(op.hlc.slice(0, 15));
      insert(table, {
        id: writes[0]!.entityId,
        incident_id: op.incidentId,
        created: 1,
        created_at: wall,
        created_by: op.author.name,
        created_by_id: op.author.peerId,
        updated_at: wall,
        ...values,
      });
      for (const w of writes) {
        insert('field_clock', { entity: w.entity, entity_id: w.entityId, field: w.field, hlc: op.hlc, base: null });
        if (history.has(w.field)) {
          insert('field_history', {
            entity: w.entity,
            entity_id: w.entityId,
            field: w.field,
            hlc: op.hlc,
            base: null,
            value: canonicalJson(w.value),
            author_name: op.author.name,
          });
        }
      }
    }
    insert('version_vector', { origin: ops[0]!.origin, seq: ops.length });
    db.close();
  }

  it('opens, reads history, revisions and search as before, and edits its entries', () => {
    const alice = new SimPeer('alice', () => SIM_T0);
    const id = incidentId(9);
    const entryId = 'entry-legacy-0001';
    const ops = [
      alice.declare(id, 'Checkout 500s'),
      alice.addEntry(id, entryId, {
        kind: 'finding',
        text: 'database failover started',
        eventTime: SIM_T0,
        tags: ['db'],
        pinned: false,
        deleted: false,
        data: null,
      }),
    ];
    const dir = tmp.dir();
    legacyDatabase(dir, ops);

    const w = tmp.open(dir, { now: () => SIM_T0 + 60_000 });
    expect(w.call('getIncident', { id })).toMatchObject({ title: 'Checkout 500s', conflicts: [] });
    const history = w.call('getEntryHistory', { incidentId: id, entryId });
    expect(history.map((h) => h.field).toSorted()).toEqual(['deleted', 'eventTime', 'kind', 'pinned', 'tags', 'text']);
    expect(w.call('getTimeline', { incidentId: id }).entries[0]).toMatchObject({ id: entryId, revisions: 0 });
    const ids = (query: string): string[] =>
      w.call('searchTimeline', { incidentId: id, query }).hits.map((h) => h.entry.id);
    expect(ids('failover')).toEqual([entryId]);

    // An edit re-indexes the entry (indexed by the old trigger) and counts as one revision.
    w.call('editEntry', { incidentId: id, entryId, text: 'replica promoted' });
    expect(ids('failover')).toEqual([]);
    expect(ids('replica')).toEqual([entryId]);
    expect(w.call('getTimeline', { incidentId: id }).entries[0]).toMatchObject({ revisions: 1 });
    const texts = w
      .call('getEntryHistory', { incidentId: id, entryId })
      .filter((h) => h.field === 'text')
      .map((h) => [h.value, h.current]);
    expect(texts).toEqual([
      ['database failover started', false],
      ['replica promoted', true],
    ]);
    // New entries take the new representation next to the old ones, and are found too.
    w.call('addEntry', { incidentId: id, kind: 'note', text: 'failover drill scheduled' });
    expect(ids('failover')).toHaveLength(1);
  });
});
