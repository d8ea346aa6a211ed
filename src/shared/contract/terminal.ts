/**
 * Contract methods and events of the local terminal and the runbook panel.
 *
 * These methods are LOCAL ONLY: the Warroom service (which peers and remote browsers reach)
 * refuses them; only the terminal service answers them, and only the front doors of the local
 * user compose it in (the Electron window, and `serve --ui` on a loopback address for the
 * token-holding page). Their events are emitted by the terminal service alone, so they never
 * reach the sync layer.
 */
import { z } from 'zod';
import {
  RUNBOOK_STEP_MARKS,
  TERMINAL_LIMITS,
  type CommandRecord,
  type Runbook,
  type RunbookStepMark,
  type RunbookSummary,
  type TerminalInfo,
  type TranscriptInfo,
} from '../domain/terminal';
import { IdSchema } from '../schemas';

export const TerminalIdSchema = IdSchema;
export const RunbookIdSchema = z
  .string()
  .regex(/^(default|user)\/[a-z0-9][a-z0-9_-]{0,79}$/, 'must be default/<name> or user/<name>');
const Cols = z.number().int().min(TERMINAL_LIMITS.cols.min).max(TERMINAL_LIMITS.cols.max);
const Rows = z.number().int().min(TERMINAL_LIMITS.rows.min).max(TERMINAL_LIMITS.rows.max);
const TerminalRef = z.object({ id: TerminalIdSchema }).strict();
const StepIndex = z.number().int().min(0).max(999);

export const terminalMethods = {
  openTerminal: z
    .object({
      incidentId: IdSchema,
      /** Absolute folder to start in; the user's home folder by default. */
      cwd: z.string().min(1).max(TERMINAL_LIMITS.cwd).optional(),
      cols: Cols,
      rows: Rows,
      /** Prompt markers (bash, zsh); on by default where supported. */
      shellIntegration: z.boolean().optional(),
      /** "Record commands to timeline"; on by default. */
      recordCommands: z.boolean().optional(),
    })
    .strict(),
  listTerminals: z.object({ incidentId: IdSchema }).strict(),
  /** Start (or resume) showing a terminal: returns the recent output to repaint. */
  attachTerminal: TerminalRef,
  writeTerminal: z.object({ id: TerminalIdSchema, data: z.string().min(1).max(TERMINAL_LIMITS.writeChars) }).strict(),
  resizeTerminal: z.object({ id: TerminalIdSchema, cols: Cols, rows: Rows }).strict(),
  /** Characters xterm.js has processed (sent in FLOW_CONTROL.ackStepChars steps). */
  ackTerminal: z
    .object({
      id: TerminalIdSchema,
      chars: z
        .number()
        .int()
        .min(1)
        .max(10 * 1024 * 1024),
    })
    .strict(),
  closeTerminal: TerminalRef,
  setCommandRecording: z.object({ id: TerminalIdSchema, recordCommands: z.boolean() }).strict(),
  /** Transcripts of the incident's terminals, including closed ones and earlier sessions. */
  listTranscripts: z.object({ incidentId: IdSchema }).strict(),
  exportTranscript: z.object({ incidentId: IdSchema, id: TerminalIdSchema }).strict(),
  listRunbooks: z.object({ incidentId: IdSchema.optional() }).strict(),
  getRunbook: z.object({ id: RunbookIdSchema, incidentId: IdSchema.optional() }).strict(),
  /** Type a step's code at the prompt of a terminal; never presses Enter. */
  pasteRunbookStep: z.object({ terminalId: TerminalIdSchema, runbookId: RunbookIdSchema, step: StepIndex }).strict(),
  markRunbookStep: z
    .object({
      incidentId: IdSchema,
      runbookId: RunbookIdSchema,
      step: StepIndex,
      mark: z.enum(RUNBOOK_STEP_MARKS),
    })
    .strict(),
} as const;

export type TerminalMethodName = keyof typeof terminalMethods;
export const TERMINAL_METHOD_NAMES = Object.keys(terminalMethods) as TerminalMethodName[];

export function isTerminalMethod(name: string): name is TerminalMethodName {
  return Object.hasOwn(terminalMethods, name);
}

export const TERMINALS_LOCAL_ONLY =
  'Terminals are local only: they are available in the desktop app, or in `warroom serve --ui` on a loopback address (127.0.0.1) to the page opened with its token.';

export interface TranscriptExport {
  readonly fileName: string;
  /** Plain text, secrets redacted. */
  readonly text: string;
  readonly trimmedChars: number;
}

export interface RunbookStepMarked {
  readonly incidentId: string;
  readonly runbookId: string;
  readonly step: number;
  readonly mark: RunbookStepMark;
}

export interface TerminalResults {
  openTerminal: TerminalInfo;
  listTerminals: TerminalInfo[];
  attachTerminal: { readonly info: TerminalInfo; readonly replay: string };
  writeTerminal: null;
  resizeTerminal: null;
  ackTerminal: null;
  closeTerminal: null;
  setCommandRecording: TerminalInfo;
  listTranscripts: TranscriptInfo[];
  exportTranscript: TranscriptExport;
  listRunbooks: RunbookSummary[];
  getRunbook: Runbook;
  pasteRunbookStep: { readonly pasted: string };
  markRunbookStep: Runbook;
}

export interface TerminalEvents {
  /** Coalesced output of a terminal; acknowledge it with ackTerminal once written. */
  terminalData: { readonly id: string; readonly data: string };
  /** A terminal was opened, changed (recording toggle, cwd) or exited. */
  terminalChanged: TerminalInfo;
  terminalExit: { readonly id: string; readonly exitCode: number; readonly signal: number | null };
  commandRecorded: CommandRecord;
  runbookStepMarked: RunbookStepMarked;
}

export const TERMINAL_EVENT_NAMES = [
  'terminalData',
  'terminalChanged',
  'terminalExit',
  'commandRecorded',
  'runbookStepMarked',
] as const satisfies readonly (keyof TerminalEvents)[];
