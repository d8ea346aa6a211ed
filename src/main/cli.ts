/**
 * Entry point of the `warroom` command (bin/warroom.js imports the built out/main/cli.js).
 * Runs on import: it is only ever loaded as a program, never as a library.
 */
import { fileURLToPath } from 'node:url';
import { parseCommand, USAGE } from './cli/args';
import { EXIT, serve } from './cli/serve';

/** Next to this bundle: out/main/cli.js -> out/renderer. */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

/** How long a clean shutdown may take before the process is ended anyway. */
const SHUTDOWN_GRACE_MS = 3_000;

function writeLine(stream: NodeJS.WriteStream): (line: string) => void {
  return (line) => void stream.write(line + '\n');
}

/** Settles on the first SIGINT/SIGTERM; a second one ends the process at once. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      // If something keeps the event loop alive after closing, do not hang the terminal.
      setTimeout(() => process.exit(EXIT.ok), SHUTDOWN_GRACE_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return EXIT.ok;
    case 'usage-error':
      process.stderr.write(`warroom: ${command.message}\nRun 'warroom --help' for usage.\n`);
      return EXIT.usage;
    case 'serve':
      return serve(command, RENDERER_DIR, shutdownSignal(), {
        stdout: writeLine(process.stdout),
        stderr: writeLine(process.stderr),
      });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a user error: the stack is what a maintainer needs.
    process.stderr.write(
      `warroom: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.failure;
  },
);
