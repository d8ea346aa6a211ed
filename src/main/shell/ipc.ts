/**
 * Binds the contract to ipcMain: one prefixed channel per method, each re-checking who is
 * calling before the service validates the arguments. Events go back to our window only.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES, type Envelope } from '../../shared/api';
import type { IpcEventMessage } from '../../shared/ipc';
import type { Logger } from '../core/log';
import type { WarroomService } from '../core/service';
import { isTrustedSender, type SenderFacts } from './policy';

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'refused: the call did not come from the Warroom window' },
};

export interface BindOptions {
  /** Electron's ipcMain, passed in so that this module loads (and is tested) without Electron. */
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly service: WarroomService;
  /** Our window, or null while there is none. */
  readonly window: () => Pick<BrowserWindow, 'isDestroyed' | 'webContents'> | null;
  readonly origins: ReadonlySet<string>;
  readonly log: Logger;
}

export function bindService(options: BindOptions): () => void {
  const { ipcMain, service, window, origins, log } = options;
  for (const name of METHOD_NAMES) {
    ipcMain.handle(IPC_PREFIX + name, (event, args: unknown) => {
      const facts = senderFacts(event, window());
      if (!isTrustedSender(facts, origins)) {
        log.warn('ipc: refused a call from an untrusted sender', { method: name, url: facts.frame?.url.slice(0, 200) });
        return REFUSED;
      }
      return service.handle(name, args);
    });
  }
  const unsubscribe = service.subscribe((event, payload) => {
    const win = window();
    if (!win || win.isDestroyed()) return;
    const message = { event, payload } as IpcEventMessage;
    win.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  return () => {
    unsubscribe();
    for (const name of METHOD_NAMES) ipcMain.removeHandler(IPC_PREFIX + name);
  };
}

function senderFacts(event: IpcMainInvokeEvent, win: ReturnType<BindOptions['window']>): SenderFacts {
  let frame: SenderFacts['frame'] = null;
  try {
    const f = event.senderFrame;
    if (f) frame = { url: f.url, processId: f.processId, routingId: f.routingId, isMainFrame: f.parent === null };
  } catch {
    // Electron throws when the frame was disposed (navigated away) before the call arrived.
    frame = null;
  }
  const contents = win && !win.isDestroyed() ? win.webContents : null;
  return {
    frame,
    senderWebContentsId: event.sender.id,
    window: contents
      ? {
          webContentsId: contents.id,
          mainFrame: { processId: contents.mainFrame.processId, routingId: contents.mainFrame.routingId },
        }
      : null,
  };
}
