/**
 * `warroom serve` as a child process: started on a fresh data folder, ready when it prints its
 * console URL (awaited on stdout, never a fixed sleep), stopped with SIGTERM at teardown.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { test as base } from '@playwright/test';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/warroom.js');

export interface ServeProcess {
  /** The printed console URL, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything printed after the ready line. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM and wait: resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `warroom ARGS` to completion. */
export function runWarroom(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const READY = /^(?:Warroom console: (\S+)|Warroom ready)$/;

/** Start `warroom serve` and resolve once it prints its ready line. */
export function startServe(dataDir: string, options: { ui?: boolean } = {}): Promise<ServeProcess> {
  if (!existsSync(join(REPO, 'out/main/cli.js'))) {
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` before the e2e tests');
  }
  const args = [BIN, 'serve', '--data', dataDir, '--port', '0', ...(options.ui === false ? [] : ['--ui'])];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  let afterReady: string[] | null = null;
  return new Promise((ready, fail) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => fail(new Error(`warroom serve exited (${code}) before it was ready:\n${stderr}`)));
    lines.on('line', (line) => {
      if (afterReady) return void afterReady.push(line);
      const match = READY.exec(line);
      if (!match) return;
      afterReady = [];
      const url = match[1] ?? '';
      const parsed = url ? new URL(url) : null;
      ready({
        url,
        origin: parsed?.origin ?? '',
        token: parsed?.searchParams.get('token') ?? '',
        child,
        stdout: () => (afterReady ?? []).join('\n'),
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const code = await exited;
          // Stdout may still hold its last lines when 'exit' fires.
          await new Promise((done) => (child.stdout.readableEnded ? done(null) : child.stdout.once('end', done)));
          return code;
        },
      });
    });
  });
}

interface Fixtures {
  /** A fresh, empty data folder, removed after the test. */
  dataDir: string;
  /** Start `warroom serve --ui` on a data folder (the test's own by default); stopped at teardown. */
  serve: (dataDir?: string) => Promise<ServeProcess>;
}

export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'warroom-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  serve: async ({ dataDir }, use) => {
    const started: ServeProcess[] = [];
    await use(async (dir = dataDir) => {
      const server = await startServe(dir);
      started.push(server);
      return server;
    });
    await Promise.all(started.map((s) => s.stop()));
  },
});

export { expect } from '@playwright/test';
