/**
 * Child process of test/integration/sync-kill9.test.ts: a peer that joins a room and reports
 * its progress, `vv <ops held>` after commits (at most every 20 ms) and `caught-up <ops>` when
 * it holds `expect` ops. Run by plain Node (`node test/helpers/sync-peer.ts DIR LINK EXPECT`);
 * the hooks let it load the sources.
 */
import '../../scripts/ts-hooks.mjs';
import fs from 'node:fs';

const { Warroom } = await import('../../src/main/core/warroom');
const { silentLogger } = await import('../../src/main/core/log');

const [dataDir, link, expectArg] = process.argv.slice(2);
if (!dataDir || !link || !expectArg) throw new Error('usage: sync-peer.ts DATA_DIR LINK EXPECTED_OPS');
const expected = Number(expectArg);

const say = (line: string): void => void fs.writeSync(1, line + '\n');
const held = (): number => Object.values(w.versionVector()).reduce((a, b) => a + b, 0);

const w = new Warroom({ dataDir, log: silentLogger, sync: { backoffBaseMs: 20, backoffMaxMs: 200 } });
say(`ready ${w.peerId} ${held()}`);
let last = 0;
w.onOpsApplied(() => {
  const n = held();
  if (n >= expected) return say(`caught-up ${n}`);
  if (Date.now() - last < 20) return;
  last = Date.now();
  say(`vv ${n}`);
});
w.sync.join(link);
// A bound, so an orphaned child (parent gone) ends by itself.
setTimeout(() => process.exit(3), 60_000);
