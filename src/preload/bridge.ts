/**
 * What the preload exposes as `window.warroom`, built over a minimal IPC interface so that it is
 * unit-tested without Electron. One function per contract method and `on` for events; nothing
 * else, and no way to name a channel.
 */
import {
  EVENT_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  METHOD_NAMES,
  type Envelope,
  type EventName,
  type EventPayloads,
  type WarroomApi,
} from '../shared/api';
import type { IpcEventMessage } from '../shared/ipc';

type Relay = (event: unknown, message: unknown) => void;

/** The slice of ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, args: unknown): Promise<unknown>;
  on(channel: string, listener: Relay): void;
  removeListener(channel: string, listener: Relay): void;
}

/** An Error carrying the contract's error code as an own property. */
export type ContractError = Error & { readonly code: string };

/**
 * Class instances lose their prototype crossing contextBridge (a WarroomError would arrive as a
 * bare object), but a plain Error keeps its message and own properties: use one, with `code`.
 */
function contractError(error: { readonly code: string; readonly message: string }): ContractError {
  return Object.assign(new Error(`${error.code}: ${error.message}`), { code: error.code });
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function isEventMessage(value: unknown): value is IpcEventMessage {
  return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string';
}

export function createWarroomApi(ipc: IpcLike): WarroomApi {
  const call = async (name: string, args: unknown): Promise<unknown> => {
    const envelope = await ipc.invoke(IPC_PREFIX + name, args);
    if (!isEnvelope(envelope)) throw contractError({ code: 'internal', message: `malformed reply to ${name}` });
    if (envelope.ok) return envelope.value;
    throw contractError(envelope.error);
  };

  const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);
  const on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): (() => void) => {
    if (!eventNames.has(event))
      throw contractError({ code: 'invalid_argument', message: `unknown event ${String(event)}` });
    if (typeof listener !== 'function') {
      throw contractError({ code: 'invalid_argument', message: 'listener must be a function' });
    }
    const relay: Relay = (_event, message) => {
      if (isEventMessage(message) && message.event === event) listener(message.payload as EventPayloads[E]);
    };
    ipc.on(IPC_EVENT_CHANNEL, relay);
    return () => ipc.removeListener(IPC_EVENT_CHANNEL, relay);
  };

  const methods = Object.fromEntries(METHOD_NAMES.map((name) => [name, (args: unknown) => call(name, args)]));
  // Frozen: the object is copied across contextBridge anyway, but nothing should add to it here.
  return Object.freeze({ ...methods, on }) as WarroomApi;
}
