/**
 * Timeline benchmarks.
 *
 * Service (in process): an incident with 50,000 entries over three days, seeded as a peer's
 * batches; FTS5 search (`tookMs` as the service measures it) and the page reads the list makes.
 *
 * Browser (the built `warroom serve --ui` in the Debian Chromium), with the renderer's own
 * performance marks (src/renderer/timeline/perf.ts):
 * - Enter to entry painted: keydown of Enter in "Timeline entry" to the frame after the saved
 *   entry's row is in the DOM, in a fresh incident and in the 50,000-entry one;
 * - opening the 50,000-entry incident: timeline mounted to its first rows painted, and the click
 *   on the incident to the same paint (a fresh page load each run);
 * - renderer JS heap after a full GC (CDP), after opening and after jumping around the list;
 * - frame intervals while wheel-scrolling through the 50,000 entries.
 *
 * Run: `npm run bench` or `node bench/timeline.bench.ts` (Node 24). The browser part needs
 * `npx electron-vite build` and /usr/bin/chromium; it is skipped without them.
 * BENCH_RUNS (default 5) runs of the open scenario; BENCH_TIMELINE_N (default 50000) entries.
 */
import '../scripts/ts-hooks.mjs';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';

const { Warroom } = await import('../src/main/core/warroom');
const { silentLogger } = await import('../src/main/core/log');
const { encodeHlc } = await import('../src/shared/hlc');
const { median, printTable, rankQuantile } = await import('./lib');

const REPO = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = Number(process.env.BENCH_TIMELINE_N ?? 50_000);
const CHROMIUM = process.env.WARROOM_CHROMIUM ?? '/usr/bin/chromium';
const BIG = 'Timeline bench 50k';
const SMALL = 'Timeline bench scribe';

const ms = (v: number): string => `${v.toFixed(1)} ms`;
const mb = (v: number): string => `${(v / 1_048_576).toFixed(1)} MB`;
const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER');

/** scenario, median, target, verdict, detail */
const rows: string[][] = [];

const root = mkdtempSync(join(tmpdir(), 'warroom-bench-tl-'));
const dataDir = join(root, 'data');

// ---------------------------------------------------------------------------------------------
// Seed: 50,000 entries from three authors over three days, with Markdown and pins, as batches of
// a peer's ops (one transaction per batch, as sync would deliver them).

const WORDS = [
  'api',
  'database',
  'latency',
  'deploy',
  'cache',
  'timeout',
  'error',
  'retry',
  'checkout',
  'payments',
  'queue',
  'disk',
  'cpu',
  'memory',
  'pod',
  'restart',
  'config',
  'flag',
  'dns',
  'replica',
  'shard',
  'lock',
  'pool',
  'gateway',
  'certificate',
  'rollout',
  'canary',
  'alert',
  'pager',
  'customer',
];
const KINDS = ['note', 'action', 'decision', 'finding', 'hypothesis', 'status_update', 'comms', 'command'] as const;
const AUTHORS = [
  { peerId: 'benchpeerA', name: 'Ana (scribe)' },
  { peerId: 'benchpeerB', name: 'Ben (IC)' },
  { peerId: 'benchpeerC', name: 'Chen (SRE)' },
];

function entryText(i: number): string {
  const w = (k: number): string => WORDS[(i * k + k) % WORDS.length]!;
  if (i % 50 === 0) return `**${w(3)} ${w(5)}** on host-${i % 97}:\n- ${w(7)} at p99\n- see \`${w(11)}-${i}\``;
  return `Entry ${i}: ${w(3)} ${w(7)} ${w(13)} observed on host-${i % 97} (${w(17)})`;
}

