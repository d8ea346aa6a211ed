/**
 * app://warroom/ serves the built renderer: a privileged standard scheme gives the page a real
 * origin (so CSP 'self', fetch and storage behave as on the web) without file://'s reach into
 * the whole disk.
 */
import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/log';
import { contentTypeFor } from '../web/mime';
import { APP_SCHEME, isInsideRoot, resolveAppFile } from './policy';

/**
 * Must run before app `ready`: Chromium fixes scheme privileges at start-up. `corsEnabled` stays
 * unset on purpose: it would let other origins read app:// responses, and our own module
 * scripts are same-origin requests that do not need it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  500: 'Internal error',
};

export function serveRenderer(options: { readonly root: string; readonly csp: string; readonly log: Logger }): void {
  const { root, csp, log } = options;
  const baseHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  const fail = (status: number): Response =>
    new Response(STATUS_TEXT[status] ?? 'Error', {
      status,
      headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    });

  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    const resolved = resolveAppFile(root, request.url);
    if ('status' in resolved) {
      if (resolved.status === 403) log.warn('app://: refused a path outside the renderer', { url: clip(request.url) });
      return fail(resolved.status);
    }
    try {
      let file = resolved.file;
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      // A symlink inside the build could still point anywhere: judge where it really leads.
      const real = await realpath(file);
      if (!isInsideRoot(await realpath(root), real)) {
        log.warn('app://: refused a symlink leading outside the renderer', { url: clip(request.url) });
        return fail(403);
      }
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, { status: 200, headers: { ...baseHeaders, 'Content-Type': contentTypeFor(real) } });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return fail(404);
      log.error('app://: failed to serve a file', { url: clip(request.url), error: String(error) });
      return fail(500);
    }
  });
}

function clip(url: string): string {
  return url.slice(0, 200);
}
