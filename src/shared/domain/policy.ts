/**
 * The severity policy: response targets, required roles, update cadence and escalation steps.
 * Defaults follow common SRE practice (PagerDuty / Atlassian incident handbooks).
 */
import type { Severity, Status } from './incident';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const ROLE_KINDS = [
  'incident_commander',
  'deputy_ic',
  'scribe',
  'comms_lead',
  'tech_lead',
  'sme',
  'exec_liaison',
] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export const ROLE_LABELS: Record<RoleKind, string> = {
  incident_commander: 'Incident Commander',
  deputy_ic: 'Deputy IC',
  scribe: 'Scribe',
  comms_lead: 'Communications Lead',
  tech_lead: 'Technical Lead',
  sme: 'Subject Matter Expert',
  exec_liaison: 'Executive Liaison',
};

export interface EscalationStep {
  readonly id: string;
  readonly label: string;
  /** Deadline measured from the incident's declaration. */
  readonly afterMs: number;
  /** The step is met once this milestone is recorded (or, for role steps, the role is held). */
  readonly metBy: { readonly milestone: 'acknowledgedAt' | 'resolvedAt' } | { readonly role: RoleKind };
}

export interface SeverityPolicy {
  readonly severity: Severity;
  readonly label: string;
  readonly description: string;
  /** Time within which a responder must acknowledge; null = next business day. */
  readonly responseTargetMs: number | null;
  readonly responseTargetLabel: string;
  readonly requiredRoles: readonly RoleKind[];
  readonly recommendedRoles: readonly RoleKind[];
  /** Stakeholder update interval per status; null = at milestones only, no countdown. */
  readonly updateCadenceMs: Readonly<Partial<Record<Status, number>>> | null;
  readonly escalation: readonly EscalationStep[];
}

const ack = (afterMs: number): EscalationStep => ({
  id: 'acknowledge',
  label: 'Acknowledged',
  afterMs,
  metBy: { milestone: 'acknowledgedAt' },
});
const icAssigned = (afterMs: number): EscalationStep => ({
  id: 'ic-assigned',
  label: 'Incident Commander assigned',
  afterMs,
  metBy: { role: 'incident_commander' },
});

export const DEFAULT_POLICY: Readonly<Record<Severity, SeverityPolicy>> = {
  SEV1: {
    severity: 'SEV1',
    label: 'Critical',
    description: 'Complete outage, data loss or security breach',
    responseTargetMs: 5 * MINUTE,
    responseTargetLabel: '< 5 min',
    requiredRoles: ['incident_commander', 'tech_lead', 'scribe', 'comms_lead'],
    recommendedRoles: ['deputy_ic', 'exec_liaison'],
    updateCadenceMs: { investigating: 10 * MINUTE, identified: 10 * MINUTE, monitoring: 30 * MINUTE },
    escalation: [
      ack(5 * MINUTE),
      icAssigned(5 * MINUTE),
      {
        id: 'eng-leadership',
        label: 'Escalate to engineering leadership',
        afterMs: 30 * MINUTE,
        metBy: { milestone: 'resolvedAt' },
      },
      { id: 'exec-war-room', label: 'Executive war room', afterMs: 60 * MINUTE, metBy: { milestone: 'resolvedAt' } },
    ],
  },
  SEV2: {
    severity: 'SEV2',
    label: 'Major',
    description: 'Many users cannot complete critical tasks, no workaround; revenue or security affected',
    responseTargetMs: 15 * MINUTE,
    responseTargetLabel: '< 15 min',
    requiredRoles: ['incident_commander', 'tech_lead'],
    recommendedRoles: ['scribe'],
    updateCadenceMs: { investigating: 15 * MINUTE, identified: 15 * MINUTE, monitoring: 60 * MINUTE },
    escalation: [ack(15 * MINUTE), icAssigned(15 * MINUTE)],
  },
  SEV3: {
    severity: 'SEV3',
    label: 'Minor',
    description: 'Few users affected, a workaround exists',
    responseTargetMs: HOUR,
    responseTargetLabel: '< 1 h',
    requiredRoles: [],
    recommendedRoles: [],
    updateCadenceMs: null,
    escalation: [ack(HOUR)],
  },
  SEV4: {
    severity: 'SEV4',
    label: 'Low',
    description: 'Cosmetic or no user impact',
    responseTargetMs: null,
    responseTargetLabel: 'Next business day',
    requiredRoles: [],
    recommendedRoles: [],
    updateCadenceMs: null,
    escalation: [],
  },
};

/** SEV3/4 need "one responder": any role held covers them. */
export const MIN_RESPONDERS: Readonly<Record<Severity, number>> = { SEV1: 4, SEV2: 2, SEV3: 1, SEV4: 1 };

export function policyFor(severity: Severity): SeverityPolicy {
  return DEFAULT_POLICY[severity];
}

/** Update interval for a severity in a status, or null when no countdown applies. */
export function updateCadenceMs(severity: Severity, status: Status): number | null {
  return policyFor(severity).updateCadenceMs?.[status] ?? null;
}