let bigId = '';
{
  const w = new Warroom({ dataDir, log: silentLogger });
  bigId = w.call('declareIncident', { title: BIG, severity: 'SEV2' }).id;
  w.call('declareIncident', { title: SMALL, severity: 'SEV3' });
  const now = Date.now();
  const start = now - 3 * 86_400_000;
  const step = Math.floor((3 * 86_400_000 - 60_000) / N);
  const seqs = new Map<string, number>();
  const t0 = performance.now();
  for (let b = 0; b < N; b += 5_000) {
    const ops = [];
    for (let i = b; i < Math.min(N, b + 5_000); i++) {
      const author = AUTHORS[i % AUTHORS.length]!;
      const seq = (seqs.get(author.peerId) ?? 0) + 1;
      seqs.set(author.peerId, seq);
      ops.push({
        origin: author.peerId,
        seq,
        hlc: encodeHlc({ wall: now - N + i, counter: 0, peer: author.peerId }),
        incidentId: bigId,
        author,
        body: {
          type: 'timeline.add',
          entryId: `bench${String(i).padStart(8, '0')}`,
          fields: {
            kind: KINDS[i % KINDS.length]!,
            text: entryText(i),
            eventTime: start + i * step,
            tags: [],
            pinned: i % 500 === 0,
            deleted: false,
            data: null,
          },
        },
      });
    }
    const result = w.applyRemote(ops);
    if (result.rejected > 0) throw new Error(`seeding: ${result.rejected} ops rejected`);
  }
  w.catchUpSearchIndex(); // the seeded entries are searchable
  const seedMs = performance.now() - t0;
  rows.push([
    `seed ${N.toLocaleString()} entries (peer batches of 5,000)`,
    ms(seedMs),
    '',
    '',
    `${Math.round(N / (seedMs / 1000)).toLocaleString()} entries/s`,
  ]);

  // FTS5: the service's own timing of the query (what the search panel shows).
  const queries = ['rolled', 'database', 'checkout latency', 'host-42', 'certificate rollout canary', 'pag'];
  const ftsAll: number[] = [];
  for (const query of queries) {
    const took: number[] = [];
    let hits = 0;
    for (let r = 0; r < 21; r++) {
      const res = w.call('searchTimeline', { incidentId: bigId, query, limit: 200 });
      took.push(res.tookMs);
      hits = res.hits.length;
    }
    ftsAll.push(...took);
    rows.push([
      `FTS "${query}" (${hits === 200 ? '200+' : hits} hits)`,
      ms(median(took)),
      '< 20 ms',
      verdict(median(took) < 20),
      `p95 ${ms(rankQuantile(took, 0.95))}`,
    ]);
  }
  rows.push([
    'FTS, all queries',
    ms(median(ftsAll)),
    '< 20 ms',
    verdict(median(ftsAll) < 20),
    `p95 ${ms(rankQuantile(ftsAll, 0.95))}`,
  ]);

  const timeCall = (label: string, run: () => unknown): void => {
    const t: number[] = [];
    for (let r = 0; r < 21; r++) {
      const s = performance.now();
      run();
      t.push(performance.now() - s);
    }
    rows.push([label, ms(median(t)), '', '', `p95 ${ms(rankQuantile(t, 0.95))}`]);
  };
  timeCall('getTimeline: count only (limit 1)', () => w.call('getTimeline', { incidentId: bigId, limit: 1 }));
  timeCall('getTimeline: newest 120 with fromEnd (what opening reads)', () =>
    w.call('getTimeline', { incidentId: bigId, fromEnd: true, limit: 120 }),
  );
  timeCall('getTimeline: 400 in the middle (scrolling)', () =>
    w.call('getTimeline', { incidentId: bigId, offset: N / 2, limit: 400 }),
  );
  timeCall('getTimeline: pinned only', () =>
    w.call('getTimeline', { incidentId: bigId, pinnedOnly: true, limit: 120 }),
  );
  timeCall('locateEntry (search hit to list index)', () =>
    w.call('locateEntry', { incidentId: bigId, entryId: `bench${String(Math.floor(N / 2)).padStart(8, '0')}` }),
  );
  w.close();
}

// ---------------------------------------------------------------------------------------------
// Browser.

async function entryPaints(page: Page, count: number, label: string): Promise<number[]> {
  const box = page.getByRole('textbox', { name: 'Timeline entry' });
  await page.evaluate(() => performance.clearMeasures('warroom:timeline:enter-to-paint'));
  for (let i = 0; i < count; i++) {
    await box.fill(`/d ${label} decision ${i}: rolled back api to v1.2.${i}`);
    await box.press('Enter');
    await page.waitForFunction(
      (n) => performance.getEntriesByName('warroom:timeline:enter-to-paint').length >= n,
      i + 1,
      { timeout: 10_000 },
    );
  }
  return page.evaluate(() => performance.getEntriesByName('warroom:timeline:enter-to-paint').map((e) => e.duration));
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize;
}

