/**
 * Peers process of the live part of bench/sync.bench.ts: K peers join LINK; once all are in
 * sync it prints `ready`; on `go <incidentId>` each writes RATE entries per second for SECONDS,
 * then it prints `done`; on `report <ops>` it waits until every peer holds that many ops and
 * prints `report <file>`, a JSON file of the commit times of the ops its peers wrote and of those they received.
 */
import '../scripts/ts-hooks.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Warroom as WarroomType } from '../src/main/core/warroom';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { opsHeld } = await import('./lib');

const [link, countArg, rateArg, secondsArg, indexArg] = process.argv.slice(2);
if (!link || !countArg || !rateArg || !secondsArg || !indexArg) {
  throw new Error('usage: sync-peers.child.ts LINK PEERS RATE SECONDS FIRST_INDEX');
}
const [count, rate, seconds, first] = [Number(countArg), Number(rateArg), Number(secondsArg), Number(indexArg)];
const now = (): number => performance.timeOrigin + performance.now();

const dirs: string[] = [];
const peers: WarroomType[] = [];
const written: [string, number][] = [];
const received: [string, number][] = [];
let cpuAtGo = process.cpuUsage();
for (let i = 0; i < count; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-syncbench-peer-'));
  dirs.push(dir);
  const w = new Warroom({ dataDir: dir, log: silentLogger });
  w.call('setProfile', { displayName: `Peer ${first + i}` });
  w.onOpsApplied((ops, from) => {
    const t = now();
    for (const op of ops) (from === undefined ? written : received).push([`${op.origin}:${op.seq}`, t]);
  });
  w.sync.join(link);
  peers.push(w);
}

function when(cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = setInterval(() => {
      if (!cond()) return;
      clearInterval(tick);
      resolve();
    }, 5);
  });
}

await when(() => peers.every((w) => w.sync.status().joins[0]?.state === 'connected' && opsHeld(w) > 0));
console.log('ready');

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.split(' ');
  if (command === 'go' && arg) {
    written.length = 0;
    received.length = 0;
    cpuAtGo = process.cpuUsage();
    const timers: NodeJS.Timeout[] = [];
    let n = 0;
    peers.forEach((w, i) => {
      // Spread the writers over the period, as independent people would be.
      const offset = (((first + i) * 1000) / rate / 20) % (1000 / rate);
      timers.push(
        setTimeout(() => {
          timers.push(
            setInterval(() => {
              w.call('addEntry', { incidentId: arg, kind: 'note', text: `peer ${first + i} update ${n++}` });
            }, 1000 / rate),
          );
        }, offset),
      );
    });
    setTimeout(() => {
      for (const t of timers) clearInterval(t);
      console.log(`done ${written.length}`);
    }, seconds * 1000);
  }
  if (command === 'report' && arg) {
    const target = Number(arg);
    // Bounded: a peer that never gets everything is reported (as lost ops), not waited for.
    const deadline = Date.now() + 60_000;
    void when(() => peers.every((w) => opsHeld(w) >= target) || Date.now() > deadline).then(async () => {
      // Too big for a pipe line written just before exit: through a file, synchronously.
      const file = path.join(os.tmpdir(), `warroom-syncbench-report-${process.pid}.json`);
      const cpu = process.cpuUsage(cpuAtGo);
      fs.writeFileSync(file, JSON.stringify({ written, received, cpuMs: (cpu.user + cpu.system) / 1000 }));
      fs.writeSync(1, `report ${file}\n`);
      await Promise.all(peers.map((w) => w.sync.close()));
      for (const w of peers) w.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
