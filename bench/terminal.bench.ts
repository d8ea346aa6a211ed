/**
 * Terminal benchmarks.
 *
 * Core (Node, real ptys, real bash with shell integration): `cat` of a 50 MB file through the pty
 * with a view that acknowledges in 5,000-char steps (the flow-control loop without a browser);
 * the process's memory growth meanwhile; and a `yes` flood with a view that stops acknowledging
 * (memory must stay flat while the pty is paused).
 *
 * Browser (the built `warroom serve --ui` in the Debian Chromium): the same `cat` through pty ->
 * socket.io -> xterm.js, with the renderer the view picks (WebGL on a GPU, the DOM renderer when
 * WebGL is only software, as in this headless Chromium) and with the DOM renderer, the server's
 * memory growth, and keystroke echo latency (key down to the echoed glyph painted). Playwright
 * drives those rows, and it enables DevTools' Network domain, so Chromium copies every WebSocket
 * frame into an event for it: CPU a user's browser never spends. The row "no DevTools network
 * observer" repeats the DOM `cat` in the same Chromium with the same flags, driven over the
 * DevTools protocol directly (launchChromium), without it.
 *
 * When a `cat` ends: in the core part, at its end marker (the view there acknowledges each event
 * as it is emitted, so nothing is left in flight). Over socket.io, when its record reaches the
 * client (sent after the last output). In Chromium, when its last line and the prompt after it
 * are painted (DOM renderer rows; with WebGL, when its record arrives). The end marker alone is
 * no end: the pty is read while up to one flow-control window is still unparsed in the view.
 *
 * Run: `npm run bench` or `node bench/terminal.bench.ts` (Node 24). The browser part needs
 * `npx electron-vite build` and /usr/bin/chromium; it is skipped without them.
 * BENCH_RUNS (default 3) runs per scenario; BENCH_TERMINAL_MB (default 50) file size;
 * BENCH_TERMINAL_BROWSER=0 runs the core part only.
 */
import '../scripts/ts-hooks.mjs';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CommandRecord } from '../src/shared/domain/terminal';

/** The browser globals page callbacks use: this Node project has no DOM types, the page has them. */
/** Printable lines of 100 characters: what logs look like, no escape sequences. */
const LINE = 'warroom terminal throughput benchmark line: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMN\n';
const LINE_END = 'ABCDEFGHIJKLMN';

/** Installed in the page: the last `n` non-empty rows the DOM renderer painted, top to bottom. */
function installLastRows(): void {
  const g = globalThis as unknown as BenchGlobals & {
    document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
  };
  g.benchLastRows = (n) => {
    const rows = [...g.document.querySelectorAll('.xterm-view:not([hidden]) .xterm-rows > div')].map((row) =>
      (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
    );
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows.slice(-n);
  };
}
/** In the page: the last painted row is no longer the bare prompt `p` (a command was typed). */
function commandShown(p: string): boolean {
  return (globalThis as unknown as BenchGlobals).benchLastRows(1)[0] !== p;
}

/** In the page: the cat's last line and then the prompt are painted; when, or 0 while not yet. */
function catPainted([p, end]: readonly [string, string]): number {
  const [before, last] = (globalThis as unknown as BenchGlobals).benchLastRows(2);
  return last === p && before?.endsWith(end) ? performance.now() : 0;
}

interface BenchGlobals {
  benchLastRows(n: number): string[];
}

interface PageGlobals {
  requestAnimationFrame(callback: (now: number) => void): number;
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
}
interface GlCanvas {
  getContext(kind: 'webgl2'): { getExtension(name: 'WEBGL_lose_context'): { loseContext(): void } | null } | null;
}

/** One page, driven over the DevTools protocol (Runtime, Input, Page, Emulation; never Network). */
interface BenchPage {
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** fn's first truthy value, checked in every animation frame (like Playwright's `polling: 'raf'`). */
  waitForFunction<T, A = undefined>(fn: (arg: A) => T, arg?: A, timeoutMs?: number): Promise<T>;
  /** A real mouse click (move, press, release) on the first `selector` whose text contains `text`. */
  click(selector: string, text: string): Promise<void>;
  focus(selector: string): Promise<void>;
  type(text: string): Promise<void>;
  press(key: string, modifiers?: number): Promise<void>;
  close(): Promise<void>;
}
const CONTROL = 2;
const SHIFT = 8;
/** Key codes of the non-letter keys the bench types (a US layout, as Playwright's). */
const KEYS: Record<string, { code: string; keyCode: number; shift?: boolean; text?: string }> = {
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  Backspace: { code: 'Backspace', keyCode: 8 },
  ' ': { code: 'Space', keyCode: 32 },
  '.': { code: 'Period', keyCode: 190 },
  '/': { code: 'Slash', keyCode: 191 },
  '-': { code: 'Minus', keyCode: 189 },
  _: { code: 'Minus', keyCode: 189, shift: true },
};

