/**
 * `warroom serve` as a sync peer, driven like the CLI: it hosts a room by default and prints its
 * join link; a second serve joins with --join; entries typed through one console's bridge show
 * up in the other's, both ways; a restarted relay with --room-key keeps its link; a relay hosts
 * the room it joins, so consoles joined to it share that room's incidents.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCommand, type ServeCommand } from '../../src/main/cli/args';
import { serve } from '../../src/main/cli/serve';
import { callConsole, connectConsole, stubRenderer } from '../helpers/console-client';
import { silentLogger } from '../../src/main/core/log';
import type { Incident } from '../../src/shared/domain/incident';
import type { TimelinePageResult } from '../../src/shared/contract/timeline';
import { formatJoinLink, parseJoinLink } from '../../src/shared/sync/link';

let dir: string;
let rendererDir: string;
const running: { stop: () => void; exit: Promise<number> }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-sync-cli-'));
  rendererDir = await stubRenderer(dir);
});

afterEach(async () => {
  for (const r of running.splice(0)) {
    r.stop();
    await r.exit;
  }
  await rm(dir, { recursive: true, force: true });
});

function run(name: string, overrides: Partial<ServeCommand>) {
  const command: ServeCommand = {
    kind: 'serve',
    dataDir: join(dir, name),
    port: 0,
    host: '127.0.0.1',
    ui: true,
    room: { host: '127.0.0.1', port: 0, key: undefined },
    joins: [],
    ...overrides,
  };
  let stop!: () => void;
  const until = new Promise<void>((resolve) => (stop = resolve));
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onLine = (line: string): void => {
    lines.push(line);
    for (const w of [...waiters]) {
      const m = w.re.exec(line);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const exit = serve(command, rendererDir, until, { stdout: onLine, stderr: onLine, log: silentLogger });
  const r = {
    stop,
    exit,
    lines,
    line: (re: RegExp): Promise<RegExpExecArray> =>
      new Promise((resolve) => {
        const seen = lines.map((l) => re.exec(l)).find((m) => m);
        if (seen) resolve(seen);
        else waiters.push({ re, resolve });
      }),
  };
  running.push(r);
  return r;
}

/** Resolves when `event` carries a payload matching `pred`. */
function nextEvent<T>(socket: Socket, event: string, pred: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (payload: T): void => {
      if (!pred(payload)) return;
      socket.off(event, on);
      resolve(payload);
    };
    socket.on(event, on);
  });
}

const CONSOLE = /^Warroom console: (\S+)$/;

/** The texts of an incident's timeline entries, read through a console's bridge. */
async function entryTexts(socket: Socket, incidentId: string): Promise<string[]> {
  return (await callConsole<TimelinePageResult>(socket, 'getTimeline', { incidentId })).entries.map((e) => e.text);
}
const JOIN = /^Join link: (warroom:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{22})$/;

it('two consoles in a room: entries cross within 200 ms both ways; a restarted host keeps its link', async () => {
  const a = run('a', {});
  const [, linkA = ''] = await a.line(JOIN);
  const consoleA = await connectConsole((await a.line(CONSOLE))[1] ?? '');
  const incident = await callConsole<Incident>(consoleA, 'declareIncident', {
    title: 'Checkout 500s',
    severity: 'SEV1',
  });

  const b = run('b', { joins: [linkA] });
  await b.line(/^Joining room /);
  await b.line(/^Room \S+ at 127\.0\.0\.1:\d+: connected$/);
  const consoleB = await connectConsole((await b.line(CONSOLE))[1] ?? '');
  await expect
    .poll(() => callConsole<Incident>(consoleB, 'getIncident', { id: incident.id }), { timeout: 5_000 })
    .toMatchObject({
      title: 'Checkout 500s',
    });

  for (const [from, to, text] of [
    [consoleA, consoleB, 'from A'],
    [consoleB, consoleA, 'from B'],
  ] as const) {
    const arrived = nextEvent<{ entries: { text: string }[] }>(to, 'timelineChanged', (p) =>
      p.entries.some((e) => e.text === text),
    );
    const started = performance.now();
    await callConsole(from, 'addEntry', { incidentId: incident.id, kind: 'note', text });
    await arrived;
    expect(performance.now() - started).toBeLessThan(200);
  }

  // The sync status over the contract shows B connected to A.
  const status = await callConsole<{ joins: { state: string; roomId: string }[] }>(consoleB, 'getSyncStatus', {});
  expect(status.joins).toMatchObject([{ state: 'connected', roomId: parseJoinLink(linkA).roomId }]);
  consoleA.disconnect();

  // A restarts on the same port and key: same link, B reconnects, writes made apart converge.
  a.stop();
  expect(await a.exit).toBe(0);
  await callConsole(consoleB, 'addEntry', { incidentId: incident.id, kind: 'note', text: 'while A was down' });
  const { port, roomKey } = parseJoinLink(linkA);
  const a2 = run('a', { room: { host: '127.0.0.1', port, key: roomKey } });
  expect((await a2.line(JOIN))[1]).toBe(linkA);
  const consoleA2 = await connectConsole((await a2.line(CONSOLE))[1] ?? '');
  await expect.poll(() => entryTexts(consoleA2, incident.id), { timeout: 10_000 }).toContain('while A was down');
  consoleA2.disconnect();
  consoleB.disconnect();
});

it('a relay (serve --join) hosts the room it joins: a console joined to the relay gets its incidents, and back', async () => {
  const a = run('a', {});
  const [, linkA = ''] = await a.line(JOIN);
  const consoleA = await connectConsole((await a.line(CONSOLE))[1] ?? '');
  const incident = await callConsole<Incident>(consoleA, 'declareIncident', { title: 'Relayed', severity: 'SEV2' });

  const relay = parseCommand(['serve', '--port', '0', '--room-port', '0', '--join', linkA]);
  if (relay.kind !== 'serve') throw new Error('relay command refused');
  const b = run('b', { ui: false, room: relay.room, joins: relay.joins });
  const [, linkB = ''] = await b.line(JOIN);
  const { roomId, roomKey } = parseJoinLink(linkA);
  expect(parseJoinLink(linkB)).toMatchObject({ roomId, roomKey });

  const c = run('c', { room: null, joins: [linkB] });
  const consoleC = await connectConsole((await c.line(CONSOLE))[1] ?? '');
  await expect
    .poll(() => callConsole<Incident>(consoleC, 'getIncident', { id: incident.id }), { timeout: 5_000 })
    .toMatchObject({ title: 'Relayed' });
  await callConsole(consoleC, 'addEntry', { incidentId: incident.id, kind: 'note', text: 'from C via the relay' });
  await expect.poll(() => entryTexts(consoleA, incident.id), { timeout: 5_000 }).toContain('from C via the relay');
  consoleA.disconnect();
  consoleC.disconnect();
});

it('a relay joining with a wrong key says why on stdout', async () => {
  const a = run('a', {});
  const link = parseJoinLink((await a.line(JOIN))[1] ?? '');
  const c = run('c', { ui: false, room: null, joins: [formatJoinLink({ ...link, roomKey: 'A'.repeat(22) })] });
  expect((await c.line(/: refused: (.*)$/))[1]).toMatch(/^Wrong room key/);
});

it('refuses to start when the room port is taken, saying which option to change', async () => {
  const a = run('a', {});
  const { port } = parseJoinLink((await a.line(JOIN))[1] ?? '');
  const b = run('b', { room: { host: '127.0.0.1', port, key: undefined } });
  expect(await b.exit).toBe(1);
  expect(b.lines.at(-1)).toMatch(/cannot host the sync room: Port \d+ is already in use/);
});
