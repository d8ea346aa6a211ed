import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/shared/api';
import { composeLocalService, isLoopbackAddress } from '../../src/main/core/terminal/local-only';
import { sanitizePaste } from '../../src/main/core/terminal/session';
import { planLaunch, resolveShell, shellKind, writeIntegrationScripts } from '../../src/main/core/terminal/shell';
import { Transcript, TranscriptStore, exportText } from '../../src/main/core/terminal/transcript';
import type { EventListener, WarroomService } from '../../src/main/core/service';
import { isSoftwareGl, PrivateModeTracker } from '../../src/shared/domain/terminal';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('shell resolution', () => {
  it('prefers $SHELL, then the passwd shell, then bash, then sh', () => {
    const exists = (files: string[]) => (f: string) => files.includes(f);
    expect(resolveShell({ SHELL: '/usr/bin/zsh' }, exists(['/usr/bin/zsh', '/bin/bash']))).toEqual({
      file: '/usr/bin/zsh',
      kind: 'zsh',
    });
    expect(resolveShell({ SHELL: '/missing/fish' }, exists(['/bin/bash']), () => '/missing/too').file).toBe(
      '/bin/bash',
    );
    expect(resolveShell({}, exists(['/usr/bin/fish']), () => '/usr/bin/fish')).toEqual({
      file: '/usr/bin/fish',
      kind: 'other',
    });
    expect(resolveShell({}, exists(['/bin/sh']), () => undefined)).toEqual({ file: '/bin/sh', kind: 'sh' });
    // A relative $SHELL is not trusted (it would resolve against the terminal's cwd).
    expect(
      resolveShell(
        { SHELL: 'bash' },
        () => true,
        () => undefined,
      ).file,
    ).toBe('/bin/bash');
    expect(() =>
      resolveShell(
        {},
        () => false,
        () => undefined,
      ),
    ).toThrow(/no usable shell/);
    expect(shellKind('/bin/dash')).toBe('sh');
  });

  it('plans bash with --rcfile, zsh with ZDOTDIR, and others plain; the nonce only travels with integration', () => {
    const base = {
      nonce: 'nonce-123456',
      scriptsDir: '/data/si',
      env: { HOME: '/home/u', ELECTRON_RUN_AS_NODE: '1', X: 'y' },
    };
    const bash = planLaunch({ ...base, shell: { file: '/bin/bash', kind: 'bash' }, integration: true });
    expect(bash.args).toEqual(['--rcfile', '/data/si/bashrc', '-i']);
    expect(bash.env).toMatchObject({ WARROOM_NONCE: 'nonce-123456', TERM: 'xterm-256color', X: 'y', HOME: '/home/u' });
    expect(bash.env.ELECTRON_RUN_AS_NODE).toBeUndefined();

    const zsh = planLaunch({ ...base, shell: { file: '/bin/zsh', kind: 'zsh' }, integration: true });
    expect(zsh.env).toMatchObject({ ZDOTDIR: '/data/si/zsh', WARROOM_USER_ZDOTDIR: '/home/u' });

    const off = planLaunch({ ...base, shell: { file: '/bin/bash', kind: 'bash' }, integration: false });
    expect(off).toMatchObject({ args: [], integration: false });
    expect(off.env.WARROOM_NONCE).toBeUndefined();

    const sh = planLaunch({ ...base, shell: { file: '/bin/sh', kind: 'sh' }, integration: true });
    expect(sh.integration).toBe(false);
  });

  it('writes the integration scripts privately and idempotently', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-si-'));
    writeIntegrationScripts(dir);
    writeIntegrationScripts(dir);
    const rc = readFileSync(join(dir, 'bashrc'), 'utf8');
    expect(rc).toContain('. "$HOME/.bashrc"');
    expect(rc).toContain('unset WARROOM_NONCE');
    expect(statSync(join(dir, 'bashrc')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'zsh', '.zshrc'), 'utf8')).toContain('precmd_functions=(__wr_precmd');
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['localhost', false],
    ['', false],
  ])('%j -> %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('sanitizePaste', () => {
  it('drops control characters that could escape bracketed paste or press keys', () => {
    expect(sanitizePaste('echo hi\n')).toBe('echo hi');
    expect(sanitizePaste('a\r\nb\rc')).toBe('a\nb\nc');
    expect(sanitizePaste('ls\x1b[201~; rm -rf /\x03\x04')).toBe('ls[201~; rm -rf /');
    expect(sanitizePaste('x\x9b201~y')).toBe('x201~y');
    expect(sanitizePaste('\ttab ok')).toBe('\ttab ok');
  });
});

