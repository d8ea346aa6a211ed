/**
 * The part of the severity policy that concerns roles beyond "which are required": per-role
 * checklists, fatigue limits and the reminder for uncovered roles. Defaults follow the usual
 * incident-command handbooks (PagerDuty, Atlassian): a commander rotates after about 3 hours.
 */
import { HOUR, MINUTE, type RoleKind } from './policy';

export interface ChecklistItemSpec {
  /** Stable id, replicated in ops: never rename one, add a new id instead. */
  readonly id: string;
  readonly label: string;
}

export const ROLE_CHECKLISTS: Readonly<Record<RoleKind, readonly ChecklistItemSpec[]>> = {
  incident_commander: [
    { id: 'declare-severity', label: 'Declare the severity' },
    { id: 'assign-roles', label: 'Assign the required roles' },
    { id: 'set-cadence', label: 'Set the update cadence' },
    { id: 'schedule-first-update', label: 'Schedule the first stakeholder update' },
    { id: 'state-objectives', label: 'State the current objective to responders' },
    { id: 'plan-handoff', label: 'Plan a handoff before reaching the fatigue limit' },
  ],
  deputy_ic: [
    { id: 'track-actions', label: 'Track open actions and their owners' },
    { id: 'watch-time', label: 'Watch deadlines and remind the IC' },
    { id: 'ready-to-take-over', label: 'Stay ready to take over command' },
  ],
  scribe: [
    { id: 'record-start-time', label: 'Record when impact started and when it was detected' },
    { id: 'record-joiners', label: 'Note who joined and in which role' },
    { id: 'record-decisions', label: 'Record every decision and who made it' },
    { id: 'record-actions', label: 'Record actions taken, with times' },
    { id: 'pin-key-moments', label: 'Pin key moments for the postmortem' },
  ],
  comms_lead: [
    { id: 'identify-audiences', label: 'Identify the stakeholders and audiences' },
    { id: 'first-internal-update', label: 'Send the first internal update' },
    { id: 'status-page', label: 'Update the public status page if customers are affected' },
    { id: 'keep-cadence', label: 'Keep to the update cadence' },
    { id: 'all-clear', label: 'Send the all-clear when resolved' },
  ],
  tech_lead: [
    { id: 'assess-impact', label: 'Assess the technical impact and blast radius' },
    { id: 'form-hypotheses', label: 'Form and rank hypotheses' },
    { id: 'assign-investigation', label: 'Assign investigation work to responders and SMEs' },
    { id: 'choose-mitigation', label: 'Choose a mitigation and announce it before acting' },
    { id: 'verify-recovery', label: 'Verify recovery with metrics' },
  ],
  sme: [],
  exec_liaison: [
    { id: 'brief-executives', label: 'Brief executives on impact and next steps' },
    { id: 'shield-responders', label: 'Route executive questions away from responders' },
    { id: 'business-decisions', label: 'Bring business decisions back to the IC' },
  ],
};

/** Time on duty after which a holder is warned to hand off. Overridable per console. */
export const DEFAULT_FATIGUE_LIMIT_MS: Readonly<Record<RoleKind | 'custom', number>> = {
  incident_commander: 3 * HOUR,
  deputy_ic: 3 * HOUR,
  scribe: 4 * HOUR,
  comms_lead: 4 * HOUR,
  tech_lead: 4 * HOUR,
  sme: 4 * HOUR,
  exec_liaison: 4 * HOUR,
  custom: 4 * HOUR,
};

/** A required role left uncovered this long nudges the IC (for severities that require roles). */
export const UNCOVERED_NUDGE_MS = 5 * MINUTE;
