/** Command-line parsing for `warroom`: pure, so every refusal is unit-testable. */
import { parseArgs } from 'node:util';
import { JoinLinkError, RoomKeySchema, parseJoinLink } from '../../shared/sync/link';

export const DEFAULTS = { data: '.warroom-data', port: 7311, host: '127.0.0.1' } as const;

export const USAGE = `Warroom: a war-room console for incident response.

Usage:
  warroom serve [--data DIR] [--port N] [--host HOST] [--ui]
                [--room-host HOST] [--room-port N] [--room-key KEY] [--no-room] [--join LINK]...
  warroom --help

Commands:
  serve         Run the Warroom service headless. With --ui, also serve the console to
                browsers at http://HOST:PORT/, gated by an access token printed at start.

Options for serve:
  --data DIR    data folder (default: ${DEFAULTS.data})
  --port N      TCP port, 0 picks a free one (default: ${DEFAULTS.port})
  --host HOST   interface to listen on (default: ${DEFAULTS.host}; anything else exposes
                the console to the network, protected only by the token)
  --ui          serve the console UI and its socket bridge
  --room-host HOST  interface the sync room listens on (default: 127.0.0.1; 0.0.0.0 for the
                LAN, where only holders of the join link can connect)
  --room-port N     port of the sync room (default: 7312, or any free port if that is taken)
  --room-key KEY    reuse a room key, so a restarted relay keeps its join link (default with
                --join: the key of the first joined room, so the relay extends that room)
  --no-room     do not host a sync room (serve hosts one by default and prints its join link)
  --join LINK   also join the room of this join link (warroom://HOST:PORT/ROOM#KEY);
                repeatable. Each room shares only its own incidents
  -h, --help    show this help
`;

export interface ServeCommand {
  readonly kind: 'serve';
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly ui: boolean;
  /** The sync room to host; null or absent: none. Port undefined: 7312 if free, else any. */
  readonly room?: { readonly host: string; readonly port: number | undefined; readonly key: string | undefined } | null;
  /** Join links to connect to. */
  readonly joins?: readonly string[];
}

export type Command =
  ServeCommand | { readonly kind: 'help' } | { readonly kind: 'usage-error'; readonly message: string };

export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return command === undefined ? usageError('missing command') : { kind: 'help' };
  }
  if (command !== 'serve') return usageError(`unknown command '${command}'`);
  return parseServe(rest);
}

function parseServe(argv: readonly string[]): Command {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        ui: { type: 'boolean', default: false },
        'room-host': { type: 'string' },
        'room-port': { type: 'string' },
        'room-key': { type: 'string' },
        'no-room': { type: 'boolean', default: false },
        join: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--prot'"); keep its words.
    return usageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };

  const port = values.port === undefined ? DEFAULTS.port : parsePort(values.port);
  if (port === null) return usageError(`--port must be an integer from 0 to 65535, got '${values.port}'`);
  const host = values.host ?? DEFAULTS.host;
  if (!/^[A-Za-z0-9.:[\]%-]+$/.test(host)) return usageError(`--host must be a host name or IP address, got '${host}'`);
  const dataDir = values.data ?? DEFAULTS.data;
  if (dataDir.trim() === '') return usageError('--data must not be empty');

  const roomPort = values['room-port'] === undefined ? undefined : parsePort(values['room-port']);
  if (roomPort === null) {
    return usageError(`--room-port must be an integer from 0 to 65535, got '${values['room-port']}'`);
  }
  const roomHost = values['room-host'] ?? DEFAULTS.host;
  if (!/^[A-Za-z0-9.:[\]%-]+$/.test(roomHost)) {
    return usageError(`--room-host must be a host name or IP address, got '${roomHost}'`);
  }
  const roomKey = values['room-key'];
  if (roomKey !== undefined && !RoomKeySchema.safeParse(roomKey).success) {
    return usageError('--room-key must be the 22-character key after "#" in a join link');
  }
  if (values['no-room'] && (roomKey !== undefined || values['room-port'] !== undefined)) {
    return usageError('--no-room cannot be combined with --room-key or --room-port');
  }
  const joins = values.join ?? [];
  const joinKeys: string[] = [];
  for (const link of joins) {
    try {
      joinKeys.push(parseJoinLink(link).roomKey);
    } catch (error) {
      if (error instanceof JoinLinkError) return usageError(`--join: ${error.message}`);
      throw error;
    }
  }
  // A relay hosts the room it joins: its own link then reaches the same room (and incidents).
  const key = roomKey ?? joinKeys[0];
  const room = values['no-room'] ? null : { host: roomHost.replace(/^\[(.*)\]$/, '$1'), port: roomPort, key };

  return { kind: 'serve', dataDir, port, host: host.replace(/^\[(.*)\]$/, '$1'), ui: values.ui, room, joins };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}
