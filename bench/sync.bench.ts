/**
 * Sync benchmarks over loopback socket.io with real SQLite files.
 *
 * 1. Live: one host, 20 joined peers, each writing 5 timeline entries per second for
 *    SYNC_BENCH_SECONDS (default 60). Propagation = time from the commit on the writer to the
 *    commit on each other peer (host included): p50 / p99 over every (op, receiver) pair. Lost
 *    ops: pairs that never arrived once everyone has caught up (must be 0).
 * 2. Catch-up: a fresh peer joins a host holding 100,000 ops (SYNC_BENCH_CATCHUP_OPS). The host
 *    runs in a child process so its peak RSS is its own.
 * 3. Single link: one host, one peer, an entry every 20 ms: the protocol's latency on its own.
 * Wire bytes per op: socket.io packet payload counted at the host's engine.io sockets (acks and
 * heartbeats included; WebSocket frame headers, 2-14 bytes per message, are not).
 *
 * Run: `npm run bench` or `node --import ./scripts/ts-hooks.mjs bench/sync.bench.ts`;
 * SYNC_BENCH_PARTS=link,catchup,live picks parts (default all).
 */
import '../scripts/ts-hooks.mjs';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Warroom as WarroomType } from '../src/main/core/warroom';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { opsHeld, rankQuantile } = await import('./lib');

const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 60);
const PEERS = Number(process.env.SYNC_BENCH_PEERS ?? 20);
const RATE = 5;
const CATCHUP_OPS = Number(process.env.SYNC_BENCH_CATCHUP_OPS ?? 100_000);
const HOST_CHILD = path.resolve(import.meta.dirname, 'sync-host.child.ts');
const PEERS_CHILD = path.resolve(import.meta.dirname, 'sync-peers.child.ts');

const dirs: string[] = [];
function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-syncbench-'));
  dirs.push(d);
  return d;
}
process.on('exit', () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const now = (): number => performance.timeOrigin + performance.now();

interface ByteCounter {
  bytes: number;
  messages: number;
}

/** Count socket.io packet payload bytes on every engine.io socket of a host, both directions. */
function countBytes(w: WarroomType): ByteCounter {
  const counter = { bytes: 0, messages: 0 };
  const engine = w.sync.internals.host?.engine;
  if (!engine) throw new Error('not hosting');
  const size = (data: unknown): number =>
    typeof data === 'string' ? Buffer.byteLength(data) : data instanceof Buffer ? data.length : 0;
  engine.on('connection', (socket: NodeJS.EventEmitter) => {
    socket.on('packet', (p: { data?: unknown }) => {
      counter.bytes += size(p.data);
      counter.messages++;
    });
    socket.on('packetCreate', (p: { data?: unknown }) => {
      counter.bytes += size(p.data);
      counter.messages++;
    });
  });
  return counter;
}

function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = setInterval(() => {
      if (cond()) {
        clearInterval(tick);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(tick);
        reject(new Error(`timed out: ${what}`));
      }
    }, 10);
  });
}

/** A child process speaking the line protocol of the *.child.ts helpers. */
function child(
  script: string,
  args: readonly string[],
): { send: (line: string) => void; next: (prefix: string) => Promise<string> } {
  const proc = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', './scripts/ts-hooks.mjs', script, ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      cwd: path.resolve(import.meta.dirname, '..'),
    },
  );
  const lines = readline.createInterface({ input: proc.stdout });
  const buffered: string[] = [];
  const waiting: { prefix: string; resolve: (rest: string) => void }[] = [];
  lines.on('line', (line) => {
    const i = waiting.findIndex((w) => line === w.prefix || line.startsWith(w.prefix + ' '));
    if (i < 0) return void buffered.push(line);
    const [w] = waiting.splice(i, 1);
    w?.resolve(line.slice(w.prefix.length + 1));
  });
  return {
    send: (line) => void proc.stdin.write(line + '\n'),
    next: (prefix) =>
      new Promise((resolve, reject) => {
        const i = buffered.findIndex((l) => l === prefix || l.startsWith(prefix + ' '));
        if (i >= 0) return resolve((buffered.splice(i, 1)[0] ?? '').slice(prefix.length + 1));
        waiting.push({ prefix, resolve });
        proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
      }),
  };
}

interface PeersReport {
  written: [string, number][];
  received: [string, number][];
  cpuMs: number;
}

