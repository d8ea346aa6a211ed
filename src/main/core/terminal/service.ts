/**
 * The terminal service: implements the terminal part of the contract (contract/terminal.ts) over
 * pty sessions and the runbook library. It is a separate WarroomService on purpose: front doors
 * that serve the local user compose it with the Warroom service (see ../local-service.ts); the
 * sync layer and any non-loopback web server only ever hold the Warroom service, which refuses
 * terminal methods, so no peer or remote page can reach a shell.
 */
import crypto from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  WarroomError,
  type Envelope,
  type EventName,
  type EventPayloads,
  type MethodResults,
} from '../../../shared/api';
import { terminalMethods, type TerminalMethodName, type TranscriptExport } from '../../../shared/contract/terminal';
import { TERMINAL_LIMITS, type Runbook, type RunbookSummary, type TerminalInfo } from '../../../shared/domain/terminal';
import type { z } from 'zod';
import { emitTo, parseArgs, toEnvelope } from '../dispatch';
import { createLogger, type Logger } from '../log';
import { RunbookLibrary, type LoadedRunbook, type RunbookDirs } from '../runbooks/library';
import { rankRunbooks, scoreRunbook, type IncidentFacts } from '../runbooks/suggest';
import type { EventListener, WarroomService } from '../service';
import { buildCommandRecord } from './commands';
import { nodePtySpawner, type PtySpawner } from './pty';
import { PasteError, TerminalSession } from './session';
import { planLaunch, resolveShell, supportsIntegration, writeIntegrationScripts, type ResolvedShell } from './shell';
import type { TerminalTimeline } from './timeline-sink';
import { Transcript, TranscriptStore, exportText, type TranscriptMeta } from './transcript';

export interface TerminalServiceOptions {
  /** Warroom's data folder: transcripts, integration scripts and the user runbooks live under it. */
  readonly dataDir: string;
  readonly timeline: TerminalTimeline;
  /** Folder of the shipped runbooks (resources/runbooks); null for none. */
  readonly defaultRunbooks: string | null;
  /** The user's runbook folder; <dataDir>/runbooks by default. */
  readonly userRunbooks?: string;
  readonly log?: Logger;
  readonly now?: () => number;
  /** How ptys are made: node-pty in-process by default, a pty host in Electron. */
  readonly spawn?: PtySpawner;
  /** Environment the shells inherit; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Force a shell (tests); otherwise $SHELL, the passwd shell, bash, sh. */
  readonly shell?: string;
  readonly transcriptCapChars?: number;
  readonly batchMs?: number;
  readonly highWatermark?: number;
  readonly lowWatermark?: number;
}

type Args<M extends TerminalMethodName> = z.output<(typeof terminalMethods)[M]>;
type Handlers = { [M in TerminalMethodName]: (args: Args<M>) => MethodResults[M] };

/** Output repainted when a view attaches: a few screens' worth of scrollback. */
const REPLAY_CHARS = 256 * 1024;
/** Transcripts are saved at most this often while a terminal is busy. */
const SAVE_INTERVAL_MS = 2_000;

interface Entry {
  readonly session: TerminalSession;
  readonly meta: TranscriptMeta;
  saveTimer: NodeJS.Timeout | null;
}

export class TerminalService implements WarroomService {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly spawn: PtySpawner;
  private readonly env: NodeJS.ProcessEnv;
  private readonly scriptsDir: string;
  private readonly store: TranscriptStore;
  private readonly runbooks: RunbookLibrary;
  private readonly terminals = new Map<string, Entry>();
  private readonly counters = new Map<string, number>();
  private readonly listeners = new Set<EventListener>();
  private readonly handlers: Handlers;
  private closed = false;

