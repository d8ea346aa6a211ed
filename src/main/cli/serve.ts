/**
 * `warroom serve`: the service headless, optionally with the browser console. Resolves with the
 * process exit code once `until` settles (the CLI wires it to SIGINT/SIGTERM) and everything is
 * closed. Failures a user can fix come back as one clear line on stderr, never a stack dump.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger, type Logger } from '../core/log';
import type { TerminalService } from '../core/terminal/service';
import { openWarroom, type Warroom } from '../core/warroom';
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

  let service: Warroom;
  try {
    service = openWarroom({ dataDir, log: io.log ?? createLogger('warroom') });
  } catch (error) {
    io.stderr(`warroom: cannot open the data folder ${dataDir}: ${messageOf(error)}`);
    return EXIT.failure;
  }

  let web: WebServer | null = null;
  let terminals: TerminalService | null = null;
  if (command.ui) {
    try {
      // Loaded only for --ui: a headless start should not pay for socket.io and the HTTP stack.
      const { startWebServer } = await import('../web/server');
      terminals = await openTerminals(service, dataDir, rendererDir, log);
      web = await startWebServer({ service, terminals, rendererDir, host: command.host, port: command.port, log });
    } catch (error) {
      terminals?.close();
      service.close();
      io.stderr(`warroom: cannot serve the console on ${command.host}:${command.port}: ${listenProblem(error)}`);
      return EXIT.failure;
    }
    io.stdout(`Warroom console: ${web.url}`);
  } else {
    io.stdout('Warroom ready');
  }

  if (command.room) {
    try {
      const room = await service.sync.host({
        host: command.room.host,
        port: command.room.port,
        roomKey: command.room.key,
      });
      io.stdout(`Join link: ${room.link ?? ''}`);
    } catch (error) {
      await web?.close();
      terminals?.close();
      await service.sync.close();
      service.close();
      io.stderr(`warroom: cannot host the sync room: ${messageOf(error)}`);
      return EXIT.failure;
    }
  }
  for (const link of command.joins ?? []) {
    const joined = service.sync.join(link);
    io.stdout(`Joining room ${joined.roomId} at ${joined.host}:${joined.port}`);
  }
  const reportJoins = command.joins?.length ? watchJoins(service, io) : undefined;

  // Headless, nothing else holds the event loop open: without this the process would just end.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  await until;
  clearInterval(keepAlive);
  clearInterval(reportJoins);
  try {
    await web?.close();
    await service.sync.close();
  } finally {
    terminals?.close();
    service.close();
  }
  io.stdout('Warroom stopped');
  return EXIT.ok;
}

/**
 * The local terminals for the browser console (the web server offers them only on loopback).
 * Shipped runbooks sit at the repository root next to out/: out/renderer -> resources/runbooks.
 */
async function openTerminals(
  warroom: Warroom,
  dataDir: string,
  rendererDir: string,
  log: Logger,
): Promise<TerminalService> {
  const [{ TerminalService }, { warroomTimeline }] = await Promise.all([
    import('../core/terminal/service'),
    import('../core/terminal/timeline-sink'),
  ]);
  const defaults = resolve(rendererDir, '..', '..', 'resources', 'runbooks');
  return new TerminalService({
    dataDir,
    timeline: warroomTimeline(warroom),
    defaultRunbooks: existsSync(defaults) ? defaults : null,
    log,
  });
}

/** A headless relay has no UI: say on stdout when a joined room connects, drops or refuses us. */
function watchJoins(service: Warroom, io: ServeIo): NodeJS.Timeout {
  const last = new Map<string, string>();
  const timer = setInterval(() => {
    for (const j of service.sync.status().joins) {
      const line = j.state === 'connected' || j.state === 'connecting' || !j.error ? j.state : `${j.state}: ${j.error}`;
      if (last.get(j.roomId) === line) continue;
      last.set(j.roomId, line);
      io.stdout(`Room ${j.roomId} at ${j.host}:${j.port}: ${line}`);
    }
  }, 500);
  timer.unref();
  return timer;
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
