import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/shared/hlc';
import { OpLookup } from '../../src/main/core/store/op-lookup';
import { openDatabase } from '../../src/main/core/store/open';
import { useTmpDirs } from '../helpers/store';

describe('finding ops by HLC without an HLC index', () => {
  const tmp = useTmpDirs();

  /** A log of raw ops: per origin, the seqs stored (gaps allowed) and the wall time of each. */
  function logOf(origins: { origin: string; ops: { seq: number; wall: number }[] }[]) {
    const db = openDatabase(tmp.dir());
    const insert = db.prepare(
      `INSERT INTO ops (origin, seq, hlc, incident_id, type, body, author_id, author_name)
       VALUES (?, ?, ?, 'incident-1', 'timeline.add', ?, ?, 'Someone')`,
    );
    const all: { origin: string; seq: number; hlc: string }[] = [];
    for (const { origin, ops } of origins) {
      for (const { seq, wall } of ops) {
        const hlc = encodeHlc({ wall, counter: seq % 7, peer: origin });
        insert.run(origin, seq, hlc, `{"seq":${seq}}`, origin);
        all.push({ origin, seq, hlc });
      }
    }
    return { db, all };
  }

  it('finds every stored op and the greatest HLC, with gaps in the seqs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
        (seqsPerOrigin, t0) => {
          // Each origin's HLCs grow with its seqs, as its clock makes them.
          const { db, all } = logOf(
            seqsPerOrigin.map((seqs, o) => ({
              origin: `peer-${o}`,
              ops: [...seqs].sort((a, b) => a - b).map((seq) => ({ seq, wall: t0 + seq * 13 + o })),
            })),
          );
          try {
            const lookup = new OpLookup(db);
            for (const op of all) expect(lookup.byHlc(op.hlc)).toMatchObject({ origin: op.origin, seq: op.seq });
            expect(lookup.maxHlc()).toBe(db.prepare('SELECT max(hlc) FROM ops').pluck().get());
            const missing = encodeHlc({ wall: t0 + 5, counter: 0, peer: 'peer-0' });
            if (!all.some((op) => op.hlc === missing)) expect(lookup.byHlc(missing)).toBeUndefined();
            expect(lookup.byHlc(encodeHlc({ wall: t0, counter: 0, peer: 'nobody' }))).toBeUndefined();
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('still finds an op when an origin stamped HLCs out of seq order', () => {
    const t0 = 1_795_000_000_000;
    const walls = [50, 10, 40, 20, 30, 90, 60, 70, 80, 0];
    const { db, all } = logOf([{ origin: 'peer-x', ops: walls.map((w, i) => ({ seq: i + 1, wall: t0 + w })) }]);
    try {
      const lookup = new OpLookup(db);
      for (const op of all) expect(lookup.byHlc(op.hlc)).toMatchObject({ seq: op.seq, body: `{"seq":${op.seq}}` });
    } finally {
      db.close();
    }
  });

  it('has no greatest HLC in an empty log', () => {
    const { db } = logOf([]);
    try {
      expect(new OpLookup(db).maxHlc()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
