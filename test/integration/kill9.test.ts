import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/core/store/open';
import { originFor } from '../../src/shared/origin';
import { useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-kill9-');
const WRITER = path.resolve(import.meta.dirname, '../helpers/kill9-writer.ts');

interface Round {
  readonly peerId: string;
  /** Highest seq the child reported as committed. */
  readonly ackedSeq: number;
  /** Highest write number the child reported as committed. */
  readonly ackedWrite: number;
  readonly stderr: string;
}

/** Run the writer until it has acknowledged `acks` writes, then SIGKILL it mid-stream. */
function writeThenKill(dataDir: string, acks: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WRITER, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peerId = '';
    let ackedSeq = 0;
    let ackedWrite = 0;
    let seen = 0;
    let killed = false;
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'ready') peerId = a!;
      if (kind !== 'ack' || killed) return;
      ackedSeq = Math.max(ackedSeq, Number(a));
      ackedWrite = Math.max(ackedWrite, Number(b));
      if (++seen >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
        return;
      }
      resolve({ peerId, ackedSeq, ackedWrite, stderr });
    });
  });
}

function integrity(dataDir: string): unknown {
  const db = new Database(path.join(dataDir, DB_FILE));
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

describe('kill -9 mid-write', () => {
  it('loses no acknowledged op and leaves a sound database, round after round', { timeout: 120_000 }, async () => {
    const dir = tmp.dir();
    let peerId = '';
    let previousSeq = 0;
    for (const acks of [25, 400, 1, 150, 900]) {
      const round = await writeThenKill(dir, acks);
      expect(round.stderr).toBe('');
      if (peerId) expect(round.peerId).toBe(peerId); // same store, same identity
      peerId = round.peerId;
      expect(round.ackedSeq).toBeGreaterThan(previousSeq);

      expect(integrity(dir)).toBe('ok');
      const w = tmp.open(dir);
      const [incident] = w.call('listIncidents', {});
      const origin = originFor(peerId, incident!.id);
      const stored = w.versionVector()[origin] ?? 0;
      // Every acknowledged op is there, contiguously (the child may have committed more before the
      // signal landed: those are there too, never a gap).
      expect(stored).toBeGreaterThanOrEqual(round.ackedSeq);
      const ops = w.missingFor({}, 1_000_000).filter((op) => op.origin === origin);
      expect(ops.map((op) => op.seq)).toEqual(Array.from({ length: stored }, (_, i) => i + 1));
      // The projection shows the newest acknowledged summary, or a later one.
      const summary = w.call('getIncident', { id: incident!.id }).summary;
      const shown = Number(/^write (\d+)$/.exec(summary)?.[1] ?? 0);
      const lastSummaryWrite = round.ackedWrite - ((round.ackedWrite - 1) % 3);
      expect(shown).toBeGreaterThanOrEqual(lastSummaryWrite);
      w.close();
      previousSeq = stored;
    }
  });
});
