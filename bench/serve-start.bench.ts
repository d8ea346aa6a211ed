/**
 * `warroom serve` from process spawn to its ready line on stdout (target < 1 s), headless and
 * with --ui, on a new and on an existing data folder. Spawns the built bin/warroom.js, so run
 * `npx electron-vite build` first. Medians of BENCH_RUNS runs (default 11) after one warm-up.
 *
 * Run: `npm run bench` or `node bench/serve-start.bench.ts` (Node 24).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import '../scripts/ts-hooks.mjs';

const { median, printTable } = await import('./lib');

const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin', 'warroom.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const TARGET_MS = 1_000;
const READY = /^(Warroom console: http:\/\/\S+|Warroom ready)$/;

if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
  console.error('serve-start: out/main/cli.js is missing; run `npx electron-vite build` first.');
  process.exit(1);
}

/** One start: milliseconds from spawn to the ready line, then a clean SIGTERM stop. */
async function startOnce(dataDir: string, ui: boolean): Promise<number> {
  const args = [BIN, 'serve', '--data', dataDir, '--port', '0', ...(ui ? ['--ui'] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const elapsed = await new Promise<number>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`warroom serve exited (${code}) before ready:\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (READY.test(line)) done(performance.now() - started);
    });
  });
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`warroom serve exited with ${code} after SIGTERM:\n${stderr}`);
  return elapsed;
}

interface Scenario {
  readonly name: string;
  readonly ui: boolean;
  /** A new, empty data folder each run (creation + migrations), or one reused across runs. */
  readonly freshData: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'serve, new data folder', ui: false, freshData: true },
  { name: 'serve, existing data folder', ui: false, freshData: false },
  { name: 'serve --ui, new data folder', ui: true, freshData: true },
  { name: 'serve --ui, existing data folder', ui: true, freshData: false },
];

const root = mkdtempSync(join(tmpdir(), 'warroom-bench-serve-'));
let folders = 0;
const newFolder = (): string => join(root, `data-${folders++}`);

const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;
const rows: string[][] = [];
try {
  await startOnce(newFolder(), true); // warm-up: file cache, first-load costs of the binary
  for (const scenario of SCENARIOS) {
    const shared = newFolder();
    if (!scenario.freshData) await startOnce(shared, scenario.ui); // creates the database once
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await startOnce(scenario.freshData ? newFolder() : shared, scenario.ui));
    const med = median(times);
    rows.push([
      scenario.name,
      `< ${fmt(TARGET_MS)}`,
      fmt(med),
      fmt(Math.min(...times)),
      fmt(Math.max(...times)),
      med < TARGET_MS ? 'ok' : 'MISSED',
    ]);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

console.log(`serve-start: ${RUNS} runs per scenario (spawn of bin/warroom.js to its ready line)`);
printTable(['start to ready', 'target', 'median', 'min', 'max', ''], rows);
