/** `warroom` as a user types it: help, refusals, unreadable data, clean shutdown. No browser. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, runWarroom, startServe, test } from './fixtures';

test('--help explains the commands', async () => {
  const run = await runWarroom(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('warroom serve [--data DIR] [--port N] [--host HOST] [--ui]');
});

test.describe('bad arguments exit 2 with a clear message', () => {
  for (const args of [[], ['launch'], ['serve', '--prot', '1'], ['serve', '--port', 'x']]) {
    test(`warroom ${args.join(' ') || '(nothing)'}`, async () => {
      const run = await runWarroom(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^warroom: .+\nRun 'warroom --help' for usage\.\n$/);
      expect(run.stdout).toBe('');
    });
  }
});

test('a corrupt database is refused clearly and left untouched', async ({ dataDir }) => {
  const db = join(dataDir, 'warroom.db');
  const garbage = Buffer.alloc(8192, 'not sqlite ');
  await mkdir(dataDir, { recursive: true });
  await writeFile(db, garbage);
  const run = await runWarroom(['serve', '--data', dataDir, '--port', '0', '--ui']);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(`warroom: cannot open the data folder ${dataDir}:`);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(await readFile(db)).toEqual(garbage);
});

// "Warroom stopped" proves the process was still serving when the signal came and shut down
// through its handler, rather than ending on its own or dying of the signal.
test('without --ui the service stays up headless and SIGTERM stops it cleanly', async ({ dataDir }) => {
  const server = await startServe(dataDir, { ui: false });
  expect(await server.stop()).toBe(0);
  // serve hosts a sync room by default: its join link comes right after the ready line.
  expect(server.stdout()).toMatch(/^Join link: warroom:\/\/\S+\nWarroom stopped$/);
  expect(server.stderr()).toBe('');
});

test('SIGINT stops a console cleanly', async ({ dataDir }) => {
  const server = await startServe(dataDir);
  const exited = new Promise((done) => server.child.once('exit', (code, signal) => done({ code, signal })));
  server.child.kill('SIGINT');
  expect(await exited).toEqual({ code: 0, signal: null });
  await server.stop();
  // serve hosts a sync room by default: its join link comes right after the ready line.
  expect(server.stdout()).toMatch(/^Join link: warroom:\/\/\S+\nWarroom stopped$/);
});
