/**
 * `npm run bench`: runs every bench/*.bench.ts, one after another (they measure the machine, so
 * never in parallel), each in its own Node process with the TypeScript hooks. Output passes
 * through. `node bench/run.js store` runs only the benches whose name contains "store".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const benchDir = import.meta.dirname;
const hooks = pathToFileURL(path.resolve(benchDir, '../scripts/ts-hooks.mjs')).href;
const filters = process.argv.slice(2);

const benches = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmarks in ${benchDir}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

const failed = [];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', hooks, path.join(benchDir, bench)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed.push(`${bench} (${result.signal ?? `exit ${result.status}`})`);
}

if (failed.length > 0) {
  console.error(`\nBenchmarks that failed to run: ${failed.join(', ')}`);
  process.exit(1);
}
