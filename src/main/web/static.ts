/**
 * Serves the built renderer (out/renderer) read-only: GET/HEAD of files under one root, nothing
 * else. Paths are checked segment by segment and again after resolving symlinks, so no request
 * can read outside the root.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Logger } from '../core/log';
import { contentTypeFor } from './mime';

/**
 * The console needs nothing from any other origin. 'self' in connect-src also covers the
 * same-origin ws:// socket (CSP Level 3). No inline script or style: React sets styles through
 * the CSSOM, which CSP does not govern.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // The console URL carries the access token: never leak it in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const HTML_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

type Resolved = { readonly file: string } | { readonly status: 400 | 403 | 404 };

/** Map a request target to a file path under root, or to the status that refuses it. */
export function resolveRequestPath(root: string, target: string): Resolved {
  const rawPath = target.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  const segments = decoded.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { status: 403 };
  // Dotfiles are never part of a build; refusing them keeps stray editor/VCS files private.
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const file = segments.length === 0 ? join(root, 'index.html') : join(root, ...segments);
  if (!isInside(root, file)) return { status: 403 };
  return { file };
}

function isInside(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function createStaticHandler(options: { readonly root: string; readonly log: Logger }): RequestHandler {
  const root = resolve(options.root);
  const { log } = options;
  // Resolved lazily and retried on failure: the build may appear after the server starts.
  let realRoot: Promise<string> | null = null;
  const getRealRoot = (): Promise<string> =>
    (realRoot ??= realpath(root).catch((error: unknown) => {
      realRoot = null;
      throw error;
    }));

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const resolved = resolveRequestPath(root, req.url ?? '/');
    if ('status' in resolved) {
      if (resolved.status === 403) log.warn('web: refused a path outside the renderer root', { url: clip(req.url) });
      return send(res, resolved.status, statusText(resolved.status));
    }
    let file = resolved.file;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const real = await realpath(file);
      if (!isInside(await getRealRoot(), real)) {
        log.warn('web: refused a symlink leading outside the renderer root', { url: clip(req.url) });
        return send(res, 403, statusText(403));
      }
      const body = await readFile(real);
      const type = contentTypeFor(real);
      const extra = type.startsWith('text/html') ? HTML_HEADERS : { 'Cache-Control': 'no-cache' };
      res.writeHead(200, { ...COMMON_HEADERS, ...extra, 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      if (isNotFound(error)) return send(res, 404, statusText(404));
      throw error;
    }
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.error('web: failed to serve a file', { url: clip(req.url), error: String(error) });
      if (!res.headersSent) send(res, 500, statusText(500));
      else res.destroy();
    });
  };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text + '\n');
}

function statusText(status: number): string {
  switch (status) {
    case 400:
      return 'Bad request';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    default:
      return 'Internal error';
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function clip(url: string | undefined): string {
  return (url ?? '').slice(0, 200);
}