describe('Transcript', () => {
  it('caps its size by trimming the oldest output', () => {
    const t = new Transcript(10);
    t.append('0123456789');
    t.append('abc');
    expect(t.text()).toBe('3456789abc');
    expect(t.trimmedChars).toBe(3);
    for (let i = 0; i < 10_000; i++) t.append('x');
    expect(t.size).toBe(10);
    expect(t.trimmedChars).toBe(10_003);
    expect(t.tail(3)).toBe('xxx');
  });

  it('is saved atomically and exported as redacted plain text', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-tr-'));
    const store = new TranscriptStore(dir);
    const meta = {
      terminalId: 'term00001',
      incidentId: 'incident01',
      title: 'bash 1',
      shell: '/bin/bash',
      startedAt: 0,
      trimmedChars: 5,
    };
    store.save(meta, '\x1b[32m$ \x1b[0mexport DB_PASSWORD=hunter2\r\n');
    expect(store.list('incident01')).toEqual([meta]);
    const loaded = store.load('incident01', 'term00001');
    expect(loaded?.raw).toContain('hunter2');
    const text = exportText(meta, loaded?.raw ?? '', 1_000);
    expect(text).toContain('$ export DB_PASSWORD=[REDACTED]');
    expect(text).toContain('the oldest 5 characters were trimmed');
    expect(text).not.toContain('hunter2');
    expect(store.load('incident01', 'missing01')).toBeNull();
    expect(() => store.save({ ...meta, terminalId: '../escape' }, '')).toThrow(/unsafe id/);
  });
});

describe('composeLocalService', () => {
  class Fake implements WarroomService {
    readonly calls: string[] = [];
    readonly listeners = new Set<EventListener>();
    closed = false;
    constructor(private readonly name: string) {}
    async handle(method: string): Promise<Envelope<unknown>> {
      this.calls.push(method);
      return { ok: true, value: this.name };
    }
    subscribe(l: EventListener): () => void {
      this.listeners.add(l);
      return () => this.listeners.delete(l);
    }
    close(): void {
      this.closed = true;
    }
  }

  it('routes terminal methods to the terminal service and everything else to Warroom', async () => {
    const warroom = new Fake('warroom');
    const terminals = new Fake('terminals');
    const local = composeLocalService(warroom, terminals);
    expect(await local.handle('openTerminal', {})).toEqual({ ok: true, value: 'terminals' });
    expect(await local.handle('pasteRunbookStep', {})).toEqual({ ok: true, value: 'terminals' });
    expect(await local.handle('listIncidents', {})).toEqual({ ok: true, value: 'warroom' });
    expect(await local.handle('constructor', {})).toEqual({ ok: true, value: 'warroom' });
    const off = local.subscribe(() => undefined);
    expect([warroom.listeners.size, terminals.listeners.size]).toEqual([1, 1]);
    off();
    expect([warroom.listeners.size, terminals.listeners.size]).toEqual([0, 0]);
    local.close();
    expect([warroom.closed, terminals.closed]).toEqual([true, true]);
  });
});

describe('isSoftwareGl (renderer choice)', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Microsoft Basic Render Driver', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['Apple M2', false],
    ['Mesa Intel(R) UHD Graphics 620 (KBL GT2)', false],
  ])('%s -> %s', (renderer, software) => {
    expect(isSoftwareGl(renderer)).toBe(software);
  });
});

describe('PrivateModeTracker', () => {
  const set = '\x1b[?2004h';
  const reset = '\x1b[?2004l';

  it('follows the last switch of a mode, and no other mode', () => {
    const mode = new PrivateModeTracker(2004);
    expect(mode.on).toBe(false);
    expect(mode.read(`prompt ${set} text`)).toBe(true);
    expect(mode.read(`${reset}${set}${reset}`)).toBe(false);
    expect(mode.read('\x1b[?2026h \x1b[?200h \x1b[?20041h')).toBe(false);
    mode.read(set);
    mode.forget();
    expect(mode.on).toBe(false);
  });

  it('sees a switch split across pieces at any cut, also over three pieces, and counts it once', () => {
    for (let cut = 1; cut < set.length; cut++) {
      const mode = new PrivateModeTracker(2004);
      mode.read(`output ${set.slice(0, cut)}`);
      expect(mode.read(`${set.slice(cut)} more`), `cut at ${cut}`).toBe(true);
      // A later reset wins: the split switch is not read again from the boundary.
      expect(mode.read(reset)).toBe(false);
      expect(mode.read('x')).toBe(false);
    }
    const mode = new PrivateModeTracker(2004);
    for (const piece of ['$ \x1b[', '?2', '0', '04', 'h']) mode.read(piece);
    expect(mode.on).toBe(true);
  });
});
