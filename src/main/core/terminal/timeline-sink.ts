/**
 * What the terminal feature needs from the incident record, behind one small interface so the
 * terminal service does not depend on the store: facts for runbook suggestions, a place for
 * finished commands and runbook step marks, and the marks made so far.
 */
import { RUNBOOK_STEP_MARKS, type CommandRecord, type RunbookStepMark } from '../../../shared/domain/terminal';
import type { IncidentFacts } from '../runbooks/suggest';
import type { Warroom } from '../warroom';
import { commandEntryText } from './commands';

export interface RunbookMarkRecord {
  readonly incidentId: string;
  readonly runbookId: string;
  readonly runbookTitle: string;
  readonly step: number;
  readonly stepTitle: string;
  readonly mark: RunbookStepMark;
}

export interface TerminalTimeline {
  /** Facts for runbook suggestions; null when there is no such incident. */
  incident(incidentId: string): IncidentFacts | null;
  /** A finished command of a tab with recording on: redacted already. */
  commandFinished(record: CommandRecord): void;
  runbookStepMarked(mark: RunbookMarkRecord): void;
  /** The latest mark of each step of a runbook in an incident. */
  runbookMarks(incidentId: string, runbookId: string): Record<number, RunbookStepMark>;
}

const MARK_LABELS: Record<RunbookStepMark, string> = { done: 'done', skipped: 'skipped', failed: 'failed' };

/** The timeline of the Warroom service: commands become "command" entries, marks "action" entries. */
export function warroomTimeline(warroom: Warroom): TerminalTimeline {
  return {
    incident(incidentId) {
      try {
        const incident = warroom.call('getIncident', { id: incidentId });
        return { title: incident.title, services: incident.services, tags: [] };
      } catch {
        return null;
      }
    },
    commandFinished(record) {
      warroom.recordEntry(record.incidentId, {
        kind: 'command',
        text: commandEntryText(record),
        eventTime: record.startedAt,
        tags: ['terminal'],
        data: {
          source: 'terminal',
          terminalId: record.terminalId,
          command: record.command,
          exitCode: record.exitCode,
          startedAt: record.startedAt,
          finishedAt: record.finishedAt,
          durationMs: record.durationMs,
          firstLines: [...record.firstLines],
          lastLines: [...record.lastLines],
          output: record.output,
          outputChars: record.outputChars,
          outputTruncated: record.outputTruncated,
        },
      });
    },
    runbookStepMarked(mark) {
      warroom.recordEntry(mark.incidentId, {
        kind: 'action',
        text: `Runbook “${mark.runbookTitle}”, step ${mark.step + 1} “${mark.stepTitle}”: ${MARK_LABELS[mark.mark]}`,
        tags: ['runbook'],
        data: {
          source: 'runbook',
          runbookId: mark.runbookId,
          runbookTitle: mark.runbookTitle,
          step: mark.step,
          stepTitle: mark.stepTitle,
          mark: mark.mark,
        },
      });
    },
    runbookMarks(incidentId, runbookId) {
      const marks: Record<number, RunbookStepMark> = {};
      let page;
      try {
        page = warroom.call('getTimeline', { incidentId, kinds: ['action'], limit: 5_000 });
      } catch {
        return marks;
      }
      // Timeline order is event order: a later mark of the same step wins.
      for (const entry of page.entries) {
        const data = entry.data;
        if (!data || data.source !== 'runbook' || data.runbookId !== runbookId) continue;
        const step = data.step;
        const mark = data.mark;
        if (typeof step === 'number' && (RUNBOOK_STEP_MARKS as readonly unknown[]).includes(mark)) {
          marks[step] = mark as RunbookStepMark;
        }
      }
      return marks;
    },
  };
}
