/**
 * The pty backend behind a small interface, so a session does not care whether node-pty runs in
 * this process (tests, `serve`) or in a separate pty host (Electron's utilityProcess). node-pty
 * is loaded lazily: if its native binary is missing or broken, Warroom still starts and opening
 * a terminal fails with a clear message instead.
 */
import { createRequire } from 'node:module';

export interface PtyExit {
  readonly exitCode: number;
  readonly signal: number | null;
}

export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string) => void): void;
  onExit(listener: (exit: PtyExit) => void): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Stop reading output: the child blocks once the kernel's pty buffer is full. */
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

export interface PtySpawnOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly cols: number;
  readonly rows: number;
}

export type PtySpawner = (file: string, args: readonly string[], options: PtySpawnOptions) => PtyProcess;

interface NodePtyDisposable {
  dispose(): void;
}
interface NodePtyTerminal {
  readonly pid: number;
  onData(listener: (data: string) => void): NodePtyDisposable;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): NodePtyDisposable;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}
interface NodePtyModule {
  spawn(
    file: string,
    args: string[],
    options: { name: string; cwd: string; env: Record<string, string>; cols: number; rows: number; encoding: 'utf8' },
  ): NodePtyTerminal;
}

let loaded: { module: NodePtyModule } | { error: Error } | null = null;

function loadNodePty(): NodePtyModule {
  if (loaded === null) {
    try {
      loaded = { module: createRequire(import.meta.url)('node-pty') as NodePtyModule };
    } catch (error) {
      loaded = { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  if ('error' in loaded) {
    throw new Error(`terminals are unavailable: node-pty could not be loaded (${loaded.error.message})`);
  }
  return loaded.module;
}

/** node-pty in this process. */
export const nodePtySpawner: PtySpawner = (file, args, options) => {
  const term = loadNodePty().spawn(file, [...args], {
    name: options.env.TERM ?? 'xterm-256color',
    cwd: options.cwd,
    env: options.env,
    cols: options.cols,
    rows: options.rows,
    encoding: 'utf8',
  });
  return {
    pid: term.pid,
    onData: (listener) => void term.onData(listener),
    onExit: (listener) => void term.onExit((e) => listener({ exitCode: e.exitCode, signal: e.signal || null })),
    write: (data) => term.write(data),
    resize: (cols, rows) => term.resize(cols, rows),
    pause: () => term.pause(),
    resume: () => term.resume(),
    kill: (signal) => term.kill(signal),
  };
};
