/**
 * The message main sends on IPC_EVENT_CHANNEL of api.ts and the preload unpacks: one contract
 * event with its payload. Pure types, shared by src/main/shell and src/preload.
 */
import type { EventName, EventPayloads } from './api';

export type IpcEventMessage = {
  [E in EventName]: { readonly event: E; readonly payload: EventPayloads[E] };
}[EventName];
