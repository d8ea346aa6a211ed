/**
 * From prompt markers to finished commands, and from a finished command to the redacted record
 * the timeline receives. Pure: time comes in as an argument.
 */
import type { CommandRecord } from '../../../shared/domain/terminal';
import type { ParsedItem } from './markers';
import { HeadTailBuffer, edgeLines, toPlainText } from './plain-text';
import { redactSecrets } from './redact';

/** Output kept per command: the first and last characters, the middle elided. */
export const COMMAND_OUTPUT_HEAD_CHARS = 12 * 1024;
export const COMMAND_OUTPUT_TAIL_CHARS = 12 * 1024;
/** Lines shown in the timeline entry itself. */
export const EDGE_LINE_COUNT = 5;
const MAX_COMMAND_CHARS = 4_000;

export interface FinishedCommand {
  readonly command: string;
  readonly exitCode: number | null;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly cwd: string | null;
  readonly output: HeadTailBuffer;
}

interface Running {
  readonly command: string;
  readonly startedAt: number;
  readonly cwd: string | null;
  readonly output: HeadTailBuffer;
}

export class CommandTracker {
  private cwd: string | null = null;
  private commandLine: string | null = null;
  private current: Running | null = null;
  private prompts = 0;

  constructor(
    private readonly headChars = COMMAND_OUTPUT_HEAD_CHARS,
    private readonly tailChars = COMMAND_OUTPUT_TAIL_CHARS,
  ) {}

  /** Whether the shell has printed at least one marked prompt: integration is live. */
  get active(): boolean {
    return this.prompts > 0;
  }

  /** Prompts shown so far (each ends where the user starts typing). */
  get promptCount(): number {
    return this.prompts;
  }

  get running(): boolean {
    return this.current !== null;
  }

  get workingDirectory(): string | null {
    return this.cwd;
  }

  consume(items: readonly ParsedItem[], now: number): FinishedCommand[] {
    const finished: FinishedCommand[] = [];
    for (const item of items) {
      if (item.kind === 'text') {
        this.current?.output.append(item.text);
        continue;
      }
      const marker = item.marker;
      switch (marker.type) {
        case 'promptStart':
          // A prompt while a command "runs" means the shell never reported its end.
          if (this.current) finished.push(this.finish(null, now));
          break;
        case 'promptEnd':
          this.prompts++;
          break;
        case 'cwd':
          this.cwd = marker.cwd;
          break;
        case 'commandLine':
          this.commandLine = marker.commandLine.slice(0, MAX_COMMAND_CHARS);
          break;
        case 'commandStart':
          if (this.current) finished.push(this.finish(null, now));
          this.current = {
            command: this.commandLine ?? '',
            startedAt: now,
            cwd: this.cwd,
            output: new HeadTailBuffer(this.headChars, this.tailChars),
          };
          this.commandLine = null;
          break;
        case 'commandEnd':
          if (this.current) finished.push(this.finish(marker.exitCode, now));
          break;
      }
    }
    return finished;
  }

  private finish(exitCode: number | null, now: number): FinishedCommand {
    const running = this.current as Running;
    this.current = null;
    return { ...running, exitCode, finishedAt: now };
  }
}

export interface RecordContext {
  readonly terminalId: string;
  readonly incidentId: string;
  readonly recorded: boolean;
}

/** The redacted record of a finished command: what may leave this machine. */
export function buildCommandRecord(done: FinishedCommand, ctx: RecordContext): CommandRecord {
  const { head, tail, elided } = done.output.parts();
  const headText = toPlainText(head);
  // The tail was cut at an arbitrary point: start it at a line boundary.
  const tailText = elided > 0 ? toPlainText(tail.slice(tail.indexOf('\n') + 1)) : toPlainText(tail);
  const joined = elided > 0 ? `${headText}\n… [${elided} characters not kept] …\n${tailText}` : headText + tailText;
  const output = redactSecrets(joined.replace(/\n+$/, ''));
  const lines = edgeLines(output, EDGE_LINE_COUNT);
  return {
    terminalId: ctx.terminalId,
    incidentId: ctx.incidentId,
    command: redactSecrets(done.command.trim()),
    exitCode: done.exitCode,
    startedAt: done.startedAt,
    finishedAt: done.finishedAt,
    durationMs: Math.max(0, done.finishedAt - done.startedAt),
    firstLines: lines.first.map((l) => l.slice(0, 200)),
    lastLines: lines.last.map((l) => l.slice(0, 200)),
    output,
    outputChars: done.output.totalChars,
    outputTruncated: elided > 0,
    recorded: ctx.recorded,
  };
}

/** The timeline entry's Markdown: the command, how it ended, and the edges of its output. */
export function commandEntryText(record: CommandRecord): string {
  const status = record.exitCode === null ? 'exit status unknown' : `exit ${record.exitCode}`;
  const fence = record.command.includes('```') || record.output.includes('```') ? '~~~~' : '```';
  const shown = [...record.firstLines, ...(record.lastLines.length > 0 ? ['…', ...record.lastLines] : [])];
  const outputBlock = shown.length > 0 ? `\n${fence}\n${shown.join('\n')}\n${fence}` : '';
  return `\`$ ${record.command.replace(/`/g, "'").slice(0, 1_000) || '(unknown command)'}\` → ${status} in ${formatDuration(record.durationMs)}${outputBlock}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}
