/** Command-line parsing for `warroom`: pure, so every refusal is unit-testable. */
import { parseArgs } from 'node:util';

export const DEFAULTS = { data: '.warroom-data', port: 7311, host: '127.0.0.1' } as const;

export const USAGE = `Warroom: a war-room console for incident response.

Usage:
  warroom serve [--data DIR] [--port N] [--host HOST] [--ui]
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
  -h, --help    show this help
`;

export interface ServeCommand {
  readonly kind: 'serve';
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly ui: boolean;
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

  return { kind: 'serve', dataDir, port, host: host.replace(/^\[(.*)\]$/, '$1'), ui: values.ui };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}
