/**
 * Checkpoints (copying the WAL back into the database file, then syncing it) run on a worker
 * thread with its own connection, off the thread that writes and serves. The store asks for one
 * once writes pause (OpStore maintenance). SQLite's own checkpoint, inside whichever commit
 * crossed its threshold, stalled that commit, fsync included: a tenth of a 100k-op catch-up;
 * after a catch-up, a checkpoint of its ~100 MB of WAL on the main thread would stall the event
 * loop instead. Checkpointing on the worker all through a burst was tried and measured slower
 * than deferring: with two cores, the copy and its fsync competed with the writer.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What a finished checkpoint reports (PRAGMA wal_checkpoint's row), or why it failed. */
export type CheckpointResult =
  | { readonly ok: true; readonly busy: number; readonly log: number; readonly checkpointed: number }
  | { readonly ok: false; readonly error: string };

// Plain CommonJS run by the worker (no bundling, no TypeScript): it only opens the file and runs
// the pragma when asked. The SQLite binding comes by absolute path, so the worker needs no
// module resolution of its own (an app's working directory is anywhere).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String((err && err.message) || err) });
  }
});
`;

export class Checkpointer {
  private worker: Worker | undefined;
  private running = false;
  private again = false;
  private failed = false;
  private closed = false;
  private readonly waiting: ((result: CheckpointResult) => void)[] = [];

  /**
   * @param file the database file (its WAL sits beside it)
   * @param fallback runs a checkpoint on the caller's connection when no worker can run one
   */
  constructor(
    private readonly file: string,
    private readonly fallback: () => void,
    private readonly onError: (message: string) => void,
  ) {}

  /**
   * Ask for a checkpoint. Returns at once; requests made while one runs fold into one more run
   * after it, so a burst of writes never queues a checkpoint per commit.
   */
  request(): void {
    if (this.closed) return;
    if (this.failed) {
      this.fallback();
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    const worker = this.start();
    if (!worker) {
      this.fallback();
      return;
    }
    this.running = true;
    worker.postMessage('checkpoint');
  }

  /** Resolves with the next checkpoint's result (requesting one); for tests and diagnostics. */
  checkpoint(): Promise<CheckpointResult> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.request();
      if (this.failed || this.closed) {
        this.waiting.pop();
        resolve({ ok: false, error: 'no checkpoint worker; checkpointed on the writing connection' });
      }
    });
  }

  /** Close the worker's connection; the writing connection's close does the final checkpoint. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.closed = true;
    worker?.postMessage('close');
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, sqlite } });
      // Never keeps the process alive: an unfinished checkpoint is redone by the next open.
      worker.unref();
      worker.on('message', (result: CheckpointResult) => this.finished(result));
      worker.on('error', (err) => this.fail(`checkpoint worker failed: ${err.message}`));
      worker.on('exit', () => {
        if (this.worker === worker) this.fail('checkpoint worker exited');
      });
      this.worker = worker;
      return worker;
    } catch (err) {
      this.fail(`cannot start the checkpoint worker: ${(err as Error).message}`);
      return undefined;
    }
  }

  private finished(result: CheckpointResult): void {
    this.running = false;
    if (!result.ok) this.onError(`background checkpoint failed: ${result.error}`);
    for (const resolve of this.waiting.splice(0)) resolve(result);
    if (this.again) {
      this.again = false;
      this.request();
    }
  }

  /** From now on checkpoints run on the writing connection, as SQLite does by default. */
  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.worker = undefined;
    this.running = false;
    this.onError(message);
    for (const resolve of this.waiting.splice(0)) resolve({ ok: false, error: message });
  }
}
