/** The incident and its lifecycle: the vocabulary every layer shares. */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Statuses in lifecycle order; moving backwards (reopening) is allowed and recorded. */
export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const MILESTONES = [
  'impactStartedAt',
  'detectedAt',
  'acknowledgedAt',
  'declaredAt',
  'identifiedAt',
  'mitigatedAt',
  'resolvedAt',
  'closedAt',
] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  impactStartedAt: 'Impact started',
  detectedAt: 'Detected',
  acknowledgedAt: 'Acknowledged',
  declaredAt: 'Declared',
  identifiedAt: 'Identified',
  mitigatedAt: 'Mitigated',
  resolvedAt: 'Resolved',
  closedAt: 'Closed',
};

export const STATUS_LABELS: Record<Status, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** Milestone stamped automatically the first time an incident reaches a status. */
export const STATUS_MILESTONE: Partial<Record<Status, Milestone>> = {
  identified: 'identifiedAt',
  resolved: 'resolvedAt',
  closed: 'closedAt',
};

export type Milestones = Record<Milestone, number | null>;

/** A value of a single-valued field that lost to a concurrent write: shown, never silently dropped. */
export interface FieldConflict {
  readonly field: string;
  readonly value: unknown;
  readonly hlc: string;
  readonly author: string;
}

export interface Incident {
  readonly id: string;
  /** War-room name for channels and files: incident-YYYY-MM-DD-HHMM-slug (UTC). */
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly summary: string;
  readonly services: readonly string[];
  readonly milestones: Milestones;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly conflicts: readonly FieldConflict[];
}

export type IncidentSummary = Pick<
  Incident,
  'id' | 'name' | 'title' | 'severity' | 'status' | 'createdAt' | 'updatedAt'
> & { readonly impactStartedAt: number | null };

export function isActive(status: Status): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export function emptyMilestones(): Milestones {
  return Object.fromEntries(MILESTONES.map((m) => [m, null])) as Milestones;
}

/** Active incidents first, most severe first, then newest first. */
export function compareForList(a: IncidentSummary, b: IncidentSummary): number {
  const activeDiff = Number(isActive(b.status)) - Number(isActive(a.status));
  if (activeDiff !== 0) return activeDiff;
  if (a.severity !== b.severity) return a.severity < b.severity ? -1 : 1;
  return b.createdAt - a.createdAt;
}

/** When impact began, for elapsed-time displays: explicit impact start, else detection, else declaration. */
export function impactStart(m: Milestones, createdAt: number): number {
  return m.impactStartedAt ?? m.detectedAt ?? m.declaredAt ?? createdAt;
}
