/** Opening the database file: pragmas, integrity and migrations, with clear errors for bad files. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, StoreOpenError } from './migrations';

export const DB_FILE = 'warroom.db';
/**
 * ~100 MB of WAL between checkpoints forced onto a commit: more than a 100k-op catch-up writes.
 * A checkpoint inside the catch-up's commits (fsync included) cost a tenth of it; the store's
 * own checkpoint runs once writes pause (OpStore), so this threshold only bounds long bursts.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 25_000;

export function openDatabase(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // SQLite reads a file lazily: this first read is where "file is not a database" surfaces.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new StoreOpenError(
        `${file} is damaged (integrity check: ${String(check)}); restore it from a peer or a backup.`,
      );
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Before switching to WAL, which rewrites the file header: a foreign database or one from a
    // newer Warroom must be refused with its bytes untouched.
    migrate(db, file);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (kill -9); only power loss may lose the last commits.
    db.pragma('synchronous = NORMAL');
    // Checkpoints copy the WAL into the database inside whichever commit crosses the threshold:
    // at SQLite's default (1,000 pages, ~40 local writes) that was every p99 write. The store
    // checkpoints when idle instead (OpStore), so this threshold only bounds bursts.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    // Up to 64 MB of page cache and reads through a memory map: a catch-up batch or a busy
    // incident revisits the same B-tree pages, which SQLite's default 2 MB cache kept evicting.
    db.pragma(`cache_size = -${64 * 1024}`);
    db.pragma(`mmap_size = ${256 * 1024 * 1024}`);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StoreOpenError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreOpenError(
        `${file} is not a readable Warroom database (${code}); it was left untouched. Move it aside to start fresh, or restore it from a peer.`,
      );
    }
    throw new StoreOpenError(`Cannot open ${file}: ${(err as Error).message}`);
  }
}