  constructor(private readonly options: TerminalServiceOptions) {
    this.log = options.log ?? createLogger('terminal');
    this.now = options.now ?? Date.now;
    this.spawn = options.spawn ?? nodePtySpawner;
    this.env = options.env ?? process.env;
    this.scriptsDir = join(options.dataDir, 'shell-integration');
    this.store = new TranscriptStore(join(options.dataDir, 'terminals'));
    this.runbooks = new RunbookLibrary(
      {
        defaults: options.defaultRunbooks,
        user: options.userRunbooks ?? join(options.dataDir, 'runbooks'),
      } satisfies RunbookDirs,
      this.log,
    );
    this.handlers = {
      openTerminal: (a) => this.open(a),
      listTerminals: ({ incidentId }) =>
        [...this.terminals.values()].filter((t) => t.session.incidentId === incidentId).map((t) => t.session.info()),
      attachTerminal: ({ id }) => {
        const { session } = this.require(id);
        const replay = session.attach(REPLAY_CHARS);
        return { info: session.info(), replay };
      },
      writeTerminal: ({ id, data }) => {
        this.require(id).session.write(data);
        return null;
      },
      resizeTerminal: ({ id, cols, rows }) => {
        this.require(id).session.resize(cols, rows);
        return null;
      },
      ackTerminal: ({ id, chars }) => {
        this.require(id).session.acknowledge(chars);
        return null;
      },
      closeTerminal: ({ id }) => {
        const entry = this.require(id);
        entry.session.kill();
        this.save(entry);
        this.terminals.delete(id);
        return null;
      },
      setCommandRecording: ({ id, recordCommands }) => {
        const { session } = this.require(id);
        session.setRecording(recordCommands);
        const info = session.info();
        this.emit('terminalChanged', info);
        return info;
      },
      listTranscripts: ({ incidentId }) => {
        this.requireIncident(incidentId);
        return this.store.list(incidentId).map((meta) => {
          const live = this.terminals.get(meta.terminalId);
          const trimmedChars = live ? live.session.transcript.trimmedChars : meta.trimmedChars;
          return { ...meta, trimmedChars, live: live !== undefined };
        });
      },
      exportTranscript: ({ incidentId, id }) => this.exportTranscript(incidentId, id),
      listRunbooks: ({ incidentId }) => this.listRunbooks(incidentId),
      getRunbook: ({ id, incidentId }) => this.getRunbook(id, incidentId),
      pasteRunbookStep: ({ terminalId, runbookId, step }) => {
        const { session } = this.require(terminalId);
        const code = this.requireStep(this.requireRunbook(runbookId), step).code;
        try {
          return { pasted: session.paste(code) };
        } catch (error) {
          if (error instanceof PasteError) throw new WarroomError('invalid_argument', error.message);
          throw error;
        }
      },
      markRunbookStep: ({ incidentId, runbookId, step, mark }) => {
        this.requireIncident(incidentId);
        const runbook = this.requireRunbook(runbookId);
        const stepInfo = this.requireStep(runbook, step);
        this.options.timeline.runbookStepMarked({
          incidentId,
          runbookId,
          runbookTitle: runbook.title,
          step,
          stepTitle: stepInfo.title,
          mark,
        });
        this.emit('runbookStepMarked', { incidentId, runbookId, step, mark });
        return this.getRunbook(runbookId, incidentId);
      },
    };
  }

  async handle(method: string, args: unknown): Promise<Envelope<unknown>> {
    return toEnvelope(this.log, 'terminal request', method, () => this.call(method, args));
  }

