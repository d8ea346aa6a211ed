/**
 * Host process of the catch-up part of bench/sync.bench.ts. `build DIR N` fills a store with N
 * ops (timeline entries from 10 consoles over 20 incidents: 200 origins) and exits; `serve DIR` opens it in a
 * fresh process (so the host's memory is that of serving, not of building), hosts it, prints
 * `ready <link> <ops held>`, then on `report` prints
 * `report <peak RSS while serving> <wire bytes sent and received> <RSS before serving> <V8 heap at that peak>`.
 */
import '../scripts/ts-hooks.mjs';
import readline from 'node:readline';
import { encodeHlc } from '../src/shared/hlc';
import { originFor } from '../src/shared/origin';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { opsHeld } = await import('./lib');

const [mode, dataDir, countArg] = process.argv.slice(2);
if (!dataDir || (mode === 'build' && !countArg) || (mode !== 'build' && mode !== 'serve')) {
  throw new Error('usage: sync-host.child.ts build DATA_DIR OPS | serve DATA_DIR');
}
const w = new Warroom({ dataDir, log: silentLogger });
if (mode === 'build') {
  const started = performance.now();
  build(Number(countArg));
  // The same ops applied without any network: the ceiling a catch-up can reach.
  console.log(`built ${Math.round(Number(countArg) / ((performance.now() - started) / 1000))}`);
  w.close();
  process.exit(0);
}

function build(count: number): void {
  const incidents = Array.from(
    { length: 20 },
    (_, i) => w.call('declareIncident', { title: `Incident ${i}`, severity: 'SEV2' }).id,
  );
  const CONSOLES = 10;
  const t0 = Date.now() - 3_600_000;
  const perConsole = Math.ceil(count / CONSOLES);
  for (let o = 0; o < CONSOLES; o++) {
    const peerId = `console-${o}`;
    // Each (console, incident) pair is an origin with its own contiguous seqs.
    const seqs = incidents.map(() => 0);
    for (let start = 1; start <= perConsole; start += 1_000) {
      const ops = [];
      for (let n = start; n < start + 1_000 && n <= perConsole; n++) {
        const k = n % incidents.length;
        const incidentId = incidents[k] as string;
        const origin = originFor(peerId, incidentId);
        const seq = ++(seqs[k] as number);
        ops.push({
          origin,
          seq,
          hlc: encodeHlc({ wall: t0 + n * 10 + o, counter: 0, peer: origin }),
          incidentId,
          author: { peerId, name: `Responder ${o}` },
          body: {
            type: 'timeline.add',
            entryId: `entry-${o}-${String(n).padStart(6, '0')}`,
            fields: {
              kind: 'note',
              text: `Checked dashboard ${n}: error rate ${(n % 97) / 10}% on checkout-api, latency p99 ${200 + (n % 300)} ms`,
              eventTime: t0 + n * 10,
              tags: [],
              pinned: false,
              deleted: false,
              data: null,
            },
          },
        });
      }
      const result = w.applyRemote(ops, 'bench-setup');
      if (result.rejected > 0) throw new Error(`setup ops rejected: ${result.rejected}`);
    }
  }
}

const status = await w.sync.host({ port: 0, share: w.call('listIncidents', {}).map((i) => i.id) });
let bytes = 0;
const engine = w.sync.internals.host?.engine;
const size = (data: unknown): number => (typeof data === 'string' ? Buffer.byteLength(data) : 0);
engine?.on('connection', (socket: NodeJS.EventEmitter) => {
  socket.on('packet', (p: { data?: unknown }) => (bytes += size(p.data)));
  socket.on('packetCreate', (p: { data?: unknown }) => (bytes += size(p.data)));
});
const baseline = process.memoryUsage.rss();
let peak = baseline;
// The V8 heap at the peak tells garbage held by the sync layer from memory outside it (SQLite).
let peakHeap = process.memoryUsage().heapTotal;
const sample = (): void => {
  const rss = process.memoryUsage.rss();
  if (rss <= peak) return;
  peak = rss;
  peakHeap = process.memoryUsage().heapTotal;
};
const sampler = setInterval(sample, 10);
console.log(`ready ${status.link} ${opsHeld(w)}`);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'report') return;
  sample();
  console.log(`report ${peak} ${bytes} ${baseline} ${peakHeap}`);
  clearInterval(sampler);
  void w.sync.close().then(() => {
    w.close();
    process.exit(0);
  });
});
