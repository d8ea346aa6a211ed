/**
 * A real Warroom plus a real terminal service on a temporary data folder, with a hermetic shell
 * environment (empty HOME, bash) and helpers that await events instead of sleeping.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayloads } from '../../src/shared/api';
import type { CommandRecord } from '../../src/shared/domain/terminal';
import { silentLogger } from '../../src/main/core/log';
import { TerminalService, type TerminalServiceOptions } from '../../src/main/core/terminal/service';
import { warroomTimeline } from '../../src/main/core/terminal/timeline-sink';
import { Warroom } from '../../src/main/core/warroom';

export const REPO_RUNBOOKS = join(import.meta.dirname, '..', '..', 'resources', 'runbooks');

type Waiter = { check: () => boolean; resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class TerminalHarness {
  readonly dir: string;
  readonly home: string;
  readonly warroom: Warroom;
  readonly terminals: TerminalService;
  readonly incidentId: string;
  /** Output per terminal, as a view would have received it. */
  readonly output = new Map<string, string>();
  readonly records: CommandRecord[] = [];
  readonly exits = new Map<string, EventPayloads['terminalExit']>();
  readonly events: { event: EventName; payload: unknown }[] = [];
  /** When true, every data event is acknowledged at once (an xterm that keeps up). */
  autoAck = true;
  private waiters = new Set<Waiter>();

  constructor(options: Partial<TerminalServiceOptions> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'warroom-term-'));
    this.home = join(this.dir, 'home');
    mkdirSync(this.home);
    this.warroom = new Warroom({ dataDir: join(this.dir, 'data'), log: silentLogger });
    this.terminals = new TerminalService({
      dataDir: join(this.dir, 'data'),
      timeline: warroomTimeline(this.warroom),
      defaultRunbooks: REPO_RUNBOOKS,
      log: silentLogger,
      shell: '/bin/bash',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: this.home,
        LANG: 'C.UTF-8',
        HISTFILE: join(this.home, '.bash_history'),
      },
      ...options,
    });
    this.incidentId = this.warroom.call('declareIncident', {
      title: 'Checkout API high error rate',
      severity: 'SEV2',
      services: ['checkout'],
    }).id;
    this.terminals.subscribe((event, payload) => {
      this.events.push({ event, payload });
      if (event === 'terminalData') {
        const { id, data } = payload as EventPayloads['terminalData'];
        this.output.set(id, (this.output.get(id) ?? '') + data);
        if (this.autoAck) this.terminals.call('ackTerminal', { id, chars: data.length });
      } else if (event === 'commandRecorded') {
        this.records.push(payload as CommandRecord);
      } else if (event === 'terminalExit') {
        const exit = payload as EventPayloads['terminalExit'];
        this.exits.set(exit.id, exit);
      }
      this.poll();
    });
  }

  open(extra: { cwd?: string; shellIntegration?: boolean; recordCommands?: boolean } = {}): string {
    return this.terminals.call('openTerminal', { incidentId: this.incidentId, cols: 100, rows: 30, ...extra }).id;
  }

  write(id: string, data: string): void {
    this.terminals.call('writeTerminal', { id, data });
  }

  text(id: string): string {
    return this.output.get(id) ?? '';
  }

  /** Resolves once `check` holds after some event; rejects after `timeoutMs` with `what`. */
  waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** The shell has shown its `count`th prompt (counted from shell-integration markers). */
  waitForPrompt(id: string, count = 1): Promise<void> {
    return this.waitFor(`prompt #${count}`, () => (this.terminals.session(id)?.prompts ?? 0) >= count);
  }

  waitForRecord(
    predicate: (r: CommandRecord) => boolean,
    what = 'a command record',
    timeoutMs?: number,
  ): Promise<CommandRecord> {
    return this.waitFor(what, () => this.records.some(predicate), timeoutMs).then(
      () => this.records.find(predicate) as CommandRecord,
    );
  }

  close(): void {
    for (const w of this.waiters) clearTimeout(w.timer);
    this.terminals.close();
    this.warroom.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private poll(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}
