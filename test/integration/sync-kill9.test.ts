/**
 * kill -9 of a joining peer in the middle of its catch-up: restarted on the same data folder it
 * resumes from what it had committed (its version vector) and converges with the host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { encodeHlc } from '../../src/shared/hlc';
import { PeerSet, linkOf, opsHeld, tableHashes } from '../helpers/sync';

const PEER = path.resolve(import.meta.dirname, '../helpers/sync-peer.ts');
const set = new PeerSet();
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await set.closeAll();
});

/** Start the child peer; resolves with its output lines as they come. */
function startPeer(dir: string, link: string, expected: number): { child: ChildProcess; lines: AsyncIterable<string> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', PEER, dir, link, String(expected)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return { child, lines: readline.createInterface({ input: child.stdout! }) };
}

it('a peer killed with SIGKILL during catch-up resumes after restart and converges', async () => {
  const host = set.open('Host');
  const incident = host.w.call('declareIncident', { title: 'Big backlog', severity: 'SEV2' });
  // 15,000 ops from a third origin, so catch-up spans many batches.
  const origin = 'bulk-origin';
  const t0 = Date.now() - 60_000;
  for (let start = 1; start <= 15_000; start += 5_000) {
    const ops = Array.from({ length: 5_000 }, (_, i) => ({
      origin,
      seq: start + i,
      hlc: encodeHlc({ wall: t0 + start + i, counter: 0, peer: origin }),
      incidentId: incident.id,
      author: { peerId: origin, name: 'Bulk' },
      body: { type: 'incident.set', fields: { summary: `update ${start + i}` }, base: { summary: null } },
    }));
    expect(host.w.applyRemote(ops, 'setup').rejected).toBe(0);
  }
  await host.w.sync.host({ port: 0, share: [incident.id] });
  const total = opsHeld(host.w);
  const dir = set.dir();

  // First run: killed once it has committed part of the log.
  const first = startPeer(dir, linkOf(host), total);
  let before = 0;
  for await (const line of first.lines) {
    const [kind, n] = line.split(' ');
    if (kind === 'vv' && Number(n) >= 2_000) {
      before = Number(n);
      first.child.kill('SIGKILL');
      break;
    }
    if (kind === 'caught-up') throw new Error('caught up before it could be killed: raise the op count');
  }
  await new Promise((resolve) => first.child.once('exit', resolve));
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(before).toBeLessThan(total);

  // Second run: starts from what survived, and finishes.
  const second = startPeer(dir, linkOf(host), total);
  let resumedAt = -1;
  for await (const line of second.lines) {
    const [kind, , held] = line.split(' ');
    if (kind === 'ready') resumedAt = Number(held);
    if (kind === 'caught-up') break;
  }
  // Everything acknowledged before the kill was still there (nothing was fetched twice from zero).
  expect(resumedAt).toBeGreaterThanOrEqual(before);
  second.child.kill('SIGKILL');
  await new Promise((resolve) => second.child.once('exit', resolve));
  expect(tableHashes(dir)).toEqual(tableHashes(host.dir));
}, 60_000);
