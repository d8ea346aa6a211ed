import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/main/core/store/checkpointer';
import { DB_FILE, openDatabase } from '../../src/main/core/store/open';
import { OpStore } from '../../src/main/core/store/op-store';
import { useTmpDirs } from '../helpers/store';

describe('background checkpoints', () => {
  const tmp = useTmpDirs();

  it('copy every committed WAL frame into the database file on a worker while the writer stays open', async () => {
    const source = tmp.open(tmp.dir());
    const incident = source.call('declareIncident', { title: 'Checkpoint', severity: 'SEV2' });
    for (let i = 0; i < 300; i++)
      source.call('addEntry', { incidentId: incident.id, kind: 'note', text: `entry ${i}` });
    const ops = source.missingFor({}, 10_000);

    const dir = tmp.dir();
    const db = openDatabase(dir);
    const store = new OpStore(db);
    try {
      for (let i = 0; i < ops.length; i += 100) store.apply(ops.slice(i, i + 100));
      const result = await store.checkpointNow();
      expect(result).toMatchObject({ ok: true, busy: 0 });
      if (!result.ok) return;
      expect(result.log).toBeGreaterThan(0);
      expect(result.checkpointed).toBe(result.log);

      // The database file alone, without its WAL, now holds every op.
      const copy = path.join(tmp.dir(), DB_FILE);
      fs.copyFileSync(path.join(dir, DB_FILE), copy);
      const alone = new Database(copy, { readonly: true });
      try {
        expect(alone.prepare('SELECT count(*) FROM ops').pluck().get()).toBe(ops.length);
      } finally {
        alone.close();
      }
      // The writer's connection was never disturbed.
      expect(store.opCount()).toBe(ops.length);
    } finally {
      store.close();
      db.close();
    }
  });

  it('falls back to the writing connection, with an error logged, when the worker cannot open the file', async () => {
    const errors: string[] = [];
    let fallbacks = 0;
    const checkpointer = new Checkpointer(
      path.join(tmp.dir(), 'missing.db'),
      () => fallbacks++,
      (message) => errors.push(message),
    );
    const result = await checkpointer.checkpoint();
    expect(result.ok).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/checkpoint worker/);
    checkpointer.request();
    expect(fallbacks).toBe(1);
    checkpointer.close();
    checkpointer.request();
    expect(fallbacks).toBe(1);
  });
});
