/**
 * The local terminal and runbooks: the vocabulary main and renderer share. Terminals are LOCAL:
 * nothing here is ever replicated to peers except the command records and runbook marks the
 * service deliberately writes into the timeline (redacted).
 */

/**
 * Flow control between the pty and xterm.js: the pty is paused above HIGH unacknowledged
 * characters and resumed below LOW; the renderer acknowledges in ACK_STEP steps from xterm's
 * write callback, i.e. once the characters are parsed, not merely received.
 *
 * HIGH/LOW are the VS Code watermarks and stay fixed when a session is given watermarks. By
 * default the window adapts (see FlowController.adaptive): it starts at HIGH and follows the
 * view's measured parse rate, holding about `windowTargetMs` of it in flight, never more than
 * `maxWindowChars`. A fixed 100,000 is ~5 ms of a fast view's work, less than one ack round
 * trip, so the view sat idle between windows; a slow view keeps a small window, so memory and
 * the time Ctrl-C takes to show stay bounded.
 */
export const FLOW_CONTROL = {
  highWatermarkChars: 100_000,
  lowWatermarkChars: 5_000,
  ackStepChars: 5_000,
  maxWindowChars: 2_000_000,
  windowTargetMs: 100,
} as const;

/** Output is coalesced for this long before one terminalData event: fewer, larger IPC messages. */
export const OUTPUT_BATCH_MS = 8;

export const TERMINAL_LIMITS = {
  /** Largest single writeTerminal payload (a big paste is split by the renderer). */
  writeChars: 64 * 1024,
  cols: { min: 2, max: 1_000 },
  rows: { min: 1, max: 500 },
  /** Per incident; each is a shell process. */
  perIncident: 8,
  cwd: 4_096,
} as const;

export type ShellKind = 'bash' | 'zsh' | 'sh' | 'other';

export interface TerminalInfo {
  readonly id: string;
  readonly incidentId: string;
  /** Tab label: shell name and a counter, e.g. "bash 2". */
  readonly title: string;
  readonly shell: string;
  readonly shellKind: ShellKind;
  readonly cwd: string;
  readonly pid: number;
  readonly cols: number;
  readonly rows: number;
  /** Prompt markers are injected, so commands and exit codes are known. */
  readonly shellIntegration: boolean;
  /** Finished commands go to the incident timeline ("Record commands to timeline"). */
  readonly recordCommands: boolean;
  readonly startedAt: number;
  /** null while running. */
  readonly exit: { readonly exitCode: number; readonly signal: number | null; readonly at: number } | null;
}

/** One finished command, redacted, as it goes to the timeline. */
export interface CommandRecord {
  readonly terminalId: string;
  readonly incidentId: string;
  readonly command: string;
  /** null when the shell did not report one. */
  readonly exitCode: number | null;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** First and last lines of the output (ANSI stripped). */
  readonly firstLines: readonly string[];
  readonly lastLines: readonly string[];
  /** The output, ANSI stripped, capped (middle elided when longer). */
  readonly output: string;
  readonly outputChars: number;
  readonly outputTruncated: boolean;
  /** Whether it was written to the timeline (the tab's toggle at the time). */
  readonly recorded: boolean;
}

/** A saved terminal transcript of an incident (live or from an earlier session). */
export interface TranscriptInfo {
  readonly terminalId: string;
  readonly incidentId: string;
  readonly title: string;
  readonly shell: string;
  readonly startedAt: number;
  /** Characters dropped from the beginning by the size cap. */
  readonly trimmedChars: number;
  /** Whether the terminal is still open in this session. */
  readonly live: boolean;
}

export const RUNBOOK_STEP_MARKS = ['done', 'skipped', 'failed'] as const;
export type RunbookStepMark = (typeof RUNBOOK_STEP_MARKS)[number];

export interface RunbookStep {
  /** 0-based position among the runbook's code blocks. */
  readonly index: number;
  /** The nearest heading above the block. */
  readonly title: string;
  /** Prose between the previous block (or heading) and this one. */
  readonly description: string;
  /** Fence language (sh, bash, shell, console, zsh or empty). */
  readonly lang: string;
  readonly code: string;
}

export interface RunbookSummary {
  /** `default/<file>` or `user/<file>` without the .md extension. */
  readonly id: string;
  readonly title: string;
  readonly source: 'default' | 'user';
  readonly tags: readonly string[];
  readonly stepCount: number;
  /** Match against the incident (0 when none was given or nothing matched). */
  readonly score: number;
  /** Words of the incident that matched, for the "why suggested" hint. */
  readonly matched: readonly string[];
}

export interface Runbook extends RunbookSummary {
  readonly description: string;
  readonly steps: readonly RunbookStep[];
  /** Marks already made in this incident, by step index. */
  readonly marks: Readonly<Record<number, RunbookStepMark>>;
}

/**
 * The view's side of flow control: count characters xterm.js has processed (its write callback)
 * and say when to acknowledge, in ackStepChars steps, so acks stay few under a flood.
 */
export class AckCounter {
  private pending = 0;

  constructor(private readonly step: number = FLOW_CONTROL.ackStepChars) {}

  /** Characters processed; returns how many to acknowledge now, or 0. */
  processed(chars: number): number {
    if (!(chars > 0)) return 0;
    this.pending += chars;
    if (this.pending < this.step) return 0;
    const ack = this.pending;
    this.pending = 0;
    return ack;
  }

  /** A fresh attach: the service forgot what was in flight, so must we. */
  reset(): void {
    this.pending = 0;
  }
}

/**
 * Follows one DEC private mode of a terminal (`ESC [ ? N h` sets it, `ESC [ ? N l` resets it)
 * through output that arrives in pieces, where a switch may be split across two. Only the
 * boundary between pieces is read twice, never a whole piece: this runs on every chunk of a
 * flood. Used for bracketed paste (2004) by the service and synchronized output (2026) by the
 * view.
 */
export class PrivateModeTracker {
  private readonly prefix: string;
  private readonly switches: RegExp;
  private tail = '';
  private state = false;

  constructor(mode: number) {
    this.prefix = `\x1b[?${mode}`;
    this.switches = new RegExp(`\\x1b\\[\\?${mode}([hl])`, 'g');
  }

  /** Whether the mode is set, as of the output read so far. */
  get on(): boolean {
    return this.state;
  }

  /** Reads the next piece of output; returns whether the mode is set after it. */
  read(data: string): boolean {
    // A switch is one character longer than its prefix: split across two pieces, it lies in the
    // last prefix-length characters of one and the first of the next; whole, in one piece.
    const keep = this.prefix.length;
    const boundary = this.tail + data.slice(0, keep);
    this.tail = (data.length >= keep ? data : this.tail + data).slice(-keep);
    for (const text of [boundary, data]) {
      if (!text.includes(this.prefix)) continue;
      for (const match of text.matchAll(this.switches)) this.state = match[1] === 'h';
    }
    return this.state;
  }

  /** The terminal left the mode by other means (xterm.js ends a synchronized update after 1 s). */
  forget(): void {
    this.state = false;
  }
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software rasterizer|microsoft basic render/i;

/**
 * A WebGL renderer string (UNMASKED_RENDERER_WEBGL) names a CPU implementation, on which the
 * view uses xterm's DOM renderer (see renderer/terminal/renderer-choice.ts).
 */
export function isSoftwareGl(renderer: string): boolean {
  return SOFTWARE_GL.test(renderer);
}

/**
 * Where a link clicked in terminal output may lead: http and https only, as a normalised URL,
 * or null. Terminal output is untrusted text: no javascript:, file:, data: or custom schemes.
 */
export function safeLinkTarget(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.href;
}
