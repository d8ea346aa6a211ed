/**
 * Draws a flood of output a few times a second instead of at every display frame.
 *
 * xterm.js asks for a frame after each slice of output it parses. Under a steady stream that
 * meant about sixty frames a second, and on a software-rendered page each one (the DOM renderer
 * re-lays and re-paints every row) took as much of the main thread as parsing did: the frames,
 * not the parsing, bounded a `cat` (docs/terminal.md).
 *
 * The pacer uses the terminal's own synchronized output mode (DEC private mode 2026, which
 * xterm.js 6 implements: while it is set, rows are parsed but not drawn). A bulk write (a flood)
 * starts a synchronized update; `frameMs` later the pacer ends it, which draws everything parsed
 * meanwhile in one frame, and the first bulk write after that frame starts another (opened
 * before the frame, the next update would be parsed first and the frame would draw nothing:
 * a `yes` was then drawn ~6 times a second instead of ~12). Output is still handed to
 * xterm.js as it arrives, so xterm parses in its usual short slices and the page keeps taking in
 * socket messages between them; holding output back instead left the page idle while the
 * network waited for it. Small writes (a keystroke's echo, a prompt) outside a flood are drawn at
 * the next frame as before.
 *
 * A program may use mode 2026 itself (full-screen programs wrap their redraws in it): while its
 * own update is open, the pacer neither starts nor ends one, so it never cuts a program's update
 * short. A program that never ends its update (killed mid-redraw) is let go after a second, as
 * xterm.js does.
 */
import { PrivateModeTracker } from '../../shared/domain/terminal';

export interface PacerTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `run` after the next frame (or soon, if the page makes no frames); returns a cancel. */
  afterFrame(run: () => void): () => void;
}

export interface PacerOptions {
  /** A write at least this long is bulk: it starts a synchronized update. */
  readonly bulkChars: number;
  /** How long an update stays open: a flood is drawn about 1000 / frameMs times a second. */
  readonly frameMs: number;
}

export const OUTPUT_PACING: PacerOptions = {
  bulkChars: 16 * 1024,
  frameMs: 50,
};

/** Synchronized output: DEC private mode 2026. */
const SYNC_MODE = 2026;
/** Begin and end synchronized update (DECSET / DECRST 2026). */
export const SYNC_BEGIN = `\x1b[?${SYNC_MODE}h`;
export const SYNC_END = `\x1b[?${SYNC_MODE}l`;
/** xterm.js draws an update a program left open after this long (its own safety timeout). */
const PROGRAM_UPDATE_TIMEOUT_MS = 1_000;

/**
 * Writes `text` to xterm.js; `chars` of it are the program's output, to acknowledge once parsed
 * (0 for the pacer's own mode switches, which the service never sent). `parsed`, if given, runs
 * once xterm.js has parsed it.
 */
export type PacedWrite = (text: string, chars: number, parsed?: () => void) => void;

export class OutputPacer {
  private open = false;
  /** An update was ended and its frame is not drawn yet. */
  private drawing = false;
  /** The program's own synchronized updates, followed in its output. */
  private readonly program = new PrivateModeTracker(SYNC_MODE);
  private programTimer: unknown = null;
  private timer: unknown = null;
  private cancelFrame: (() => void) | null = null;
  private disposed = false;

  constructor(
    private readonly write: PacedWrite,
    private readonly timers: PacerTimers,
    private readonly options: PacerOptions = OUTPUT_PACING,
  ) {}

  /** Output for the view, in arrival order. */
  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.scan(data);
    if (!this.open && !this.drawing && !this.program.on && data.length >= this.options.bulkChars) {
      this.open = true;
      this.timer = this.timers.setTimeout(() => this.end(), this.options.frameMs);
      this.write(SYNC_BEGIN + data, data.length);
      return;
    }
    this.write(data, data.length);
  }

  /** Whether an update of the pacer's is open (output parsed, not yet drawn). */
  get updating(): boolean {
    return this.open;
  }

  /** The view is gone: no more timers and no more writes. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.programGone();
    this.cancelFrame?.();
    this.cancelFrame = null;
  }

  private end(): void {
    this.timer = null;
    if (!this.open || this.disposed) return;
    this.open = false;
    // The program opened an update of its own meanwhile: ending ours would end its too.
    if (this.program.on) return;
    this.drawing = true;
    this.write(SYNC_END, 0, () => {
      if (this.disposed) return;
      this.cancelFrame = this.timers.afterFrame(() => {
        this.cancelFrame = null;
        this.drawing = false;
      });
    });
  }

  /** Follows the program's own updates; one it leaves open is let go as xterm.js does. */
  private scan(data: string): void {
    const wasOpen = this.program.on;
    const open = this.program.read(data);
    if (open && !wasOpen) {
      this.programTimer = this.timers.setTimeout(() => {
        this.programTimer = null;
        this.program.forget();
      }, PROGRAM_UPDATE_TIMEOUT_MS);
    } else if (!open && wasOpen) {
      this.programGone();
    }
  }

  private programGone(): void {
    if (this.programTimer !== null) this.timers.clearTimeout(this.programTimer);
    this.programTimer = null;
  }
}
