/**
 * One terminal: a pty running the user's shell, its output coalesced and flow-controlled on the
 * way to the view, prompt markers turned into finished commands, everything kept in a capped
 * transcript. I/O happens through the PtyProcess interface; the logic is in the pure modules.
 */
import {
  FLOW_CONTROL,
  OUTPUT_BATCH_MS,
  PrivateModeTracker,
  type ShellKind,
  type TerminalInfo,
} from '../../../shared/domain/terminal';
import { CommandTracker, type FinishedCommand } from './commands';
import { DEFAULT_WINDOW, FlowController } from './flow-control';
import { MarkerParser, type ParsedItem } from './markers';
import type { PtyExit, PtyProcess, PtySpawner } from './pty';
import type { ShellLaunch } from './shell';
import { Transcript } from './transcript';

export interface SessionEvents {
  /** Coalesced output for the view. */
  data(data: string): void;
  command(done: FinishedCommand): void;
  exit(exit: PtyExit): void;
}

export interface SessionOptions {
  readonly id: string;
  readonly incidentId: string;
  readonly title: string;
  readonly shellKind: ShellKind;
  readonly launch: ShellLaunch;
  readonly nonce: string;
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
  readonly recordCommands: boolean;
  readonly spawn: PtySpawner;
  readonly events: SessionEvents;
  readonly now?: () => number;
  readonly batchMs?: number;
  readonly highWatermark?: number;
  readonly lowWatermark?: number;
  readonly transcript?: Transcript;
}

/** A batch this large is sent without waiting for the batch timer. */
const FLUSH_CHARS = 64 * 1024;
/** How long a shell gets to exit after SIGHUP before it is killed. */
const KILL_GRACE_MS = 2_000;

export class TerminalSession {
  readonly id: string;
  readonly incidentId: string;
  readonly transcript: Transcript;
  private readonly pty: PtyProcess;
  private readonly flow: FlowController;
  private readonly parser: MarkerParser | null;
  private readonly tracker = new CommandTracker();
  private readonly now: () => number;
  private readonly batchMs: number;
  private readonly events: SessionEvents;
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Monotonic time of the last data event, for leading-edge batching. */
  private lastFlushAt = -Infinity;
  private exitInfo: TerminalInfo['exit'] = null;
  private recordCommands: boolean;
  private cols: number;
  private rows: number;
  private readonly startedAt: number;
  /** Whether the shell is in bracketed-paste mode (DEC mode 2004), as its output says. */
  private readonly bracketedPaste = new PrivateModeTracker(2004);
  private killTimer: NodeJS.Timeout | null = null;
  private readonly options: SessionOptions;

  constructor(options: SessionOptions) {
    this.options = options;
    this.id = options.id;
    this.incidentId = options.incidentId;
    this.now = options.now ?? Date.now;
    this.batchMs = options.batchMs ?? OUTPUT_BATCH_MS;
    this.events = options.events;
    this.recordCommands = options.recordCommands;
    this.cols = options.cols;
    this.rows = options.rows;
    // Watermarks given (tests, tuning) are kept fixed; otherwise the window follows the view.
    this.flow =
      options.highWatermark !== undefined || options.lowWatermark !== undefined
        ? new FlowController(
            options.highWatermark ?? FLOW_CONTROL.highWatermarkChars,
            options.lowWatermark ?? FLOW_CONTROL.lowWatermarkChars,
          )
        : FlowController.adaptive({ ...DEFAULT_WINDOW, clock: () => performance.now() });
    this.parser = options.launch.integration ? new MarkerParser(options.nonce) : null;
    this.transcript = options.transcript ?? new Transcript();
    this.startedAt = this.now();
    this.pty = options.spawn(options.launch.file, options.launch.args, {
      cwd: options.cwd,
      env: options.launch.env,
      cols: options.cols,
      rows: options.rows,
    });
    this.pty.onData((chunk) => this.onOutput(chunk));
    this.pty.onExit((exit) => this.onExit(exit));
  }

