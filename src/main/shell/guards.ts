/**
 * Guards applied to every webContents and to the session: the window shows only our own pages,
 * opens nothing itself, embeds nothing, and is granted no browser permission but clipboard writes.
 */
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/log';
import { isExternalWebUrl, isPermissionGranted, isTrustedUrl } from './policy';

/**
 * `openExternal` hands http(s) links (which the renderer has already had the user confirm) to
 * the system browser; the window itself never opens or shows them.
 */
export function hardenContents(
  contents: WebContents,
  origins: ReadonlySet<string>,
  log: Logger,
  openExternal: (url: string) => void = () => {},
): void {
  // Navigation within our own origin (a reload, a hash link) is harmless; anything else would
  // hand the preload's bridge to a foreign page.
  contents.on('will-navigate', (event) => {
    if (isTrustedUrl(event.url, origins)) return;
    event.preventDefault();
    log.warn('shell: blocked navigation', { url: clip(event.url) });
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame && isTrustedUrl(event.url, origins)) return;
    event.preventDefault();
    log.warn('shell: blocked frame navigation', { url: clip(event.url), mainFrame: event.isMainFrame });
  });
  contents.on('will-redirect', (event) => {
    if (isTrustedUrl(event.url, origins)) return;
    event.preventDefault();
    log.warn('shell: blocked redirect', { url: clip(event.url) });
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      log.info('shell: opening a link in the system browser', { url: clip(url) });
      openExternal(url);
    } else {
      log.warn('shell: blocked window.open', { url: clip(url) });
    }
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('shell: blocked a <webview>');
  });
}

/**
 * Deny every permission, and stamp the CSP on every response from our own origins whatever
 * served it (the app:// handler sets it too; the dev server does not). Other responses, such as
 * DevTools' own pages, keep their headers.
 */
export function hardenSession(session: Session, csp: string, origins: ReadonlySet<string>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl, origins)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, origins),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url, origins)) return callback({});
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}

function clip(url: string): string {
  return url.slice(0, 200);
}