function readReport(file: string): PeersReport {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as PeersReport;
  fs.rmSync(file, { force: true });
  return report;
}

/** Peers live in child processes (5 per process), as they would on separate machines. */
async function live(): Promise<Record<string, string>> {
  const host = new Warroom({ dataDir: dir(), log: silentLogger });
  host.call('setProfile', { displayName: 'Host' });
  const incident = host.call('declareIncident', { title: 'Bench incident', severity: 'SEV2' });
  const status = await host.sync.host({ port: 0, share: [incident.id] });
  const bytes = countBytes(host);
  const PER_PROCESS = 5;
  const groups = Array.from({ length: Math.ceil(PEERS / PER_PROCESS) }, (_, g) =>
    child(PEERS_CHILD, [
      status.link ?? '',
      String(Math.min(PER_PROCESS, PEERS - g * PER_PROCESS)),
      String(RATE),
      String(SECONDS),
      String(g * PER_PROCESS),
    ]),
  );
  await Promise.all(groups.map((g) => g.next('ready')));
  const hostReceived: [string, number][] = [];
  host.onOpsApplied((ops, from) => {
    const t = now();
    if (from !== undefined) for (const op of ops) hostReceived.push([`${op.origin}:${op.seq}`, t]);
  });
  const bytesBefore = bytes.bytes;
  const before = opsHeld(host);
  const hostCpu = process.cpuUsage();
  for (const g of groups) g.send(`go ${incident.id}`);
  const writes = await Promise.all(groups.map(async (g) => Number(await g.next('done'))));
  // Everyone must end up with everything: what the host held plus every op written since.
  const target = before + writes.reduce((a, b) => a + b, 0);
  await waitFor(() => opsHeld(host) >= target, 60_000, 'host receives every op');
  const hostCpuMs = ((c) => (c.user + c.system) / 1000)(process.cpuUsage(hostCpu));
  for (const g of groups) g.send(`report ${target}`);
  const reports = await Promise.all(groups.map(async (g) => readReport(await g.next('report'))));

  const writtenAt = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  const arrive = ([key, t]: [string, number]): void => {
    let list = arrivals.get(key);
    if (!list) arrivals.set(key, (list = []));
    list.push(t);
  };
  for (const r of reports) {
    for (const [key, t] of r.written) writtenAt.set(key, t);
    r.received.forEach(arrive);
  }
  hostReceived.forEach(arrive);
  const latencies: number[] = [];
  let lost = 0;
  for (const [key, t0] of writtenAt) {
    const times = arrivals.get(key) ?? [];
    lost += Math.max(0, PEERS - times.length); // the host and the other PEERS - 1 peers
    for (const t1 of times) latencies.push(t1 - t0);
  }
  latencies.sort((a, b) => a - b);
  const deliveries = writtenAt.size * PEERS; // each op crosses PEERS host links (1 in, PEERS - 1 out)
  const result = {
    'live ops written': String(writtenAt.size),
    'live propagation p50 (ms)': rankQuantile(latencies, 0.5).toFixed(2),
    'live propagation p99 (ms)': rankQuantile(latencies, 0.99).toFixed(2),
    'live propagation max (ms)': (latencies.at(-1) ?? Number.NaN).toFixed(2),
    'live lost ops': String(lost),
    'live wire bytes per op per link (op + ack)': ((bytes.bytes - bytesBefore) / deliveries).toFixed(0),
    // Machine-independent cost: every process's CPU time over every op commit (writer + receivers).
    'live CPU per op per replica (ms)': (
      (hostCpuMs + reports.reduce((a, r) => a + r.cpuMs, 0)) /
      (writtenAt.size * (PEERS + 1))
    ).toFixed(2),
  };
  await host.sync.close();
  host.close();
  return result;
}