/**
 * Chromium, headless, driven over the DevTools protocol by hand rather than by Playwright.
 * Playwright enables the Network domain on every page, and Chromium then copies every WebSocket
 * frame, payload and all, into a DevTools event for the driver: per MB of `cat`, ~21 ms of CPU in
 * the browser process and ~18 ms in the driver, against ~5 and ~6 without (2 shared cores; one
 * back-to-back pair: 11.5 against 21 MB/s, `Network.enable` the only difference). A user's
 * browser has no such observer. Only Runtime, Input, Page and Emulation are used; the flags and
 * the viewport are the Playwright rows' (Playwright adds its own defaults to those flags).
 */
async function launchChromium(
  executable: string,
  args: readonly string[],
): Promise<{
  newPage(url: string, viewport: { width: number; height: number }): Promise<BenchPage>;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'warroom-bench-chromium-'));
  const proc = spawn(
    executable,
    ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...args, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const endpoint = await new Promise<string>((done, fail) => {
    let text = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) done(m[1]!);
    });
    void exited.then(() => fail(new Error(`chromium exited: ${text}`)));
  });
  const ws = new WebSocket(endpoint);
  await new Promise((done, fail) => {
    ws.onopen = done;
    ws.onerror = fail;
  });
  let nextId = 1;
  const pending = new Map<number, { done(value: unknown): void; fail(error: Error): void }>();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.fail(new Error(message.error.message));
    else waiter.done(message.result);
  };
  const send = <T>(method: string, params: object = {}, sessionId?: string): Promise<T> =>
    new Promise<T>((done, fail) => {
      const id = nextId++;
      pending.set(id, { done: done as (value: unknown) => void, fail });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });

  async function newPage(url: string, viewport: { width: number; height: number }): Promise<BenchPage> {
    const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const session = <T>(method: string, params: object = {}): Promise<T> => send<T>(method, params, sessionId);
    await session('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
    // The page is the foreground tab with focus, as the window a user looks at (Playwright does
    // the same): headless windows never get the OS focus, and a background tab's renderer runs
    // at a lower priority.
    await session('Emulation.setFocusEmulationEnabled', { enabled: true });
    await session('Page.bringToFront');
    await session('Page.navigate', { url });
    const run = async <T>(expression: string): Promise<T> => {
      const reply = await session<{
        result: { value: T };
        exceptionDetails?: { exception?: { description?: string } };
      }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? 'page error');
      return reply.result.value;
    };
    const call = (fn: (arg: never) => unknown, arg: unknown): string =>
      `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
    const key = async (name: string, modifiers = 0): Promise<void> => {
      const special = KEYS[name];
      const letter = /^[a-z]$/i.test(name);
      const code = special?.code ?? (letter ? `Key${name.toUpperCase()}` : `Digit${name}`);
      const keyCode = special?.keyCode ?? name.toUpperCase().charCodeAt(0);
      const shift = special?.shift === true || (letter && name !== name.toLowerCase()) ? SHIFT : 0;
      const text = modifiers & CONTROL ? '' : special ? (special.text ?? (name.length === 1 ? name : '')) : name;
      const base = { key: name, code, windowsVirtualKeyCode: keyCode, modifiers: modifiers | shift };
      await session('Input.dispatchKeyEvent', {
        type: text ? 'keyDown' : 'rawKeyDown',
        ...base,
        text,
        unmodifiedText: text,
      });
      await session('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
    };
    return {
      evaluate: (fn, arg) => run(call(fn as (arg: never) => unknown, arg)),
      waitForFunction: (fn, arg, timeoutMs = 30_000) =>
        run(`new Promise((done, fail) => {
          const deadline = performance.now() + ${timeoutMs};
          const check = () => {
            let value;
            try { value = ${call(fn as (arg: never) => unknown, arg)}; } catch (error) { fail(error); return; }
            if (value) done(value);
            else if (performance.now() > deadline) fail(new Error('timed out after ${timeoutMs} ms'));
            else requestAnimationFrame(check);
          };
          check();
        })`),
      async click(selector, text) {
        // Waits for the element as Playwright does: present, in the same place for a few frames
        // (panes above it load after the page, e.g. the open incident's rooms) and the one a
        // click at its centre would hit.
        const at = await run<{ x: number; y: number }>(`new Promise((done, fail) => {
          const deadline = performance.now() + 30000;
          let last = '';
          let still = 0;
          const find = () => {
            const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((e) =>
              e.textContent.includes(${JSON.stringify(text)}),
            );
            if (el) {
              el.scrollIntoView({ block: 'nearest' });
              const r = el.getBoundingClientRect();
              const x = r.x + r.width / 2;
              const y = r.y + r.height / 2;
              const where = x + ',' + y;
              still = where === last ? still + 1 : 0;
              last = where;
              if (still >= 5 && el.contains(document.elementFromPoint(x, y))) return done({ x, y });
            }
            if (performance.now() > deadline) fail(new Error('no ' + ${JSON.stringify(`${selector} with text ${text}`)}));
            else requestAnimationFrame(find);
          };
          find();
        })`);
        await session('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at });
        await session('Input.dispatchMouseEvent', { type: 'mousePressed', ...at, button: 'left', clickCount: 1 });
        await session('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at, button: 'left', clickCount: 1 });
      },
      focus: (selector) => run(`document.querySelector(${JSON.stringify(selector)}).focus()`),
      async type(text) {
        for (const ch of text) await key(ch);
      },
      press: key,
      close: () => send('Target.closeTarget', { targetId }).then(() => undefined),
    };
  }

  return {
    newPage,
    async close() {
      ws.close();
      proc.kill();
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const { TerminalService } = await import('../src/main/core/terminal/service');
const { silentLogger } = await import('../src/main/core/log');
const { AckCounter } = await import('../src/shared/domain/terminal');
const { median, printTable } = await import('./lib');

const REPO = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = Number(process.env.BENCH_TERMINAL_MB ?? 50);
const CHROMIUM = process.env.WARROOM_CHROMIUM ?? '/usr/bin/chromium';
const KEYSTROKES = 21;

const root = mkdtempSync(join(tmpdir(), 'warroom-bench-term-'));
const bigFile = join(root, 'big.txt');
mkdirSync(join(root, 'home'));
/** A known prompt, so the page can tell when a `cat`'s output is over and the prompt is back. */
const PROMPT = 'bench$';
writeFileSync(join(root, 'home', '.bashrc'), `PS1='${PROMPT} '\n`);
{
  const block = LINE.repeat(10_000);
  const chunks = Math.ceil((MB * 1_000_000) / block.length);
  writeFileSync(bigFile, block.repeat(chunks));
}
const FILE_BYTES = readFileSync(bigFile).length;

const mbps = (bytes: number, ms: number): number => bytes / 1_000_000 / (ms / 1_000);
const rows: string[][] = [];
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap still in use after a full collection: what is retained, not what awaits collection. */
const retainedHeap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

// ---------------------------------------------------------------------------------------------
// Core: pty -> session -> a view that acknowledges at once, in 5,000-char steps.

const incidentId = 'benchincident01';
const records: CommandRecord[] = [];
const service = new TerminalService({
  dataDir: join(root, 'data'),
  defaultRunbooks: null,
  log: silentLogger,
  shell: '/bin/bash',
  env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(root, 'home'), LANG: 'C.UTF-8' },
  timeline: {
    incident: () => ({ title: 'bench', services: [], tags: [] }),
    commandFinished: () => {},
    runbookStepMarked: () => {},
    runbookMarks: () => ({}),
  },
});
let ackDirectly = true;
const acks = new AckCounter();
const waiters: (() => void)[] = [];
service.subscribe((event, payload) => {
  if (event === 'terminalData') {
    const { id, data } = payload as { id: string; data: string };
    const chars = acks.processed(data.length);
    if (ackDirectly && chars > 0) service.call('ackTerminal', { id, chars });
  } else if (event === 'commandRecorded') {
    records.push(payload as CommandRecord);
  }
  for (const w of waiters.splice(0)) w();
});
const changed = (): Promise<void> => new Promise((done) => waiters.push(done));
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([changed(), new Promise((done) => setTimeout(done, 100))]);
  }
}

const id = service.call('openTerminal', { incidentId, cols: 120, rows: 40 }).id;
const session = service.session(id)!;
await until(() => session.prompts >= 1, 10_000, 'the first prompt');

async function runCommand(command: string): Promise<CommandRecord> {
  const before = records.length;
  service.call('writeTerminal', { id, data: command + '\r' });
  await until(() => records.length > before, 120_000, command);
  return records.at(-1)!;
}

{
  const times: number[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  const baseRetained = retainedHeap();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss - baseRss);
    peakHeap = Math.max(peakHeap, m.heapUsed - baseHeap);
  }, 25);
  await runCommand(`cat ${bigFile} > /dev/null`); // warm the file cache
  for (let i = 0; i < RUNS; i++) times.push((await runCommand(`cat ${bigFile}`)).durationMs);
  clearInterval(sampler);
  const retained = retainedHeap() - baseRetained;
  const med = median(times);
  rows.push([
    `core: cat ${MB} MB, pty -> session -> acking view`,
    `${med.toFixed(0)} ms`,
    `${mbps(FILE_BYTES, med).toFixed(1)} MB/s`,
    `peak rss +${(peakRss / 1e6).toFixed(0)} MB, heap +${(peakHeap / 1e6).toFixed(0)} MB; retained +${(retained / 1e6).toFixed(1)} MB`,
  ]);
}

{
  // A view that stops acknowledging: the pty pauses and memory must stay flat while `yes` waits.
  ackDirectly = false;
  service.call('writeTerminal', { id, data: 'yes\r' });
  await until(() => session.paused, 10_000, 'the pty to pause');
  const heapStart = process.memoryUsage().heapUsed;
  const rssStart = process.memoryUsage().rss;
  await new Promise((done) => setTimeout(done, 3_000));
  const heapGrowth = process.memoryUsage().heapUsed - heapStart;
  const rssGrowth = process.memoryUsage().rss - rssStart;
  const backlog = session.unacknowledged;
  ackDirectly = true;
  service.call('ackTerminal', { id, chars: backlog });
  const pressed = performance.now();
  service.call('writeTerminal', { id, data: '\x03' });
  await until(() => records.at(-1)?.command === 'yes', 10_000, 'yes to stop');
  rows.push([
    'core: yes, view stalled 3 s (paused pty)',
    `Ctrl-C -> record ${(performance.now() - pressed).toFixed(0)} ms`,
    `in flight ${(backlog / 1000).toFixed(0)}k chars`,
    `rss ${rssGrowth >= 0 ? '+' : ''}${(rssGrowth / 1e6).toFixed(1)} MB, heap ${heapGrowth >= 0 ? '+' : ''}${(heapGrowth / 1e6).toFixed(1)} MB`,
  ]);
}
service.close();

// ---------------------------------------------------------------------------------------------
// Browser: the built serve --ui, Chromium, xterm.js.

async function browserPart(): Promise<void> {
  if (process.env.BENCH_TERMINAL_BROWSER === '0') return;
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')) || !existsSync(CHROMIUM)) {
    rows.push(['browser part skipped', 'needs `npx electron-vite build` and ' + CHROMIUM, '', '']);
    return;
  }
  const { chromium } = await import('@playwright/test');
  const { io } = await import('socket.io-client');
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'warroom.js'), 'serve', '--data', join(root, 'serve'), '--port', '0', '--ui'],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: join(root, 'home'), SHELL: '/bin/bash' },
    },
  );
  const url = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`serve exited ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^Warroom console: (\S+)$/.exec(line);
      if (m) done(m[1]!);
    });
  });
  const rss = (): number => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  };
  /**
   * RUNS cats of the big file, each timed by `runOnce` (ms), with the server's RSS growth sampled
   * meanwhile; one table row.
   */
  const measureCat = async (label: string, runOnce: (command: string) => Promise<number>): Promise<void> => {
    const times: number[] = [];
    const base = rss();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rss() - base)), 50);
    try {
      for (let i = 0; i < RUNS; i++) times.push(await runOnce(`cat ${bigFile}`));
    } finally {
      clearInterval(sampler);
    }
    const med = median(times);
    rows.push([
      label,
      `${med.toFixed(0)} ms`,
      `${mbps(FILE_BYTES, med).toFixed(1)} MB/s`,
      `server rss +${(peak / 1e6).toFixed(0)} MB`,
    ]);
  };
  const origin = new URL(url).origin;
  const token = new URL(url).searchParams.get('token') ?? '';
  const socket = io(origin + '/api', { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const env = (await socket.timeout(30_000).emitWithAck('call', method, args)) as {
      ok: boolean;
      value: T;
      error?: { message: string };
    };
    if (!env.ok) throw new Error(env.error?.message);
    return env.value;
  };
  const commandRecords: CommandRecord[] = [];
  /** When each record arrived here, by index in commandRecords. */
  const arrivedAt = new Map<number, number>();
  socket.on('commandRecorded', (r: CommandRecord) => arrivedAt.set(commandRecords.push(r) - 1, performance.now()));

  {
    // The same path without a browser: a socket.io client that acknowledges on receipt. What is
    // left between this and the Chromium rows is xterm.js parsing and the page's rendering.
    const incident = await call<{ id: string }>('declareIncident', {
      title: 'Terminal bench socket',
      severity: 'SEV3',
    });
    const info = await call<{ id: string }>('openTerminal', { incidentId: incident.id, cols: 120, rows: 40 });
    const counter = new AckCounter();
    socket.on('terminalData', (p: { id: string; data: string }) => {
      if (p.id !== info.id) return;
      const chars = counter.processed(p.data.length);
      if (chars > 0) socket.emit('call', 'ackTerminal', { id: info.id, chars }, () => {});
    });
    await call('attachTerminal', { id: info.id });
    const wait = async (command: string, from: number): Promise<CommandRecord> => {
      const deadline = performance.now() + 120_000;
      for (;;) {
        const found = commandRecords.slice(from).find((r) => r.terminalId === info.id && r.command === command);
        if (found) return found;
        if (performance.now() > deadline) throw new Error(`timed out: ${command}`);
        await new Promise((d) => setTimeout(d, 20));
      }
    };
    let from = commandRecords.length;
    await call('writeTerminal', { id: info.id, data: 'true\r' });
    await wait('true', from);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // From the keystroke to the record's arrival: the record is sent after the last output,
      // so by then the client has received every byte (the end marker alone is read while up to
      // one flow-control window is still on its way).
      from = commandRecords.length;
      const sent = performance.now();
      await call('writeTerminal', { id: info.id, data: `cat ${bigFile}\r` });
      await wait(`cat ${bigFile}`, from);
      times.push(arrivedAt.get(commandRecords.length - 1)! - sent);
    }
    await call('closeTerminal', { id: info.id });
    const med = median(times);
    rows.push([
      `socket.io client (no browser): cat ${MB} MB, pty -> socket.io -> acking client`,
      `${med.toFixed(0)} ms`,
      `${mbps(FILE_BYTES, med).toFixed(1)} MB/s`,
      '',
    ]);
  }

  /** The record of `command` in terminal `terminalId`, the first at or after index `from`. */
  const waitRecord = async (terminalId: string, command: string, from: number): Promise<CommandRecord> => {
    const deadline = performance.now() + 180_000;
    for (;;) {
      const found = commandRecords.slice(from).find((r) => r.terminalId === terminalId && r.command === command);
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`timed out: ${command}`);
      await new Promise((d) => setTimeout(d, 50));
    }
  };

  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--no-first-run', '--disable-gpu'],
  });
  try {
    // The renderer the view picks by itself (WebGL on a GPU, DOM on software-only WebGL), then the
    // DOM renderer forced by a lost WebGL context, unless that is what was picked.
    let picked: string | null = null;
    for (const renderer of ['default', 'dom'] as const) {
      if (renderer === 'dom' && picked === 'dom') continue;
      const incident = await call<{ id: string }>('declareIncident', {
        title: `Terminal bench ${renderer}`,
        severity: 'SEV3',
      });
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      await page.addInitScript(installLastRows);
      await page.goto(url);
      await page.getByRole('button', { name: new RegExp(`Terminal bench ${renderer}`) }).click();
      const region = page.getByRole('region', { name: 'Terminal' });
      await region.getByRole('button', { name: 'New terminal' }).click();
      const view = region.locator('.xterm-view:not([hidden])');
      await view.waitFor();
      await page.waitForFunction(() =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.xterm-view:not([hidden])')
          ?.getAttribute('data-renderer'),
      );
      let actual = await view.getAttribute('data-renderer');
      if (renderer === 'default') picked = actual;
      if (renderer === 'dom' && actual === 'webgl') {
        await view.locator('canvas').evaluateAll((canvases) => {
          for (const c of canvases as unknown as GlCanvas[])
            c.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext();
        });
        await page.waitForFunction(
          () =>
            (globalThis as unknown as PageGlobals).document
              .querySelector('.xterm-view:not([hidden])')
              ?.getAttribute('data-renderer') === 'dom',
          null,
          { timeout: 10_000 },
        );
        actual = 'dom';
      }
      const terminalId = (await view.getAttribute('data-terminal-id')) ?? '';
      const textarea = view.locator('.xterm-helper-textarea');
      // The first prompt.
      await page.waitForTimeout(500);
      await textarea.focus();
      await page.keyboard.type('true');
      let from = commandRecords.length;
      await page.keyboard.press('Enter');
      await waitRecord(terminalId, 'true', from);

      // The end of a `cat` is the moment its last line and the prompt after it are painted: the
      // end marker alone is read while up to one flow-control window is still unparsed in the
      // view. The DOM renderer's rows say what is painted; WebGL draws on a canvas, so there the
      // record's arrival is the end (the view may still be parsing: an upper bound on throughput).
      await measureCat(`browser (${actual}): cat ${MB} MB, pty -> socket.io -> xterm.js`, async (command) => {
        await textarea.focus();
        await page.keyboard.type(command);
        // The command line is on screen, so the finished state below cannot be the previous run's.
        if (actual === 'dom') await page.waitForFunction(commandShown, PROMPT, { polling: 'raf' });
        from = commandRecords.length;
        const pressed = performance.now();
        const started = await page.evaluate(() => performance.now());
        await page.keyboard.press('Enter');
        if (actual === 'dom') {
          const done = await page.waitForFunction(catPainted, [PROMPT, LINE_END] as const, {
            polling: 'raf',
            timeout: 180_000,
          });
          const took = (await done.jsonValue()) - started;
          await waitRecord(terminalId, command, from);
          return took;
        }
        await waitRecord(terminalId, command, from);
        return arrivedAt.get(commandRecords.length - 1)! - pressed;
      });

      // Keystroke echo: key down to the echoed glyph painted, one key at a time.
      await page.evaluate(() => performance.clearMeasures('warroom:terminal:key-to-paint'));
      for (let i = 0; i < KEYSTROKES; i++) {
        await textarea.focus();
        await page.keyboard.press('a');
        await page.waitForFunction(
          (n) => performance.getEntriesByName('warroom:terminal:key-to-paint').length >= n,
          i + 1,
          { timeout: 5_000 },
        );
      }
      const echo = await page.evaluate(() =>
        performance.getEntriesByName('warroom:terminal:key-to-paint').map((e) => e.duration),
      );
      await page.keyboard.press('Control+U');
      rows.push([
        `browser (${actual}): keystroke echo, key down -> glyph painted`,
        `${median(echo).toFixed(1)} ms`,
        `p90 ${[...echo].sort((a, b) => a - b)[Math.floor(echo.length * 0.9)]!.toFixed(1)} ms`,
        `${echo.length} keys`,
      ]);
      if (actual === 'dom') {
        // The floor of this machine: the same measure for a plain text box (no pty, no xterm.js).
        const box = page.getByRole('textbox', { name: 'Timeline entry' });
        await box.evaluate((el) => {
          el.addEventListener('keydown', () => performance.mark('bench:box-key'), { capture: true });
          el.addEventListener('input', () =>
            (globalThis as unknown as PageGlobals).requestAnimationFrame(() =>
              setTimeout(() => {
                performance.mark('bench:box-painted');
                performance.measure('bench:box-key-to-paint', 'bench:box-key', 'bench:box-painted');
              }, 0),
            ),
          );
        });
        for (let i = 0; i < KEYSTROKES; i++) {
          await box.focus();
          await page.keyboard.press('a');
          await page.waitForFunction((n) => performance.getEntriesByName('bench:box-key-to-paint').length >= n, i + 1, {
            timeout: 5_000,
          });
        }
        const boxEcho = await page.evaluate(() =>
          performance.getEntriesByName('bench:box-key-to-paint').map((e) => e.duration),
        );
        await box.fill('');
        rows.push([
          'browser: baseline, key down -> plain text box painted',
          `${median(boxEcho).toFixed(1)} ms`,
          'same method, no terminal',
          `${boxEcho.length} keys`,
        ]);
      }
      await call('closeTerminal', { id: terminalId });
      await page.close();
      void incident;
    }
    await browser.close();
    browser = null;

    // The same `cat` in a browser no DevTools client observes: Playwright (above) enables the
    // Network domain, and Chromium then copies every WebSocket frame into a DevTools event for the
    // driver (see launchChromium). Same Chromium, flags, viewport, page and end (last line painted).
    const bare = await launchChromium(CHROMIUM, ['--no-sandbox', '--no-first-run', '--disable-gpu']);
    try {
      await call('declareIncident', { title: 'Terminal bench bare', severity: 'SEV3' });
      const page = await bare.newPage(url, { width: 1600, height: 1200 });
      await page.evaluate(installLastRows);
      await page.click('button', 'Terminal bench bare');
      await page.click('[aria-label="Terminal"] button', 'New terminal');
      const renderer = await page.waitForFunction(() =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.xterm-view:not([hidden])')
          ?.getAttribute('data-renderer'),
      );
      const terminalId = await page.evaluate(
        () =>
          (globalThis as unknown as PageGlobals).document
            .querySelector('.xterm-view:not([hidden])')
            ?.getAttribute('data-terminal-id') ?? '',
      );
      const focusTerminal = (): Promise<void> => page.focus('.xterm-view:not([hidden]) .xterm-helper-textarea');
      await new Promise((d) => setTimeout(d, 500));
      await focusTerminal();
      await page.type('true');
      let from = commandRecords.length;
      await page.press('Enter');
      await waitRecord(terminalId, 'true', from);
      if (renderer === 'dom') {
        await measureCat(`browser (dom), no DevTools network observer: cat ${MB} MB`, async (command) => {
          await focusTerminal();
          await page.type(command);
          await page.waitForFunction(commandShown, PROMPT);
          from = commandRecords.length;
          const started = await page.evaluate(() => performance.now());
          // Checked in every animation frame as the page paints, from before the key press.
          const done = page.waitForFunction(catPainted, [PROMPT, LINE_END] as const, 180_000);
          await page.press('Enter');
          const took = (await done) - started;
          await waitRecord(terminalId, command, from);
          return took;
        });
      }
      await call('closeTerminal', { id: terminalId });
      await page.close();
    } finally {
      await bare.close();
    }
  } finally {
    await browser?.close();
    socket.close();
    child.kill('SIGTERM');
    await new Promise((d) => child.once('exit', d));
  }
}

try {
  await browserPart();
} finally {
  rmSync(root, { recursive: true, force: true });
}

const header = ['scenario', 'median', 'throughput / detail', 'memory / detail'];
console.log(
  `terminal (${RUNS} runs per scenario, ${(FILE_BYTES / 1e6).toFixed(0)} MB file; targets: >= 20 MB/s, server < +100 MB, echo < 20 ms)`,
);
printTable(header, rows);