  call<M extends TerminalMethodName>(method: M, args: unknown): MethodResults[M];
  call(method: string, args: unknown): unknown;
  call(method: string, args: unknown): unknown {
    if (!Object.hasOwn(terminalMethods, method)) {
      throw new WarroomError('unknown_method', `Unknown terminal method: ${String(method).slice(0, 80)}`);
    }
    const name = method as TerminalMethodName;
    if (this.closed) throw new WarroomError('internal', 'the terminal service is shut down');
    return (this.handlers[name] as (a: unknown) => unknown)(parseArgs(terminalMethods[name], name, args));
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kill every shell and save every transcript. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.terminals.values()) {
      entry.session.kill();
      this.save(entry);
    }
    this.terminals.clear();
    this.listeners.clear();
  }

  /** Sessions, for tests and benchmarks that look at flow-control state. */
  session(id: string): TerminalSession | undefined {
    return this.terminals.get(id)?.session;
  }

  private open(a: Args<'openTerminal'>): TerminalInfo {
    this.requireIncident(a.incidentId);
    const running = [...this.terminals.values()].filter(
      (t) => t.session.incidentId === a.incidentId && t.session.running,
    );
    if (running.length >= TERMINAL_LIMITS.perIncident) {
      throw new WarroomError(
        'invalid_argument',
        `At most ${TERMINAL_LIMITS.perIncident} terminals per incident; close one first`,
      );
    }
    const cwd = a.cwd ?? this.env.HOME ?? os.homedir();
    if (!isAbsolute(cwd) || !isDirectory(cwd)) {
      throw new WarroomError(
        'invalid_argument',
        `Working folder ${cwd.slice(0, 200)} is not an existing absolute folder`,
      );
    }
    let shell: ResolvedShell;
    try {
      shell = resolveShell(this.options.shell ? { SHELL: this.options.shell } : this.env);
    } catch (error) {
      throw new WarroomError('internal', (error as Error).message);
    }
    const integration = a.shellIntegration ?? supportsIntegration(shell.kind);
    if (integration) writeIntegrationScripts(this.scriptsDir);
    const id = crypto.randomBytes(12).toString('base64url');
    const nonce = crypto.randomBytes(12).toString('base64url');
    const launch = planLaunch({
      shell,
      integration,
      nonce,
      scriptsDir: this.scriptsDir,
      env: this.env,
      extraEnv: { WARROOM_INCIDENT_ID: a.incidentId },
    });
    const n = (this.counters.get(a.incidentId) ?? 0) + 1;
    this.counters.set(a.incidentId, n);
    const title = `${shell.file.split('/').pop() ?? 'shell'} ${n}`;
    const meta: TranscriptMeta = {
      terminalId: id,
      incidentId: a.incidentId,
      title,
      shell: shell.file,
      startedAt: this.now(),
      trimmedChars: 0,
    };
    let entry: Entry | null = null;
    let session: TerminalSession;
    try {
      session = new TerminalSession({
        id,
        incidentId: a.incidentId,
        title,
        shellKind: shell.kind,
        launch,
        nonce,
        cwd,
        cols: a.cols,
        rows: a.rows,
        recordCommands: a.recordCommands ?? true,
        spawn: this.spawn,
        now: this.now,
        transcript: new Transcript(this.options.transcriptCapChars),
        ...(this.options.batchMs !== undefined ? { batchMs: this.options.batchMs } : {}),
        ...(this.options.highWatermark !== undefined ? { highWatermark: this.options.highWatermark } : {}),
        ...(this.options.lowWatermark !== undefined ? { lowWatermark: this.options.lowWatermark } : {}),
        events: {
          data: (data) => {
            this.emit('terminalData', { id, data });
            if (entry) this.scheduleSave(entry);
          },
          command: (done) => {
            if (!entry) return;
            const s = entry.session;
            const record = buildCommandRecord(done, {
              terminalId: id,
              incidentId: s.incidentId,
              recorded: s.recording,
            });
            if (record.recorded) {
              try {
                this.options.timeline.commandFinished(record);
              } catch (error) {
                this.log.warn('terminal: could not record a command in the timeline', { error: String(error) });
              }
            }
            this.emit('commandRecorded', record);
          },
          exit: (exit) => {
            this.emit('terminalExit', { id, exitCode: exit.exitCode, signal: exit.signal });
            if (entry) {
              this.save(entry);
              this.emit('terminalChanged', entry.session.info());
            }
          },
        },
      });
    } catch (error) {
      this.log.error('terminal: could not start a shell', { shell: shell.file, error: String(error) });
      throw new WarroomError('internal', `Could not start ${shell.file}: ${(error as Error).message}`);
    }
    entry = { session, meta, saveTimer: null };
    this.terminals.set(id, entry);
    this.log.info('terminal: opened', {
      id,
      incidentId: a.incidentId,
      shell: shell.file,
      integration: launch.integration,
    });
    const info = session.info();
    this.emit('terminalChanged', info);
    return info;
  }

  private exportTranscript(incidentId: string, id: string): TranscriptExport {
    const entry = this.terminals.get(id);
    let meta: TranscriptMeta;
    let raw: string;
    if (entry && entry.meta.incidentId === incidentId) {
      meta = { ...entry.meta, trimmedChars: entry.session.transcript.trimmedChars };
      raw = entry.session.transcript.text();
    } else {
      const saved = this.store.load(incidentId, id);
      if (!saved) throw new WarroomError('not_found', `No transcript of terminal ${id} in incident ${incidentId}`);
      ({ meta, raw } = saved);
    }
    const stamp = new Date(this.now()).toISOString().replace(/[:]/g, '').replace(/\..*$/, 'Z');
    return {
      fileName: `transcript-${meta.title.replace(/[^A-Za-z0-9]+/g, '-')}-${stamp}.txt`,
      text: exportText(meta, raw, this.now()),
      trimmedChars: meta.trimmedChars,
    };
  }

  private listRunbooks(incidentId: string | undefined): RunbookSummary[] {
    const all = this.runbooks.list();
    const facts = incidentId ? this.requireIncident(incidentId) : null;
    const ranked = facts
      ? rankRunbooks(facts, all)
      : all.map((runbook) => ({ runbook, suggestion: { score: 0, matched: [] as string[] } }));
    return ranked.map(({ runbook, suggestion }) => summary(runbook, suggestion.score, suggestion.matched));
  }

  private getRunbook(id: string, incidentId: string | undefined): Runbook {
    const runbook = this.requireRunbook(id);
    const facts = incidentId ? this.requireIncident(incidentId) : null;
    const suggestion = facts ? scoreRunbook(facts, runbook) : { score: 0, matched: [] };
    return {
      ...summary(runbook, suggestion.score, suggestion.matched),
      description: runbook.description,
      steps: runbook.steps,
      marks: incidentId ? this.options.timeline.runbookMarks(incidentId, id) : {},
    };
  }

  private require(id: string): Entry {
    const entry = this.terminals.get(id);
    if (!entry) throw new WarroomError('not_found', `No terminal with id ${id}`);
    return entry;
  }

  private requireIncident(id: string): IncidentFacts {
    const facts = this.options.timeline.incident(id);
    if (!facts) throw new WarroomError('not_found', `No incident with id ${id}`);
    return facts;
  }

  private requireRunbook(id: string): LoadedRunbook {
    const runbook = this.runbooks.get(id);
    if (!runbook) throw new WarroomError('not_found', `No runbook ${id}`);
    return runbook;
  }

  private requireStep(runbook: LoadedRunbook, step: number): LoadedRunbook['steps'][number] {
    const found = runbook.steps[step];
    if (!found) throw new WarroomError('not_found', `Runbook ${runbook.id} has no step ${step + 1}`);
    return found;
  }

  private scheduleSave(entry: Entry): void {
    if (entry.saveTimer !== null || this.closed) return;
    entry.saveTimer = setTimeout(() => {
      entry.saveTimer = null;
      this.save(entry);
    }, SAVE_INTERVAL_MS);
    entry.saveTimer.unref();
  }

  private save(entry: Entry): void {
    if (entry.saveTimer !== null) {
      clearTimeout(entry.saveTimer);
      entry.saveTimer = null;
    }
    try {
      const transcript = entry.session.transcript;
      this.store.save({ ...entry.meta, trimmedChars: transcript.trimmedChars }, transcript.text());
    } catch (error) {
      this.log.warn('terminal: could not save a transcript', { id: entry.meta.terminalId, error: String(error) });
    }
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    emitTo(this.listeners, this.log, event, payload);
  }
}

function summary(runbook: LoadedRunbook, score: number, matched: readonly string[]): RunbookSummary {
  return {
    id: runbook.id,
    title: runbook.title,
    source: runbook.source,
    tags: runbook.tags,
    stepCount: runbook.steps.length,
    score,
    matched,
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
