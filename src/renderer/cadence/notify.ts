/** Cadence alerts made loud (common/alerts.ts). */
import type { CadenceAlert } from '../../shared/contract/cadence';
import { beep, notifyDesktop } from '../common/alerts';

const LOUD: ReadonlySet<CadenceAlert['kind']> = new Set(['due', 'overdue', 'escalation']);

/** Sound and desktop notification for an alert; "due soon" stays quiet (the banner shows it). */
export function announce(alert: CadenceAlert): void {
  if (LOUD.has(alert.kind)) beep(alert.kind === 'due' ? 2 : 3);
  if (alert.kind === 'due_soon') return;
  // One notification per incident and kind replaces the previous one instead of stacking.
  notifyDesktop(`Warroom: ${alert.severity} ${alert.incidentName}`, alert.message, `${alert.incidentId}:${alert.kind}`);
}