  info(): TerminalInfo {
    return {
      id: this.id,
      incidentId: this.incidentId,
      title: this.options.title,
      shell: this.options.launch.file,
      shellKind: this.options.shellKind,
      cwd: this.tracker.workingDirectory ?? this.options.cwd,
      pid: this.pty.pid,
      cols: this.cols,
      rows: this.rows,
      shellIntegration: this.options.launch.integration,
      recordCommands: this.recordCommands,
      startedAt: this.startedAt,
      exit: this.exitInfo,
    };
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  get recording(): boolean {
    return this.recordCommands;
  }

  /** Prompts the shell has shown (shell integration only): the shell is waiting for input. */
  get prompts(): number {
    return this.tracker.promptCount;
  }

  get paused(): boolean {
    return this.flow.isPaused;
  }

  get unacknowledged(): number {
    return this.flow.unacknowledged;
  }

  /** The current flow-control window (it adapts to the view unless watermarks were given). */
  get window(): number {
    return this.flow.highWatermark;
  }

  /** Characters waiting for the next coalesced data event. */
  get buffered(): number {
    return this.pendingChars;
  }

  setRecording(on: boolean): void {
    this.recordCommands = on;
  }

  write(data: string): void {
    if (!this.running) return;
    this.pty.write(data);
  }

  /**
   * Put text at the prompt without running it. In bracketed-paste mode (bash 5.1+, zsh) newlines
   * inside the paste are inserted, not executed. Outside it a newline would run the line, so
   * multi-line text is refused; a trailing newline is always dropped.
   */
  paste(text: string): string {
    const clean = sanitizePaste(text);
    if (clean.length === 0) throw new PasteError('nothing to paste');
    if (!this.running) throw new PasteError('the terminal has exited');
    if (this.bracketedPaste.on) {
      this.pty.write(`\x1b[200~${clean.replace(/\n/g, '\r')}\x1b[201~`);
    } else if (clean.includes('\n')) {
      throw new PasteError(
        'this shell is not in bracketed-paste mode, so a multi-line step would run line by line; paste it from the terminal instead',
      );
    } else {
      this.pty.write(clean);
    }
    return clean;
  }

  resize(cols: number, rows: number): void {
    if (!this.running || (cols === this.cols && rows === this.rows)) return;
    this.cols = cols;
    this.rows = rows;
    this.pty.resize(cols, rows);
  }

  acknowledge(chars: number): void {
    if (this.flow.acknowledged(chars) === 'resume' && this.running) this.pty.resume();
  }

  /** A view (re)attaches: it repaints from the transcript and nothing is in flight towards it. */
  attach(replayChars: number): string {
    this.flushNow();
    if (this.flow.reset() === 'resume' && this.running) this.pty.resume();
    return this.transcript.tail(replayChars);
  }

  /** SIGHUP, like closing a terminal window; SIGKILL if the shell ignores it. */
  kill(): void {
    if (!this.running) return;
    // A paused pty never reports its exit: let the rest of the output drain.
    this.pty.resume();
    try {
      this.pty.kill('SIGHUP');
    } catch {
      // Already gone.
    }
    this.killTimer ??= setTimeout(() => {
      if (!this.running) return;
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }, KILL_GRACE_MS);
    this.killTimer.unref();
  }

  private onOutput(chunk: string): void {
    const items: readonly ParsedItem[] = this.parser ? this.parser.feed(chunk) : [{ kind: 'text', text: chunk }];
    this.consume(items);
  }

  private consume(items: readonly ParsedItem[]): void {
    let chars = 0;
    for (const item of items) {
      if (item.kind !== 'text') continue;
      this.pending.push(item.text);
      this.pendingChars += item.text.length;
      this.transcript.append(item.text);
      this.bracketedPaste.read(item.text);
      chars += item.text.length;
    }
    // Counted as sent when read: the view acknowledges exactly these characters.
    let paused = false;
    if (this.flow.received(chars) === 'pause') {
      this.pty.pause();
      paused = true;
    }
    const finished = this.parser ? this.tracker.consume(items, this.now()) : [];
    if (finished.length > 0) {
      // The view gets a command's output before its record.
      this.flushNow();
      for (const done of finished) this.events.command(done);
      return;
    }
    // A flood fills a batch long before the timer: send it at once, in few large messages (each
    // one costs the view a task). Waiting would cap throughput at one watermark per batch
    // interval; and once paused nothing more comes until the view acknowledges what it has.
    // Leading edge: output after a quiet spell (a keystroke's echo) goes out at once; what
    // follows within the batch interval is coalesced.
    if (paused || this.pendingChars >= FLUSH_CHARS) this.flushNow();
    else if (this.pendingChars > 0 && this.timer === null) {
      const since = performance.now() - this.lastFlushAt;
      if (since >= this.batchMs) this.flushNow();
      else this.timer = setTimeout(() => this.flushNow(), this.batchMs - since);
    }
  }

  private flushNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pendingChars === 0) return;
    this.lastFlushAt = performance.now();
    const data = this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.events.data(data);
  }

  private onExit(exit: PtyExit): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.parser) this.consume(this.parser.flush());
    this.flushNow();
    this.exitInfo = { exitCode: exit.exitCode, signal: exit.signal, at: this.now() };
    this.events.exit(exit);
  }
}

export class PasteError extends Error {}

/**
 * What may be pasted: printable text, tabs and newlines. Escape sequences could end bracketed
 * paste early (ESC [201~) and turn the rest into keystrokes, so every control character goes.
 */
export function sanitizePaste(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g, '')
      .replace(/\n+$/, '')
  );
}
