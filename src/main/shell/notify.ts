/**
 * Which service events become a native desktop notification in the Electron shell, and with what
 * text. Pure, so it is tested without Electron; src/main/index.ts shows what this returns.
 * (The shell denies web permissions, so the renderer's Notification API stays silent there.)
 */
import type { EventName } from '../../shared/api';
import type { CadenceAlert } from '../../shared/contract/cadence';

export interface NativeNotification {
  readonly title: string;
  readonly body: string;
}

export function cadenceNotification(event: EventName, payload: unknown): NativeNotification | null {
  if (event !== 'cadenceAlert') return null;
  const alert = payload as CadenceAlert;
  // "Due soon" is for the in-app banner; the desktop gets what needs someone to act now.
  if (alert.kind === 'due_soon') return null;
  return { title: `Warroom: ${alert.severity} ${alert.incidentName}`, body: alert.message };
}
