/** Start-up choice of bridge: Electron's preload if present, else the socket to `warroom serve`. */
import type { WarroomApi } from '../../shared/api';
import { ipcBridge, type Bridge } from './connection';
import { takeToken } from './token';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    readonly warroom?: WarroomApi;
  }
}

export async function pickBridge(win: Window): Promise<Bridge> {
  if (win.warroom) return ipcBridge(win.warroom);
  // Loaded on demand: the Electron build never needs socket.io-client at start-up.
  const { createSocketBridge } = await import('./socket-bridge');
  let storage: Storage | null = null;
  try {
    storage = win.sessionStorage;
  } catch {
    // Access to storage can throw (sandboxed or privacy modes); carry on without it.
  }
  return createSocketBridge({ origin: win.location.origin, token: takeToken(win.location, win.history, storage) });
}