async function catchUp(): Promise<Record<string, string>> {
  const hostDir = dir();
  const build = spawnSync(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      '--import',
      './scripts/ts-hooks.mjs',
      HOST_CHILD,
      'build',
      hostDir,
      String(CATCHUP_OPS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error('building the catch-up store failed');
  const applyRate = /built (\d+)/.exec(build.stdout)?.[1] ?? 'n/a';
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', './scripts/ts-hooks.mjs', HOST_CHILD, 'serve', hostDir],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: path.resolve(import.meta.dirname, '..') },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const next = (prefix: string): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const onLine = (line: string): void => {
        if (!line.startsWith(prefix + ' ')) return;
        lines.off('line', onLine);
        resolve(line.split(' ').slice(1));
      };
      lines.on('line', onLine);
      child.once('exit', (code) => reject(new Error(`host child exited (${code})`)));
    });
  const [link, total] = await next('ready');
  const expected = Number(total);
  const fresh = new Warroom({ dataDir: dir(), log: silentLogger });
  const started = performance.now();
  fresh.sync.join(link ?? '');
  await waitFor(() => opsHeld(fresh) >= expected, 120_000, 'catch-up');
  const seconds = (performance.now() - started) / 1000;
  child.stdin.write('report\n');
  const [rss, bytes, baseline, heap] = await next('report');
  child.stdin.end();
  await fresh.sync.close();
  fresh.close();
  return {
    'catch-up ops': String(expected),
    'catch-up time (s)': seconds.toFixed(2),
    'catch-up ops/s': Math.round(expected / seconds).toString(),
    'same ops applied locally, no network (ops/s)': applyRate,
    'catch-up host peak RSS (MB)': (Number(rss) / 1024 / 1024).toFixed(0),
    'catch-up host RSS before serving (MB)': (Number(baseline) / 1024 / 1024).toFixed(0),
    'catch-up host V8 heap at peak RSS (MB)': (Number(heap) / 1024 / 1024).toFixed(0),
    'catch-up wire bytes per op': (Number(bytes) / expected).toFixed(0),
  };
}

/**
 * One host and one peer in this process, an entry every 20 ms: the protocol's own latency,
 * without 21 replicas competing for the CPU as in the live run.
 */
async function singleLink(): Promise<Record<string, string>> {
  const a = new Warroom({ dataDir: dir(), log: silentLogger });
  const b = new Warroom({ dataDir: dir(), log: silentLogger });
  const incident = a.call('declareIncident', { title: 'Link latency', severity: 'SEV3' });
  const status = await a.sync.host({ port: 0, share: [incident.id] });
  b.sync.join(status.link ?? '');
  await waitFor(() => opsHeld(b) === opsHeld(a), 10_000, 'single link sync');
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  a.onOpsApplied((ops, from) => {
    if (from === undefined) for (const op of ops) sent.set(`${op.origin}:${op.seq}`, now());
  });
  b.onOpsApplied((ops) => {
    const t = now();
    for (const op of ops) {
      const t0 = sent.get(`${op.origin}:${op.seq}`);
      if (t0 !== undefined) latencies.push(t - t0);
    }
  });
  for (let i = 0; i < 500; i++) {
    a.call('addEntry', { incidentId: incident.id, kind: 'note', text: `link check ${i}` });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await waitFor(() => opsHeld(b) === opsHeld(a), 10_000, 'single link final sync');
  latencies.sort((x, y) => x - y);
  await Promise.all([a.sync.close(), b.sync.close()]);
  a.close();
  b.close();
  return {
    'single link propagation p50 (ms)': rankQuantile(latencies, 0.5).toFixed(2),
    'single link propagation p99 (ms)': rankQuantile(latencies, 0.99).toFixed(2),
  };
}

// SYNC_BENCH_PARTS=live,catchup runs only those parts (profiling one of them); default all.
const parts = new Set((process.env.SYNC_BENCH_PARTS ?? 'link,catchup,live').split(','));
const results: Record<string, string> = {};
if (parts.has('link')) Object.assign(results, await singleLink());
if (parts.has('catchup')) Object.assign(results, await catchUp());
if (parts.has('live')) Object.assign(results, await live());
const targets: Record<string, string> = {
  'live propagation p50 (ms)': '< 5',
  'live propagation p99 (ms)': '< 25',
  'live lost ops': '0',
  'catch-up time (s)': '< 5',
  'catch-up host peak RSS (MB)': '< 300',
};
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `\nsync: ${PEERS} peers x ${RATE} ops/s for ${SECONDS} s; catch-up of ${CATCHUP_OPS} ops; ${os.cpus().length} CPUs, load average ${load}\n`,
);
const width = Math.max(...Object.keys(results).map((k) => k.length));
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  target`);
for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(width)}  ${v.padStart(10)}  ${targets[k] ?? ''}`);
process.exit(0);
