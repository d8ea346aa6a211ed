import { describe, expect, it } from 'vitest';
import { createWarroomApi, type IpcLike } from '../../src/preload/bridge';
import { EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES, type Envelope } from '../../src/shared/api';

type Relay = (event: unknown, message: unknown) => void;

function fakeIpc(reply: (channel: string, args: unknown) => unknown) {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, Set<Relay>>();
  const ipc: IpcLike = {
    invoke: async (channel, args) => {
      calls.push([channel, args]);
      return reply(channel, args);
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, message: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({}, message);
  };
  return { ipc, calls, emit, listeners };
}

describe('window.warroom', () => {
  it('has exactly one function per contract method, plus on', () => {
    const api = createWarroomApi(fakeIpc(() => ({ ok: true, value: null })).ipc);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('calls the prefixed channel with the arguments and unwraps the value', async () => {
    const { ipc, calls } = fakeIpc(() => ({ ok: true, value: [{ id: 'i1' }] }) satisfies Envelope<unknown>);
    const api = createWarroomApi(ipc);
    await expect(api.listIncidents({})).resolves.toEqual([{ id: 'i1' }]);
    await api.getIncident({ id: 'abc' });
    expect(calls).toEqual([
      [IPC_PREFIX + 'listIncidents', {}],
      [IPC_PREFIX + 'getIncident', { id: 'abc' }],
    ]);
  });

  it('throws a plain Error carrying the code and message of a failed call', async () => {
    const api = createWarroomApi(
      fakeIpc(() => ({ ok: false, error: { code: 'not_found', message: 'no incident abc' } })).ipc,
    );
    const error: unknown = await api.getIncident({ id: 'abc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
    expect(error).toMatchObject({ code: 'not_found', message: 'not_found: no incident abc' });
    expect(Object.hasOwn(error as object, 'code')).toBe(true);
  });

  it('rejects a malformed reply as internal', async () => {
    const api = createWarroomApi(fakeIpc(() => 'nonsense').ipc);
    await expect(api.listIncidents({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers only the subscribed event, until unsubscribed', () => {
    const { ipc, emit, listeners } = fakeIpc(() => null);
    const api = createWarroomApi(ipc);
    const seen: unknown[] = [];
    const off = api.on('incidentChanged', (payload) => seen.push(payload));
    emit(IPC_EVENT_CHANNEL, { event: 'incidentChanged', payload: { id: 'i1' } });
    emit(IPC_EVENT_CHANNEL, { event: 'profileChanged', payload: { peerId: 'p' } });
    emit(IPC_EVENT_CHANNEL, 'garbage');
    emit(IPC_EVENT_CHANNEL, null);
    emit('other-channel', { event: 'incidentChanged', payload: { id: 'i2' } });
    expect(seen).toEqual([{ id: 'i1' }]);
    off();
    emit(IPC_EVENT_CHANNEL, { event: 'incidentChanged', payload: { id: 'i3' } });
    expect(seen).toEqual([{ id: 'i1' }]);
    expect(listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  it('refuses events outside the contract', () => {
    const api = createWarroomApi(fakeIpc(() => null).ipc);
    expect(EVENT_NAMES).not.toContain('evil');
    expect(() => api.on('evil' as 'incidentChanged', () => {})).toThrow(/unknown event/);
    expect(() => api.on('incidentChanged', 'x' as unknown as () => void)).toThrow(/listener/);
  });
});
