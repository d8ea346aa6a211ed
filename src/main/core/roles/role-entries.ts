/**
 * The `role_change` timeline entries written with every assignment, release, handoff and
 * acknowledgement, in the same transaction as the role change itself. Text is replicated to
 * every peer, so it names people and never says "you".
 */
import type { HandoffBrief, RoleKey } from '../../../shared/domain/roles';
import type { EntryFields } from '../../../shared/ops';
import { utcStamp } from '../../../shared/domain/utc';

export type RoleAction =
  'assign' | 'release' | 'handoff' | 'acknowledge' | 'cancel_handoff' | 'resolve_conflict' | 'sme_add' | 'sme_remove';

interface Change {
  readonly role: RoleKey | 'sme';
  readonly action: RoleAction;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly handoffId?: string;
  readonly domain?: string;
}

function entry(text: string, at: number, change: Change): EntryFields {
  return {
    kind: 'role_change',
    text,
    eventTime: at,
    tags: [],
    pinned: false,
    deleted: false,
    data: {
      role: change.role,
      action: change.action,
      from: change.from ?? null,
      to: change.to ?? null,
      ...(change.handoffId ? { handoffId: change.handoffId } : {}),
      ...(change.domain ? { domain: change.domain } : {}),
    },
  };
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

export function assignedEntry(
  label: string,
  role: RoleKey,
  to: Person,
  previous: Person | null,
  cancelledHandoffTo: Person | null,
  at: number,
): EntryFields {
  const was = previous ? ` (was ${previous.name})` : '';
  const cancelled = cancelledHandoffTo ? `; the pending handoff to ${cancelledHandoffTo.name} is cancelled` : '';
  return entry(`${to.name} assigned as ${label}${was}${cancelled}`, at, {
    role,
    action: 'assign',
    from: previous?.id ?? null,
    to: to.id,
  });
}

export function conflictResolvedEntry(label: string, role: RoleKey, kept: Person, at: number): EntryFields {
  return entry(`Concurrent ${label} assignments resolved: ${kept.name} keeps the role`, at, {
    role,
    action: 'resolve_conflict',
    to: kept.id,
  });
}

export function releasedEntry(label: string, role: RoleKey, holder: Person, by: string, at: number): EntryFields {
  const text =
    holder.name === by ? `${holder.name} released ${label}` : `${label} released by ${by} (was ${holder.name})`;
  return entry(`${text}; the role is uncovered`, at, { role, action: 'release', from: holder.id });
}

export function handoffEntry(
  label: string,
  role: RoleKey,
  from: Person,
  to: Person,
  handoffId: string,
  brief: HandoffBrief,
  at: number,
): EntryFields {
  const lines = [
    `${label} handoff from ${from.name} to ${to.name} started; ${from.name} keeps the role until ${to.name} acknowledges.`,
    '',
    `**Current state:** ${brief.currentState}`,
  ];
  if (brief.openActions) lines.push(`**Open actions:** ${brief.openActions}`);
  if (brief.nextUpdateDue !== null) lines.push(`**Next update due:** ${utcStamp(brief.nextUpdateDue)}`);
  if (brief.notes) lines.push(`**Notes:** ${brief.notes}`);
  return entry(lines.join('\n'), at, { role, action: 'handoff', from: from.id, to: to.id, handoffId });
}

export function acknowledgedEntry(
  label: string,
  role: RoleKey,
  from: Person | null,
  to: Person,
  handoffId: string,
  at: number,
): EntryFields {
  const source = from ? ` from ${from.name}` : '';
  return entry(`${to.name} acknowledged the ${label} handoff${source} and now holds ${label}`, at, {
    role,
    action: 'acknowledge',
    from: from?.id ?? null,
    to: to.id,
    handoffId,
  });
}

export function handoffCancelledEntry(
  label: string,
  role: RoleKey,
  to: Person,
  by: string,
  handoffId: string,
  at: number,
): EntryFields {
  const text =
    to.name === by ? `${to.name} declined the ${label} handoff` : `${label} handoff to ${to.name} cancelled by ${by}`;
  return entry(text, at, { role, action: 'cancel_handoff', to: to.id, handoffId });
}

export function smeEntry(action: 'sme_add' | 'sme_remove', who: Person, domain: string, at: number): EntryFields {
  const text =
    action === 'sme_add'
      ? `${who.name} added as Subject Matter Expert (${domain})`
      : `${who.name} removed as Subject Matter Expert (${domain})`;
  return entry(text, at, { role: 'sme', action, to: who.id, domain });
}
