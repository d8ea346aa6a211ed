/** Pure wording for the cadence region: state labels and escalation marks. */
import { formatCountdown, formatInterval, type CadenceView, type EscalationView } from '../../shared/domain/cadence';

export function stateLabel(view: CadenceView): string {
  switch (view.state) {
    case 'ok':
      return 'On track';
    case 'due_soon':
      return 'Due soon';
    case 'overdue':
      return `Overdue by ${formatCountdown(view.overdueMs)}`;
    case 'paused':
      return view.pause?.until ? 'Snoozed' : 'Paused';
    case 'none':
      return 'No countdown';
  }
}

/** What the big clock shows: time left, time overdue (with a plus), or a dash. */
export function clockText(view: CadenceView): string {
  if (view.state === 'none' || view.remainingMs === null) return '--:--';
  if (view.state === 'overdue') return `+${formatCountdown(view.overdueMs)}`;
  if (view.state === 'paused' && (view.pause?.until ?? null) === null) return '--:--';
  return formatCountdown(view.remainingMs);
}

export function cadenceLine(view: CadenceView): string {
  if (view.intervalMs === null) return view.noneReason ?? 'No scheduled updates';
  const source = view.intervalSource === 'override' ? 'override for this incident' : 'policy';
  return `Every ${formatInterval(view.intervalMs)} (${source})`;
}

export interface EscalationMark {
  readonly symbol: string;
  readonly word: string;
  readonly detail: string;
}

export function escalationMark(e: EscalationView, now: number, time: (ms: number) => string): EscalationMark {
  switch (e.state) {
    case 'met':
      return { symbol: '✓', word: 'met', detail: `at ${time(e.metAt ?? e.deadline)}` };
    case 'late':
      return {
        symbol: '!',
        word: 'met late',
        detail: `at ${time(e.metAt ?? e.deadline)}, deadline ${time(e.deadline)}`,
      };
    case 'missed':
      return { symbol: '✗', word: 'missed', detail: `deadline ${time(e.deadline)}` };
    case 'pending':
      return {
        symbol: '○',
        word: 'pending',
        detail: `by ${time(e.deadline)} (in ${formatCountdown(e.deadline - now)})`,
      };
    case 'skipped':
      return { symbol: '–', word: 'not needed', detail: 'resolved before the deadline' };
    case 'unknown':
      return { symbol: '?', word: 'unknown', detail: 'no role data on this console' };
  }
}
