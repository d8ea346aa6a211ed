/**
 * Update cadence benchmarks on a long incident (20,000 timeline entries, 300 status updates and
 * status changes, role changes) among 20 active incidents: the countdown snapshot a console
 * reads (facts query + evaluation), the pure evaluation alone, a scheduler tick over every
 * active incident (warm, and cold after a clock jump drops the cache), and posting an update.
 * Medians of RUNS.
 *
 * Run: `npm run bench` or `node bench/cadence.bench.ts` (Node 24).
 */
import '../scripts/ts-hooks.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CadenceAlert } from '../src/shared/contract/cadence';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { CadenceScheduler } = await import('../src/main/core/cadence/scheduler');
const { evaluateCadence, cadenceFacts, NO_CADENCE_SETTINGS } = await import('../src/shared/domain/cadence');
const { BUILTIN_CADENCE_POLICY } = await import('../src/shared/domain/cadence-policy');
const { rankQuantile, time } = await import('./lib');
// The rank median (upper middle for an even count), as this bench has always reported.
const median = (samples: number[]): number => rankQuantile(samples, 0.5);

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20_000);
const INCIDENTS = 20;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-cadence-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

// No ticking during set-up: the scheduler is measured below, driven by hand.
const w = new Warroom({ dataDir: dir, log: silentLogger, cadence: { schedule: false } });
w.call('setProfile', { displayName: 'Bench' });
const ids: string[] = [];
for (let i = 0; i < INCIDENTS; i++) {
  ids.push(w.call('declareIncident', { title: `Bench incident ${i}`, severity: i % 2 ? 'SEV2' : 'SEV1' }).id);
}
const big = ids[0]!;
const setupStart = performance.now();
for (let i = 0; i < ENTRIES; i++) {
  if (i % 100 === 0) {
    w.call('postStatusUpdate', { incidentId: big, text: `Update ${i}`, audience: ['internal', 'status_page'] });
  } else if (i % 333 === 0) {
    w.call('changeStatus', { id: big, status: i % 2 ? 'identified' : 'investigating' });
  } else {
    w.call('addEntry', {
      incidentId: big,
      kind: i % 7 ? 'note' : 'action',
      text: `Entry ${i}: checked the dashboards`,
    });
  }
}
w.call('assignRole', { incidentId: big, role: 'incident_commander', name: 'Bench' });
const setupMs = performance.now() - setupStart;

const rows: [string, number][] = [];
rows.push([
  'getCadence (20k-entry incident)',
  median(Array.from({ length: RUNS }, () => time(() => w.call('getCadence', { incidentId: big })))),
]);

const snapshot = w.call('getCadence', { incidentId: big });
let now = snapshot.computedAt;
rows.push([
  'evaluateCadence (pure)',
  median(
    Array.from({ length: RUNS }, () => time(() => evaluateCadence(snapshot.facts, snapshot.policy, (now += 1_000)))),
  ),
]);

const incident = w.call('getIncident', { id: big });
const entries = w.call('getTimeline', { incidentId: big, limit: 5_000 }).entries;
rows.push([
  'cadenceFacts over 5,000 entries (pure)',
  median(Array.from({ length: RUNS }, () => time(() => cadenceFacts(incident, entries, NO_CADENCE_SETTINGS)))),
]);

// A scheduler over the same incidents, fed through the contract, with a clock driven by hand.
let clockNow = snapshot.computedAt;
const alerts: CadenceAlert[] = [];
const scheduler = new CadenceScheduler({
  clock: { now: () => clockNow, every: () => () => undefined },
  log: silentLogger,
  policy: () => BUILTIN_CADENCE_POLICY,
  emit: (a) => alerts.push(a),
  source: {
    activeIncidentIds: () => ids,
    load: (id) => {
      const inc = w.call('getIncident', { id });
      return {
        facts: w.call('getCadence', { incidentId: id }).facts,
        name: inc.name,
        title: inc.title,
        severity: inc.severity,
      };
    },
  },
});
scheduler.tick();
rows.push([
  `scheduler tick, warm (${INCIDENTS} incidents)`,
  median(Array.from({ length: RUNS }, () => time(() => ((clockNow += 1_000), scheduler.tick())))),
]);
rows.push([
  `scheduler tick after a clock jump (${INCIDENTS} reloads)`,
  median(Array.from({ length: Math.min(RUNS, 50) }, () => time(() => ((clockNow += 60_000), scheduler.tick())))),
]);
rows.push([
  'postStatusUpdate (entry + snapshot back)',
  median(
    Array.from({ length: Math.min(RUNS, 100) }, (_, i) =>
      time(() =>
        w.call('postStatusUpdate', { incidentId: ids[1]!, text: `Bench update ${i}`, audience: ['internal'] }),
      ),
    ),
  ),
]);
w.close();

console.log(
  `${INCIDENTS} active incidents, ${ENTRIES} entries in the big one (set-up ${(setupMs / 1000).toFixed(1)} s); ${alerts.length} alerts during the ticks`,
);
console.log('| measurement | median ms |');
console.log('|---|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
