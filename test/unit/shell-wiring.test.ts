/**
 * The shell's IPC binding and guards, driven through fakes of the few Electron objects they
 * touch. Both modules import only types from 'electron', so Electron itself is never loaded.
 */
import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/log';
import type { EventListener, WarroomService } from '../../src/main/core/service';
import { hardenContents, hardenSession } from '../../src/main/shell/guards';
import { bindService, type BindOptions } from '../../src/main/shell/ipc';
import { APP_ENTRY_URL, contentSecurityPolicy, trustedOrigins } from '../../src/main/shell/policy';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES, type Envelope } from '../../src/shared/api';

type Handler = (event: IpcMainInvokeEvent, args: unknown) => unknown;

function fakeService() {
  const calls: [string, unknown][] = [];
  let listener: EventListener | null = null;
  const service: WarroomService = {
    handle: async (method, args) => {
      calls.push([method, args]);
      return { ok: true, value: `result of ${method}` };
    },
    subscribe: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    close: () => {},
  };
  return { service, calls, emit: (...args: Parameters<EventListener>) => listener?.(...args) };
}

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain: BindOptions['ipcMain'] = {
    handle: (channel, handler) => void handlers.set(channel, handler as Handler),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const sent: [string, unknown][] = [];
  const window = {
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    webContents: {
      id: 3,
      mainFrame: { processId: 7, routingId: 1 },
      send: (channel: string, message: unknown) => void sent.push([channel, message]),
    },
  };
  const { service, calls, emit } = fakeService();
  const unbind = bindService({
    ipcMain,
    service,
    window: () => window as unknown as ReturnType<BindOptions['window']>,
    origins: trustedOrigins(),
    log: silentLogger,
  });
  const event = (frame: object | null, senderId = 3) =>
    ({ sender: { id: senderId }, senderFrame: frame }) as unknown as IpcMainInvokeEvent;
  const mainFrame = { url: APP_ENTRY_URL, processId: 7, routingId: 1, parent: null };
  return { handlers, sent, window, calls, emit, unbind, event, mainFrame };
}

