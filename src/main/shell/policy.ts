/**
 * The Electron shell's security decisions as pure functions, so that they are unit-tested
 * without Electron: which URLs are ours, which IPC senders are trusted, which file an app://
 * request may read, and the Content-Security-Policy of every page.
 */
import { sep } from 'node:path';
import { resolveRequestPath } from '../web/static';

/** The renderer is served from app://warroom/, a privileged standard scheme (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'warroom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Origin of `url`, or null when it cannot be parsed or has none worth trusting. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Non-special schemes (app:) report origin "null" in WHATWG URL; rebuild it from its parts.
    if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host ? `${APP_SCHEME}://${parsed.host}` : null;
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
    return null;
  } catch {
    return null;
  }
}

/**
 * Origins the window may show and IPC may come from: ours, plus the electron-vite dev server
 * only when running unpackaged under `electron-vite dev`.
 */
export function trustedOrigins(devServerUrl?: string): ReadonlySet<string> {
  const origins = new Set([APP_ORIGIN]);
  const dev = devServerUrl ? originOf(devServerUrl) : null;
  if (dev) origins.add(dev);
  return origins;
}

/** Links the user may follow out of the app: plain web pages, opened in the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The only permission our own page gets: writing text to the clipboard ("Copy join link", "Copy as
 * Markdown"). Reading the clipboard, media, geolocation... stay denied for every origin.
 */
export function isPermissionGranted(permission: string, requestingUrl: string, origins: ReadonlySet<string>): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedUrl(requestingUrl, origins);
}

export function isTrustedUrl(url: string, origins: ReadonlySet<string>): boolean {
  const origin = originOf(url);
  return origin !== null && origins.has(origin);
}

/** The parts of an IPC event and of our window that decide whether a sender is trusted. */
export interface SenderFacts {
  /** event.senderFrame, which is null once the frame has navigated away or been destroyed. */
  readonly frame: {
    readonly url: string;
    readonly processId: number;
    readonly routingId: number;
    readonly isMainFrame: boolean;
  } | null;
  readonly senderWebContentsId: number;
  /** Our window's webContents and its main frame, or null when there is no window. */
  readonly window: {
    readonly webContentsId: number;
    readonly mainFrame: { processId: number; routingId: number };
  } | null;
}

/**
 * Trust an IPC call only from the main frame of our own window showing one of our origins: a
 * subframe, another window or a page that navigated elsewhere must not reach the service.
 */
export function isTrustedSender(facts: SenderFacts, origins: ReadonlySet<string>): boolean {
  const { frame, window } = facts;
  if (!frame || !window) return false;
  if (facts.senderWebContentsId !== window.webContentsId) return false;
  if (!frame.isMainFrame) return false;
  if (frame.processId !== window.mainFrame.processId || frame.routingId !== window.mainFrame.routingId) return false;
  return isTrustedUrl(frame.url, origins);
}

/** Whether `file` (absolute, normalised, e.g. a realpath) lies strictly inside `root`. */
export function isInsideRoot(root: string, file: string): boolean {
  const prefix = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(prefix);
}

export type AppFileResolution = { readonly file: string } | { readonly status: 400 | 403 | 404 };

/**
 * Map an app:// request URL to a file under root (the built renderer). Another host, scheme or
 * an escaping path is refused; symlinks are re-checked by the caller after realpath.
 */
export function resolveAppFile(root: string, url: string): AppFileResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404 };
  return resolveRequestPath(root, parsed.pathname);
}

/**
 * The page's Content-Security-Policy. Production allows nothing but our own origin. Under
 * `electron-vite dev` the dev server's origin, its HMR websocket and React Refresh's inline
 * preamble are allowed as well; that variant is never used when packaged.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? originOf(devServerUrl) : null;
  const devWs = dev ? dev.replace(/^http/, 'ws') : null;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...(dev ? [dev, "'unsafe-inline'"] : [])],
    // React sets styles through the CSSOM, which CSP does not govern; Vite's dev server injects <style>.
    ['style-src', "'self'", ...(dev ? [dev, "'unsafe-inline'"] : [])],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(dev && devWs ? [dev, devWs] : [])],
    ['frame-src', "'none'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
