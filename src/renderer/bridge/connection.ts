/** What the renderer knows about its link to the service, whichever bridge carries it. */
import type { WarroomApi } from '../../shared/api';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

export interface Connection {
  readonly state: ConnectionState;
  /** What to tell the user when not connected. */
  readonly message: string | null;
}

export interface Bridge {
  readonly kind: 'ipc' | 'socket';
  readonly api: WarroomApi;
  connection(): Connection;
  onConnection(listener: (connection: Connection) => void): () => void;
}

/** The Electron preload's IPC bridge is up as long as the window exists. */
export function ipcBridge(api: WarroomApi): Bridge {
  const connected: Connection = { state: 'connected', message: null };
  return { kind: 'ipc', api, connection: () => connected, onConnection: () => () => {} };
}
