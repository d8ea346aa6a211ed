import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentSummary } from '../../src/shared/domain/incident';
import { silentLogger } from '../../src/main/core/log';
import type { ServeCommand } from '../../src/main/cli/args';
import { serve } from '../../src/main/cli/serve';
import { callConsole, connectConsole, stubRenderer } from '../helpers/console-client';

let dir: string;
let rendererDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-serve-'));
  rendererDir = await stubRenderer(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One `serve` run driven like the CLI does, with its output captured. */
function run(overrides: Partial<ServeCommand> = {}, renderer = rendererDir) {
  const command: ServeCommand = {
    kind: 'serve',
    dataDir: join(dir, 'data'),
    port: 0,
    host: '127.0.0.1',
    ui: true,
    ...overrides,
  };
  let stop!: () => void;
  const until = new Promise<void>((resolve) => (stop = resolve));
  const stdout: string[] = [];
  const stderr: string[] = [];
  let onLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (onLine = resolve));
  const exit = serve(command, renderer, until, {
    stdout: (line) => {
      stdout.push(line);
      onLine(line);
    },
    stderr: (line) => {
      stderr.push(line);
      onLine(line);
    },
    log: silentLogger,
  });
  return { exit, stop, stdout, stderr, firstLine };
}

const CONSOLE_LINE = /^Warroom console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})$/;

function consoleUrl(line: string): string {
  const url = CONSOLE_LINE.exec(line)?.[1];
  if (url === undefined) throw new Error(`not a console line: ${line}`);
  return url;
}

describe('warroom serve', () => {
  it('serves the contract behind the printed URL, persists across restarts, and stops cleanly', async () => {
    const first = run();
    const url = consoleUrl(await first.firstLine);
    const socket = await connectConsole(url);
    const declared = await callConsole<Incident>(socket, 'declareIncident', {
      title: 'Checkout 500s',
      severity: 'SEV2',
    });
    await callConsole<Incident>(socket, 'changeStatus', { id: declared.id, status: 'identified' });
    socket.disconnect();
    first.stop();
    expect(await first.exit).toBe(0);
    expect(first.stderr).toEqual([]);

    const second = run();
    const url2 = consoleUrl(await second.firstLine);
    expect(url2).not.toBe(url);
    const again = await connectConsole(url2);
    const list = await callConsole<IncidentSummary[]>(again, 'listIncidents', {});
    expect(list).toMatchObject([{ id: declared.id, title: 'Checkout 500s', severity: 'SEV2', status: 'identified' }]);
    again.disconnect();
    second.stop();
    expect(await second.exit).toBe(0);
  });

  it('the token of a previous run no longer opens the console', async () => {
    const first = run();
    const oldUrl = consoleUrl(await first.firstLine);
    first.stop();
    await first.exit;
    const second = run();
    const newUrl = new URL(consoleUrl(await second.firstLine));
    const stale = new URL(oldUrl);
    stale.port = newUrl.port;
    await expect(connectConsole(stale.href)).rejects.toThrow(/Access denied/);
    second.stop();
    await second.exit;
  });

  it('without --ui runs the service and says so', async () => {
    const r = run({ ui: false });
    expect(await r.firstLine).toBe('Warroom ready');
    r.stop();
    expect(await r.exit).toBe(0);
  });

  it('refuses a corrupt database with a clear message and leaves the file untouched', async () => {
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    const garbage = Buffer.from('this is not a database, it is a shopping list\n'.repeat(200));
    await writeFile(join(dataDir, 'warroom.db'), garbage);
    const r = run();
    expect(await r.exit).toBe(1);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^warroom: cannot open the data folder .*data: .*warroom\.db/);
    expect(r.stderr[0]).not.toMatch(/\n\s+at /);
    expect(await readFile(join(dataDir, 'warroom.db'))).toEqual(garbage);
  });

  it('explains a port already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run({ port });
      expect(await r.exit).toBe(1);
      expect(r.stderr.join('\n')).toMatch(`cannot serve the console on 127.0.0.1:${port}: the port is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('explains a missing renderer build', async () => {
    const r = run({}, join(dir, 'nowhere'));
    expect(await r.exit).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/console UI is not built .*npx electron-vite build/);
  });
});
