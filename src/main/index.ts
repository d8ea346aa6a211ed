/**
 * The Electron shell: one locked instance, one hardened window, the service bound to IPC.
 * Everything that decides anything lives in ./core (the service) or ./shell/policy (pure checks).
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import { join } from 'node:path';
import { createLogger } from './core/log';
import type { WarroomService } from './core/service';
import { composeLocalService } from './core/terminal/local-only';
import { TerminalService } from './core/terminal/service';
import { warroomTimeline } from './core/terminal/timeline-sink';
import { openWarroom } from './core/warroom';
import { hardenContents, hardenSession } from './shell/guards';
import { bindService } from './shell/ipc';
import { cadenceNotification } from './shell/notify';
import { APP_ENTRY_URL, contentSecurityPolicy, trustedOrigins } from './shell/policy';
import { registerAppScheme, serveRenderer } from './shell/protocol';

const log = createLogger('shell');
const OUT = join(import.meta.dirname, '..');
const PRELOAD = join(OUT, 'preload', 'index.cjs');
const RENDERER = join(OUT, 'renderer');
/** Set by `electron-vite dev`; ignored in a packaged app so a stray variable cannot open it up. */
const DEV_SERVER_URL = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Warroom',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0d1117',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open a link in a new window; window.open is denied as well.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

function main(): void {
  // A second console on the same data folder would fight over the database: hand over instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.enableSandbox();

  const origins = trustedOrigins(DEV_SERVER_URL);
  const csp = contentSecurityPolicy(DEV_SERVER_URL);
  let window: BrowserWindow | null = null;
  let service: WarroomService | null = null;
  let unbind: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) =>
    hardenContents(contents, origins, log, (url) => void shell.openExternal(url)),
  );
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  const open = (): void => {
    window = createWindow();
    window.on('closed', () => {
      window = null;
    });
    const url = DEV_SERVER_URL ?? APP_ENTRY_URL;
    window
      .loadURL(url)
      .catch((error: unknown) => log.error('shell: failed to load the console', { url, error: String(error) }));
  };

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, csp, origins);
      serveRenderer({ root: RENDERER, csp, log });
      const dataDir = app.getPath('userData');
      const warroom = openWarroom({
        dataDir,
        log: createLogger('warroom'),
        cadence: { policyFile: join(app.getAppPath(), 'resources', 'policy', 'cadence.json') },
      });
      // Update deadlines and escalations reach the desktop even when the window is hidden.
      warroom.subscribe((event, payload) => {
        const note = cadenceNotification(event, payload);
        if (note && Notification.isSupported()) new Notification(note).show();
      });
      // The window is the local user: it gets the terminals too (peers only ever see `warroom`).
      const terminals = new TerminalService({
        dataDir,
        timeline: warroomTimeline(warroom),
        defaultRunbooks: join(app.getAppPath(), 'resources', 'runbooks'),
        log: createLogger('terminal'),
      });
      service = composeLocalService(warroom, terminals);
      unbind = bindService({ ipcMain, service, window: () => window, origins, log });
      open();
      app.on('activate', () => {
        if (!window) open();
      });
    })
    .catch((error: unknown) => {
      log.error('shell: start-up failed', { error: String(error) });
      dialog.showErrorBox('Warroom could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    unbind?.();
    service?.close();
  });
}

main();
