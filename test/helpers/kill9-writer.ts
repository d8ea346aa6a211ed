/**
 * Child process of test/integration/kill9.test.ts: writes through the real service as fast as it
 * can and prints `ack <seq> <n>` after each call returns, i.e. after its transaction committed.
 * Run by plain Node (`node test/helpers/kill9-writer.ts DIR`); the hooks let it load the sources.
 */
import '../../scripts/ts-hooks.mjs';
import fs from 'node:fs';

const { Warroom } = await import('../../src/main/core/warroom');
const { silentLogger } = await import('../../src/main/core/log');
const { originFor } = await import('../../src/shared/origin');

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: kill9-writer.ts DATA_DIR');

const w = new Warroom({ dataDir, log: silentLogger });
const existing = w.call('listIncidents', {})[0];
const id = existing?.id ?? w.call('declareIncident', { title: 'Kill -9 drill', severity: 'SEV3' }).id;
const start = Number(/^write (\d+)$/.exec(w.call('getIncident', { id }).summary)?.[1] ?? 0);
const say = (line: string): void => {
  // A synchronous write to the pipe: the parent sees an ack only after the commit returned.
  fs.writeSync(1, line + '\n');
};
say(`ready ${w.peerId} ${start}`);

const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const statuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
// A bound, so an orphaned child (parent gone) stops by itself.
const deadline = Date.now() + 60_000;
for (let n = start + 1; Date.now() < deadline; n++) {
  if (n % 3 === 0) w.call('changeSeverity', { id, severity: severities[n % 4] });
  else if (n % 3 === 1) w.call('editIncident', { id, summary: `write ${n}` });
  else w.call('changeStatus', { id, status: statuses[n % 4] });
  say(`ack ${w.versionVector()[originFor(w.peerId, id)]} ${n}`);
}
w.close();
