/**
 * Role board benchmarks on a crowded incident (200 participants, every role held, 20 custom
 * roles, 1,000 SME add tags of which half removed, ticked checklists, a long role history):
 * reading the board, an assignment (ops + timeline entry + board read back), a handoff and its
 * acknowledgement, and applying a peer's batch of role ops with the board push. Medians of RUNS.
 *
 * Run: `npm run bench` or `node bench/roles.bench.ts` (Node 24).
 */
import '../scripts/ts-hooks.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Warroom as WarroomType } from '../src/main/core/warroom';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { rankQuantile, time } = await import('./lib');
// The rank median (upper middle for an even count), as this bench has always reported.
const median = (samples: number[]): number => rankQuantile(samples, 0.5);

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const PEOPLE = 200;
const CUSTOM_ROLES = 20;
const SME_TAGS = 1_000;
const ROLES = ['incident_commander', 'deputy_ic', 'scribe', 'comms_lead', 'tech_lead', 'exec_liaison'] as const;

const dirs: string[] = [];
function fresh(name: string): WarroomType {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-roles-'));
  dirs.push(dir);
  const w = new Warroom({ dataDir: dir, log: silentLogger });
  w.call('setProfile', { displayName: name });
  return w;
}
process.on('exit', () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

// A crowded incident.
const alex = fresh('Alex');
const id = alex.call('declareIncident', { title: 'Bench: everything is on fire', severity: 'SEV1' }).id;
const people = Array.from(
  { length: PEOPLE },
  (_, i) => alex.call('addParticipant', { incidentId: id, name: `Person ${i}` }).id,
);
alex.call('assignRole', { incidentId: id, role: 'incident_commander', name: 'Alex' });
for (const role of ROLES.slice(1))
  alex.call('assignRole', { incidentId: id, role, participantId: people[ROLES.indexOf(role)]! });
for (let i = 0; i < CUSTOM_ROLES; i++)
  alex.call('assignRole', { incidentId: id, role: `Custom role ${i}`, participantId: people[i]! });
for (let i = 0; i < SME_TAGS; i++) {
  const participantId = people[i % PEOPLE]!;
  const domain = `domain-${Math.floor(i / PEOPLE)}`;
  alex.call('addSme', { incidentId: id, participantId, domain });
  if (i % 2 === 1) alex.call('removeSme', { incidentId: id, participantId, domain });
}
for (const item of ['declare-severity', 'assign-roles', 'set-cadence']) {
  alex.call('tickChecklistItem', { incidentId: id, role: 'incident_commander', itemId: item, done: true });
}

const rows: [string, number][] = [];

// Reading the board.
for (let i = 0; i < 20; i++) alex.call('getRoleBoard', { incidentId: id });
rows.push([
  'getRoleBoard',
  median(Array.from({ length: RUNS }, () => time(() => alex.call('getRoleBoard', { incidentId: id })))),
]);

// Reassigning Scribe back and forth: two ops (role + timeline entry) and the board read back.
rows.push([
  'assignRole (reassign)',
  median(
    Array.from({ length: RUNS }, (_, i) =>
      time(() => alex.call('assignRole', { incidentId: id, role: 'scribe', participantId: people[10 + (i % 2)]! })),
    ),
  ),
]);

// Handoff of Tech Lead to someone and its cancellation (a full round of pending state).
rows.push([
  'handOffRole + cancelHandoff',
  median(
    Array.from({ length: RUNS }, (_, i) =>
      time(() => {
        alex.call('handOffRole', {
          incidentId: id,
          role: 'tech_lead',
          participantId: people[20 + (i % 50)]!,
          brief: { currentState: 'Rolling back', openActions: 'Watch error rate' },
        });
        alex.call('cancelHandoff', { incidentId: id, role: 'tech_lead' });
      }),
    ),
  ),
]);

// A peer applying everything (catch-up) and pushing the board to its renderer.
const lee = fresh('Lee');
let pushes = 0;
lee.subscribe((event) => {
  if (event === 'roleBoardChanged') pushes++;
});
const backlog = alex.missingFor({}, 1_000_000);
const catchUp = time(() => {
  for (let i = 0; i < backlog.length; i += 500) lee.applyRemote(backlog.slice(i, i + 500));
});
rows.push([`applyRemote catch-up, ${backlog.length} ops in batches of 500 (total)`, catchUp]);

// Joining and acknowledging on the peer's side.
lee.call('joinIncident', { incidentId: id });
alex.applyRemote(lee.missingFor(alex.versionVector(), 1_000_000));
const board = alex.call('handOffRole', {
  incidentId: id,
  role: 'incident_commander',
  name: 'Lee',
  brief: { currentState: 'Handing over for the night', openActions: '' },
});
lee.applyRemote(alex.missingFor(lee.versionVector(), 1_000_000));
const handoffId = board.roles.find((r) => r.key === 'incident_commander')!.handoff!.id;
rows.push([
  'acknowledgeHandoff (one, with board)',
  time(() => lee.call('acknowledgeHandoff', { incidentId: id, role: 'incident_commander', handoffId })),
]);

const final = lee.call('getRoleBoard', { incidentId: id });
console.log(
  `incident: ${final.participants.length} participants, ${final.roles.length} role cards, ${final.smes.length} live SMEs, ${backlog.length} ops; ${pushes} board pushes during catch-up`,
);
console.log('| measurement | median ms |');
console.log('|---|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
