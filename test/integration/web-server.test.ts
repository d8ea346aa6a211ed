import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEB_NAMESPACE, type Envelope, type EventName, type EventPayloads } from '../../src/shared/api';
import type { Incident } from '../../src/shared/domain/incident';
import { UNAUTHORIZED_MESSAGE } from '../../src/shared/web';
import { silentLogger } from '../../src/main/core/log';
import type { EventListener, WarroomService } from '../../src/main/core/service';
import { startWebServer, type WebServer } from '../../src/main/web/server';

/** A transport-level double: the bridge's job is delivery, not incident logic. */
class StubService implements WarroomService {
  readonly calls: { method: string; args: unknown }[] = [];
  private readonly listeners = new Set<EventListener>();

  async handle(method: string, args: unknown): Promise<Envelope<unknown>> {
    this.calls.push({ method, args });
    if (method === 'echo') return { ok: true, value: args };
    if (method === 'explode') throw new Error('boom');
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method: ${method}` } };
  }
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) l(event, payload);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  close(): void {}
}

const TOKEN = 'test-token-0123456789';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';

let dir: string;
let root: string;
let service: StubService;
let server: WebServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-web-'));
  root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'assets', 'blob.unknownext'), 'x');
  await writeFile(join(root, '.env'), SECRET);
  await writeFile(join(dir, 'secret.txt'), SECRET);
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  service = new StubService();
  server = await startWebServer({
    service,
    rendererDir: root,
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    token: TOKEN,
  });
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function client(
  auth?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
  namespace = WEB_NAMESPACE,
): Socket {
  const socket = ioClient(`http://127.0.0.1:${server.port}${namespace}`, {
    auth,
    extraHeaders,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

/** Resolves with null on connect, or the refusal error. */
function outcome(socket: Socket): Promise<Error | null> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (err) => resolve(err));
  });
}

async function connected(): Promise<Socket> {
  const socket = client({ token: TOKEN });
  const err = await outcome(socket);
  if (err) throw err;
  return socket;
}

describe('socket bridge: authentication', () => {
  it('prints a console URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it.each([
    ['a wrong token', { token: 'nope' }],
    ['a token of the right length but wrong content', { token: TOKEN.replace(/.$/, 'X') }],
    ['a non-string token', { token: 12345 }],
    ['no token at all', undefined],
  ])('refuses %s with a clear error and delivers nothing', async (_label, auth) => {
    const socket = client(auth);
    const received: unknown[] = [];
    socket.onAny((...args) => received.push(args));
    const err = await outcome(socket);
    expect(err?.message).toBe(UNAUTHORIZED_MESSAGE);
    expect((err as Error & { data?: unknown }).data).toEqual({ code: 'unauthorized' });
    service.emit('profileChanged', { peerId: 'p', displayName: 'leak?' });
    // An authenticated round trip after the emit proves the event has been flushed everywhere.
    const witness = await connected();
    await witness.emitWithAck('call', 'echo', {});
    expect(received).toEqual([]);
    expect(socket.connected).toBe(false);
  });

  it('refuses the main namespace even with the right token', async () => {
    const err = await outcome(client({ token: TOKEN }, undefined, '/'));
    expect(err?.message).toMatch(/unknown namespace/);
  });

  it('refuses a browser handshake from another origin', async () => {
    const err = await outcome(client({ token: TOKEN }, { Origin: 'http://evil.example' }));
    expect(err).not.toBeNull();
  });

  it('accepts a same-origin browser handshake', async () => {
    const err = await outcome(client({ token: TOKEN }, { Origin: `http://127.0.0.1:${server.port}` }));
    expect(err).toBeNull();
  });
});