describe('bindService', () => {
  it('registers exactly one prefixed handler per contract method', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => IPC_PREFIX + m).sort());
  });

  it('passes a trusted call to the service, arguments untouched', async () => {
    const { handlers, calls, event, mainFrame } = setup();
    const reply = await handlers.get(IPC_PREFIX + 'getIncident')?.(event(mainFrame), { id: 'x', extra: 1 });
    expect(reply).toEqual({ ok: true, value: 'result of getIncident' });
    expect(calls).toEqual([['getIncident', { id: 'x', extra: 1 }]]);
  });

  it.each<[string, (s: ReturnType<typeof setup>) => IpcMainInvokeEvent]>([
    ['no sender frame', (s) => s.event(null)],
    ['a subframe', (s) => s.event({ ...s.mainFrame, routingId: 5, parent: s.mainFrame })],
    ['another webContents', (s) => s.event(s.mainFrame, 9)],
    ['a foreign page in our frame', (s) => s.event({ ...s.mainFrame, url: 'https://evil.example/' })],
    [
      'a disposed frame',
      (s) =>
        Object.defineProperty(s.event(null), 'senderFrame', {
          get: () => {
            throw new Error('Render frame was disposed');
          },
        }) as IpcMainInvokeEvent,
    ],
  ])('refuses %s without reaching the service', async (_what, makeEvent) => {
    const s = setup();
    const reply = (await s.handlers.get(IPC_PREFIX + 'listIncidents')?.(makeEvent(s), {})) as Envelope<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.calls).toEqual([]);
  });

  it('refuses everything once the window is gone', async () => {
    const s = setup();
    s.window.destroyed = true;
    const reply = await s.handlers.get(IPC_PREFIX + 'listIncidents')?.(s.event(s.mainFrame), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('forwards service events to the window, not to a destroyed one', () => {
    const s = setup();
    s.emit('profileChanged', { peerId: 'p1', displayName: 'Ana' });
    s.window.destroyed = true;
    s.emit('profileChanged', { peerId: 'p1', displayName: 'Bo' });
    expect(s.sent).toEqual([
      [IPC_EVENT_CHANNEL, { event: 'profileChanged', payload: { peerId: 'p1', displayName: 'Ana' } }],
    ]);
  });

  it('unbinds every handler and the event subscription', () => {
    const s = setup();
    s.unbind();
    expect(s.handlers.size).toBe(0);
    s.emit('profileChanged', { peerId: 'p1', displayName: 'Ana' });
    expect(s.sent).toEqual([]);
  });
});

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function navigation(url: string, isMainFrame = true) {
  const event = { url, isMainFrame, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

describe('hardenContents', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  hardenContents(contents as unknown as WebContents, trustedOrigins(), silentLogger, (url) => opened.push(url));

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays on our origin', (name) => {
    const inside = navigation('app://warroom/index.html#incident-1');
    const outside = navigation('https://evil.example/');
    const file = navigation('file:///etc/passwd');
    contents.emit(name, inside);
    contents.emit(name, outside);
    contents.emit(name, file);
    expect([inside.prevented, outside.prevented, file.prevented]).toEqual([false, true, true]);
  });

  it('prevents subframe navigation even to our origin', () => {
    const sub = navigation('app://warroom/index.html', false);
    contents.emit('will-frame-navigate', sub);
    expect(sub.prevented).toBe(true);
  });

  it('denies window.open and webviews; http(s) links go to the system browser, nothing else does', () => {
    expect(contents.openHandler?.({ url: 'app://warroom/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
    const attach = navigation('');
    contents.emit('will-attach-webview', attach);
    expect(attach.prevented).toBe(true);
  });
});

describe('hardenSession', () => {
  type HeadersListener = (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;
  const state: {
    request?: (
      wc: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void;
    check?: (wc: unknown, permission: string, requestingOrigin: string) => boolean;
    device?: () => boolean;
    headers?: HeadersListener;
  } = {};
  const session = {
    setPermissionRequestHandler: (h: typeof state.request) => (state.request = h),
    setPermissionCheckHandler: (h: typeof state.check) => (state.check = h),
    setDevicePermissionHandler: (h: typeof state.device) => (state.device = h),
    webRequest: { onHeadersReceived: (h: HeadersListener) => (state.headers = h) },
  };
  const csp = contentSecurityPolicy();
  hardenSession(session as unknown as Session, csp, trustedOrigins());

  it('grants no permission but clipboard writes from our own page', () => {
    const answers: boolean[] = [];
    const ours = { requestingUrl: 'app://warroom/index.html' };
    for (const p of ['media', 'notifications', 'openExternal', 'clipboard-read', 'geolocation']) {
      state.request?.({}, p, (granted) => answers.push(granted), ours);
    }
    expect(answers).toEqual([false, false, false, false, false]);
    state.request?.({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), ours);
    state.request?.({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), {
      requestingUrl: 'https://evil.example/',
    });
    expect(answers.slice(5)).toEqual([true, false]);
    expect(state.check?.({}, 'clipboard-read', 'app://warroom')).toBe(false);
    expect(state.check?.({}, 'clipboard-sanitized-write', 'app://warroom')).toBe(true);
    expect(state.check?.({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(state.device?.()).toBe(false);
  });

  it('replaces any CSP on our responses with ours, and leaves other responses alone', () => {
    const replies: unknown[] = [];
    state.headers?.(
      {
        url: 'app://warroom/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      },
      (r) => replies.push(r),
    );
    state.headers?.({ url: 'devtools://devtools/bundled/index.html', responseHeaders: {} }, (r) => replies.push(r));
    expect(replies).toEqual([
      { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [csp] } },
      {},
    ]);
  });
});
