/**
 * The timeline's full-text index (FTS5), kept up to date in bulk rather than inside every write.
 *
 * Indexing a few entries per transaction made FTS5 write a new segment per commit and merge them
 * again and again: a third of a catch-up's time and a quarter of a local write's. Instead every
 * entry whose rowid is above a watermark waits, unindexed, until `catchUp` indexes them all in one
 * statement: before any search (so results are always complete) and once writes pause.
 * Entries are never deleted and new rows take rowids above every existing one, so "above the
 * watermark" is exactly "not indexed yet". The watermark moves in the same transaction as the
 * index, so a crash loses nothing; a text edit of an indexed entry re-indexes it at once (trigger
 * in migration 7), an edit of a waiting entry needs nothing.
 */
import type { Database, Statement } from 'better-sqlite3';

export const FTS_WATERMARK_KEY = 'fts_indexed_upto';

export class SearchIndex {
  private readonly readWatermark: Statement;
  private readonly newest: Statement;
  private readonly catchUpTx: () => number;

  constructor(db: Database) {
    this.readWatermark = db
      .prepare(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${FTS_WATERMARK_KEY}'`)
      .pluck();
    this.newest = db.prepare(`SELECT max(rowid) FROM timeline_entries`).pluck();
    const index = db.prepare(
      `INSERT INTO timeline_fts (rowid, text) SELECT rowid, text FROM timeline_entries WHERE rowid > ? AND rowid <= ?`,
    );
    const move = db.prepare(`UPDATE meta SET value = ? WHERE key = '${FTS_WATERMARK_KEY}'`);
    this.catchUpTx = db.transaction((): number => {
      const from = this.watermark();
      const to = (this.newest.get() as number | null) ?? 0;
      if (to <= from) return 0;
      const indexed = index.run(from, to).changes;
      move.run(String(to));
      return indexed;
    });
  }

  /** Index every entry not indexed yet; returns how many. Cheap when there are none. */
  catchUp(): number {
    if (((this.newest.get() as number | null) ?? 0) <= this.watermark()) return 0;
    return this.catchUpTx();
  }

  /** Entries with a rowid above this are not in the index yet. */
  watermark(): number {
    return (this.readWatermark.get() as number | undefined) ?? 0;
  }
}