describe('socket bridge: calls', () => {
  it('runs a method through the service and acks its envelope', async () => {
    const socket = await connected();
    const reply: unknown = await socket.emitWithAck('call', 'echo', { a: 1 });
    expect(reply).toEqual({ ok: true, value: { a: 1 } });
    expect(service.calls.at(-1)).toEqual({ method: 'echo', args: { a: 1 } });
  });

  it('passes service errors through unchanged', async () => {
    const socket = await connected();
    const reply: unknown = await socket.emitWithAck('call', 'nosuch', {});
    expect(reply).toEqual({ ok: false, error: { code: 'unknown_method', message: 'Unknown method: nosuch' } });
  });

  it('answers an internal error when the service throws, and keeps serving', async () => {
    const socket = await connected();
    expect(await socket.emitWithAck('call', 'explode', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    });
    expect(await socket.emitWithAck('call', 'echo', 1)).toEqual({ ok: true, value: 1 });
  });

  it.each([
    ['a non-string method', [42, {}]],
    ['an object method', [{ toString: 'x' }, {}]],
    ['missing args', ['echo']],
    ['extra items', ['echo', {}, 'extra']],
  ])('rejects %s with an invalid_argument envelope', async (_label, items) => {
    const socket = await connected();
    const before = service.calls.length;
    const reply: unknown = await socket.emitWithAck('call', ...items);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(service.calls.length).toBe(before);
  });

  it('ignores calls without an ack and unknown events, and stays up', async () => {
    const socket = await connected();
    const before = service.calls.length;
    socket.emit('call', 'echo', {});
    socket.emit('call');
    socket.emit('rm -rf', { x: 1 });
    expect(await socket.emitWithAck('call', 'echo', 'still here')).toEqual({ ok: true, value: 'still here' });
    expect(service.calls.length).toBe(before + 1);
  });

  it('broadcasts service events to every authenticated socket', async () => {
    const [a, b] = await Promise.all([connected(), connected()]);
    const incident = { id: 'incident-1' } as unknown as Incident;
    const got = Promise.all([a, b].map((s) => new Promise((resolve) => s.once('incidentChanged', resolve))));
    service.emit('incidentChanged', incident);
    expect(await got).toEqual([incident, incident]);
  });
});

type HttpReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(path: string, method = 'GET'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends the request target byte for byte: node:http and URL parsers would normalise it. */
function raw(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(server.port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('static renderer', () => {
  it('serves index.html at / with a strict CSP', async () => {
    const res = await get('/?token=abc');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/blob.unknownext', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await get('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers 404 for missing files and dotfiles', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    const dotfile = await get('/.env');
    expect(dotfile.status).toBe(404);
    expect(dotfile.body).not.toContain(SECRET);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/..\\..\\secret.txt',
    '/%00/../secret.txt',
    '/%zz',
    '/assets/link.txt',
    'secret.txt',
  ])('refuses %s', async (target) => {
    const response = await raw(target);
    const status = Number(response.split(' ')[1]);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(response).not.toContain(SECRET);
  });
});

describe('static renderer under concurrent load', () => {
  it('serves every file of a burst that mixes hits and misses, on a fresh server', async () => {
    const fresh = await startWebServer({
      service: new StubService(),
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
      log: silentLogger,
    });
    try {
      const paths = Array.from({ length: 30 }, (_, i) => ['/favicon.ico', '/assets/app.js', '/'][i % 3] ?? '/');
      const statuses = await Promise.all(
        paths.map(async (path) => {
          const res = await fetch(`http://127.0.0.1:${fresh.port}${path}`);
          await res.arrayBuffer();
          return `${path} ${res.status}`;
        }),
      );
      expect(new Set(statuses)).toEqual(new Set(['/favicon.ico 404', '/assets/app.js 200', '/ 200']));
    } finally {
      await fresh.close();
    }
  });
});

describe('lifecycle', () => {
  it('reports a port already in use, and close() stops forwarding events', async () => {
    const other = new StubService();
    await expect(
      startWebServer({ service: other, rendererDir: root, host: '127.0.0.1', port: server.port, log: silentLogger }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(other.listenerCount).toBe(0);

    const second = await startWebServer({
      service: other,
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
      log: silentLogger,
    });
    expect(second.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.listenerCount).toBe(1);
    await second.close();
    expect(other.listenerCount).toBe(0);
  });
});
