/**
 * `warroom serve`: the service headless, optionally with the browser console. Resolves with the
 * process exit code once `until` settles (the CLI wires it to SIGINT/SIGTERM) and everything is
 * closed. Failures a user can fix come back as one clear line on stderr, never a stack dump.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger, type Logger } from '../core/log';
import type { WarroomService } from '../core/service';
import { openWarroom } from '../core/warroom';
import type { WebServer } from '../web/server';
import type { ServeCommand } from './args';

export interface ServeIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly log?: Logger;
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export async function serve(
  command: ServeCommand,
  rendererDir: string,
  until: Promise<unknown>,
  io: ServeIo,
): Promise<number> {
  const log = io.log ?? createLogger('serve');
  const dataDir = resolve(command.dataDir);

  if (command.ui && !existsSync(join(rendererDir, 'index.html'))) {
    io.stderr(
      `warroom: the console UI is not built (no ${join(rendererDir, 'index.html')}); run \`npx electron-vite build\` first.`,
    );
    return EXIT.failure;
  }

  let service: WarroomService;
  try {
    service = openWarroom({ dataDir, log: io.log ?? createLogger('warroom') });
  } catch (error) {
    io.stderr(`warroom: cannot open the data folder ${dataDir}: ${messageOf(error)}`);
    return EXIT.failure;
  }

  let web: WebServer | null = null;
  if (command.ui) {
    try {
      // Loaded only for --ui: a headless start should not pay for socket.io and the HTTP stack.
      const { startWebServer } = await import('../web/server');
      web = await startWebServer({ service, rendererDir, host: command.host, port: command.port, log });
    } catch (error) {
      service.close();
      io.stderr(`warroom: cannot serve the console on ${command.host}:${command.port}: ${listenProblem(error)}`);
      return EXIT.failure;
    }
    io.stdout(`Warroom console: ${web.url}`);
  } else {
    io.stdout('Warroom ready');
  }

  // Headless, nothing else holds the event loop open: without this the process would just end.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  await until;
  clearInterval(keepAlive);
  try {
    await web?.close();
  } finally {
    service.close();
  }
  io.stdout('Warroom stopped');
  return EXIT.ok;
}

function listenProblem(error: unknown): string {
  switch ((error as { code?: unknown }).code) {
    case 'EADDRINUSE':
      return 'the port is already in use (pick another with --port, or 0 for any free port)';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return 'that address does not belong to this machine';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host name';
    default:
      return messageOf(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