async function openBig(page: Page, url: string): Promise<{ mountToPaint: number; clickToPaint: number }> {
  await page.goto(url);
  const row = page.getByRole('region', { name: 'Incidents' }).getByText(BIG);
  await row.waitFor();
  // Page-side code as strings: this file is type-checked for Node, without DOM types.
  await page.evaluate(`
    performance.clearMarks();
    performance.clearMeasures();
    document.addEventListener('click', () => performance.mark('bench:click'), { capture: true, once: true });
  `);
  await row.click();
  await page.waitForFunction(() => performance.getEntriesByName('warroom:timeline:open-to-paint').length > 0, null, {
    timeout: 20_000,
  });
  return page.evaluate(() => {
    const open = performance.getEntriesByName('warroom:timeline:open-to-paint')[0]!;
    const click = performance.getEntriesByName('bench:click')[0]!;
    const rowsPainted = performance.getEntriesByName('warroom:timeline:first-rows')[0]!;
    return { mountToPaint: open.duration, clickToPaint: rowsPainted.startTime - click.startTime };
  });
}

async function browserPart(): Promise<void> {
  if (
    !existsSync(join(REPO, 'out', 'main', 'cli.js')) ||
    !existsSync(join(REPO, 'out', 'renderer', 'index.html')) ||
    !existsSync(CHROMIUM)
  ) {
    rows.push(['browser part skipped', '', '', '', `needs \`npx electron-vite build\` and ${CHROMIUM}`]);
    return;
  }
  const { chromium } = await import('@playwright/test');
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'warroom.js'), 'serve', '--data', dataDir, '--port', '0', '--ui'],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^Warroom console: (\S+)$/.exec(line);
      if (m) done(m[1]!);
    });
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--no-first-run', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
    const page = await context.newPage();

    // Enter to painted, in a fresh incident: the scribe's everyday case.
    await page.goto(url);
    await page.getByRole('region', { name: 'Incidents' }).getByText(SMALL).click();
    await page.getByRole('textbox', { name: 'Timeline entry' }).waitFor();
    await entryPaints(page, 3, 'warm-up');
    const small = await entryPaints(page, 21, 'small');
    rows.push([
      'Enter to entry painted (new incident)',
      ms(median(small)),
      '< 50 ms',
      verdict(median(small) < 50),
      `p95 ${ms(rankQuantile(small, 0.95))}, n=${small.length}`,
    ]);

    // Opening the 50,000-entry incident, each time in a freshly loaded page.
    const opens: { mountToPaint: number; clickToPaint: number }[] = [];
    for (let r = 0; r < RUNS; r++) opens.push(await openBig(page, url));
    const mount = opens.map((o) => o.mountToPaint);
    const click = opens.map((o) => o.clickToPaint);
    rows.push([
      `open ${N.toLocaleString()}-entry timeline: mount to first rows painted`,
      ms(median(mount)),
      '< 300 ms',
      verdict(median(mount) < 300),
      `runs ${mount.map((v) => v.toFixed(0)).join(', ')}`,
    ]);
    rows.push([
      `open ${N.toLocaleString()}-entry timeline: click to first rows painted`,
      ms(median(click)),
      '< 300 ms',
      verdict(median(click) < 300),
      `runs ${click.map((v) => v.toFixed(0)).join(', ')}`,
    ]);
    const heapOpen = await heapUsed(page);
    rows.push([
      'renderer JS heap after opening (after GC)',
      mb(heapOpen),
      '< 150 MB',
      verdict(heapOpen < 150 * 1_048_576),
      '',
    ]);

    // Enter to painted at the end of the 50,000 entries.
    const big = await entryPaints(page, 21, 'big');
    rows.push([
      `Enter to entry painted (${N.toLocaleString()}-entry incident)`,
      ms(median(big)),
      '< 50 ms',
      verdict(median(big) < 50),
      `p95 ${ms(rankQuantile(big, 0.95))}, n=${big.length}`,
    ]);

    // Wheel-scrolling: frame intervals while rows are paged in.
    const list = page.getByRole('list', { name: 'Timeline entries' });
    await list.hover();
    await page.evaluate(`
      window.__frames = [];
      window.__stop = false;
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        if (!window.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    `);
    for (let i = 0; i < 120; i++) await page.mouse.wheel(0, -1_200);
    const frames = (await page.evaluate('window.__stop = true, window.__frames.slice(1)')) as number[];
    rows.push([
      'wheel scroll up 144,000 px: frame interval',
      ms(median(frames)),
      '',
      '',
      `p95 ${ms(rankQuantile(frames, 0.95))}, max ${ms(Math.max(...frames))}, ${frames.length} frames`,
    ]);

    // Jumps across the whole list (scrollbar drags): rows paged in each time, memory stays flat.
    const jumps: number[] = [];
    for (let i = 0; i < 20; i++) {
      const fraction = ((i * 7919) % 20) / 20;
      const t = (await page.evaluate(`(async () => {
        const el = document.querySelector('.timeline__list');
        const started = performance.now();
        el.scrollTop = ${fraction} * (el.scrollHeight - el.clientHeight);
        // Until the rows on screen are entries, not placeholders.
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const top = el.getBoundingClientRect().top;
          const onScreen = [...el.querySelectorAll('.entry')].filter((r) => {
            const b = r.getBoundingClientRect();
            return b.bottom > top && b.top < top + el.clientHeight;
          });
          if (onScreen.length > 0 && onScreen.every((r) => r.hasAttribute('data-entry-id'))) break;
          if (performance.now() - started > 5000) break;
        }
        return performance.now() - started;
      })()`)) as number;
      jumps.push(t);
      if (t > 2_000) {
        // Should not happen: say where the list was stuck, for whoever reads the output.
        const state = await page.evaluate(`(() => {
          const el = document.querySelector('.timeline__list');
          const rows = [...el.querySelectorAll('.entry')];
          return 'scrollTop ' + Math.round(el.scrollTop) + ' of ' + el.scrollHeight + ', rows ' +
            rows.map((r) => r.getAttribute('data-index') + (r.hasAttribute('data-entry-id') ? '' : '(pending)')).join(' ');
        })()`);
        console.log(`slow jump to ${(fraction * 100).toFixed(0)}%: ${t.toFixed(0)} ms; ${String(state)}`);
      }
    }
    rows.push([
      'jump to anywhere in the list: rows painted',
      ms(median(jumps)),
      '',
      '',
      `p95 ${ms(rankQuantile(jumps, 0.95))}`,
    ]);
    const heapAfter = await heapUsed(page);
    rows.push([
      'renderer JS heap after scrolling and jumps (after GC)',
      mb(heapAfter),
      '< 150 MB',
      verdict(heapAfter < 150 * 1_048_576),
      `DOM rows: ${await page.locator('.timeline__list .entry').count()}`,
    ]);

    // Search through the UI: the service's time for the query the panel ran.
    const search = page.getByRole('searchbox', { name: 'Search timeline' });
    const took: number[] = [];
    for (const q of ['rolled', 'database', 'checkout latency', 'canary']) {
      await search.fill(q);
      const status = page.getByRole('status').filter({ hasText: / ms$/ });
      await status.waitFor();
      const text = (await status.textContent()) ?? '';
      const m = /· ([\d.]+) ms$/.exec(text);
      if (m) took.push(Number(m[1]));
      await search.fill('');
    }
    rows.push([
      'FTS through the search box (tookMs)',
      ms(median(took)),
      '< 20 ms',
      verdict(median(took) < 20),
      `queries: ${took.map((t) => t.toFixed(1)).join(', ')}`,
    ]);
    await context.close();
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((d) => child.once('exit', d));
  }
}

try {
  await browserPart();
} finally {
  rmSync(root, { recursive: true, force: true });
}

const header = ['scenario', 'median', 'target', '', 'detail'];
console.log(`timeline (${N.toLocaleString()} entries; ${RUNS} opening runs; medians)`);
printTable(header, rows);
