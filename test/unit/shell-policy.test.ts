import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  isTrustedSender,
  isTrustedUrl,
  resolveAppFile,
  trustedOrigins,
  type SenderFacts,
} from '../../src/main/shell/policy';

const DEV = 'http://localhost:5173';

describe('trusted URLs', () => {
  const prod = trustedOrigins();
  const dev = trustedOrigins(DEV + '/');

  it('trusts our app:// origin only', () => {
    expect(isTrustedUrl(APP_ENTRY_URL, prod)).toBe(true);
    expect(isTrustedUrl('app://warroom/sub/page.html?x=1#y', prod)).toBe(true);
    expect(isTrustedUrl('app://other/index.html', prod)).toBe(false);
    expect(isTrustedUrl('app:///index.html', prod)).toBe(false);
    expect(isTrustedUrl('file:///work/main/out/renderer/index.html', prod)).toBe(false);
    expect(isTrustedUrl('https://warroom/index.html', prod)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', prod)).toBe(false);
    expect(isTrustedUrl('not a url', prod)).toBe(false);
    expect(isTrustedUrl('', prod)).toBe(false);
  });

  it('adds the dev server origin, and only that origin, in dev', () => {
    expect(isTrustedUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedUrl(APP_ENTRY_URL, dev)).toBe(true);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect([...trustedOrigins('javascript:alert(1)')]).toEqual(['app://warroom']);
  });
});

describe('isTrustedSender', () => {
  const origins = trustedOrigins();
  const frame = { url: APP_ENTRY_URL, processId: 7, routingId: 1, isMainFrame: true };
  const ok: SenderFacts = {
    frame,
    senderWebContentsId: 3,
    window: { webContentsId: 3, mainFrame: { processId: 7, routingId: 1 } },
  };

  it('trusts the main frame of our window on our origin', () => {
    expect(isTrustedSender(ok, origins)).toBe(true);
  });

  it.each<[string, SenderFacts]>([
    ['no sender frame (navigated or destroyed)', { ...ok, frame: null }],
    ['no window', { ...ok, window: null }],
    ['another webContents', { ...ok, senderWebContentsId: 4 }],
    ['a subframe', { ...ok, frame: { ...frame, isMainFrame: false } }],
    ['a frame that is not our main frame', { ...ok, frame: { ...frame, routingId: 2 } }],
    ['a frame in another process', { ...ok, frame: { ...frame, processId: 8 } }],
    ['a foreign origin', { ...ok, frame: { ...frame, url: 'https://evil.example/' } }],
    ['a file:// page', { ...ok, frame: { ...frame, url: 'file:///tmp/x.html' } }],
  ])('refuses %s', (_what, facts) => {
    expect(isTrustedSender(facts, origins)).toBe(false);
  });
});

describe('resolveAppFile', () => {
  const root = resolve('/srv/out/renderer');

  it('maps the app origin to files under the root', () => {
    expect(resolveAppFile(root, 'app://warroom/')).toEqual({ file: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://warroom/index.html')).toEqual({ file: join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://warroom/assets/index-abc.js?v=1#x')).toEqual({
      file: join(root, 'assets', 'index-abc.js'),
    });
  });

  it.each([
    'app://warroom/..%2f..%2fetc/passwd',
    'app://warroom/assets/..%2f..%2f..%2fetc/passwd',
    'app://warroom/%2e%2e/%2e%2e/etc/passwd',
    'app://warroom/..%5c..%5cetc%5cpasswd',
  ])('refuses traversal %s', (url) => {
    const result = resolveAppFile(root, url);
    if ('file' in result) expect(result.file.startsWith(root + '/')).toBe(true);
    else expect(result.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses an encoded traversal outright', () => {
    expect(resolveAppFile(root, 'app://warroom/..%2f..%2fetc/passwd')).toEqual({ status: 403 });
  });

  it('refuses other hosts, schemes, NUL bytes and bad escapes', () => {
    expect(resolveAppFile(root, 'app://elsewhere/index.html')).toEqual({ status: 404 });
    expect(resolveAppFile(root, 'file:///etc/passwd')).toEqual({ status: 404 });
    expect(resolveAppFile(root, 'app://warroom/index.html%00.png')).toEqual({ status: 400 });
    expect(resolveAppFile(root, 'app://warroom/%E0%A4%A')).toEqual({ status: 400 });
    expect(resolveAppFile(root, '::')).toEqual({ status: 400 });
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows only our own origin in production', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe|http:|ws:|\*/);
  });

  it('opens the dev server origin and its websocket in dev only', () => {
    const csp = directives(contentSecurityPolicy(DEV));
    expect(csp.get('script-src')).toEqual(["'self'", DEV, "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", DEV, 'ws://localhost:5173']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });
});
