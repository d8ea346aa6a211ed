/** Contract methods and events for update cadence, escalation deadlines and status updates. */
import { z } from 'zod';
import { AUDIENCES, type Audience, type CadenceFacts, type CadenceView, type AlertStage } from '../domain/cadence';
import type { CadencePolicy } from '../domain/cadence-policy';
import type { Severity } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline';
import { UPDATE_TEMPLATES, type UpdateDraft } from '../domain/status-update';
import { CadenceOverrideSchema, PauseReasonSchema } from '../ops/cadence';
import { EntryTextSchema } from '../ops/timeline';
import { IdSchema } from '../schemas';

const IncidentArg = z.object({ incidentId: IdSchema }).strict();

export const cadenceMethods = {
  getCadence: IncidentArg,
  /** null clears the override and returns to the policy. */
  setCadenceOverride: z.object({ incidentId: IdSchema, intervalMs: CadenceOverrideSchema.nullable() }).strict(),
  /** Without `forMs` the countdown stays paused until resumed; with it, a snooze. */
  pauseCadence: z
    .object({ incidentId: IdSchema, reason: PauseReasonSchema, forMs: CadenceOverrideSchema.optional() })
    .strict(),
  resumeCadence: IncidentArg,
  postStatusUpdate: z
    .object({
      incidentId: IdSchema,
      text: EntryTextSchema,
      audience: z
        .array(z.enum(AUDIENCES))
        .min(1, 'choose at least one audience')
        .max(AUDIENCES.length)
        .refine((a) => new Set(a).size === a.length, 'lists an audience twice'),
      template: z.enum(UPDATE_TEMPLATES).optional(),
    })
    .strict(),
  getUpdateDraft: z.object({ incidentId: IdSchema, template: z.enum(UPDATE_TEMPLATES) }).strict(),
} as const;

/** What a console needs to run the countdown locally: the facts, the policy and the view at `computedAt`. */
export interface CadenceSnapshot {
  readonly incidentId: string;
  readonly facts: CadenceFacts;
  readonly policy: CadencePolicy;
  readonly view: CadenceView;
  readonly computedAt: number;
  /** Set when the policy file could not be used and the built-in defaults apply. */
  readonly policyProblem: string | null;
}

export interface PostedStatusUpdate {
  readonly entry: TimelineEntry;
  readonly cadence: CadenceSnapshot;
}

export type CadenceAlertKind = AlertStage | 'reminder' | 'escalation';

/** A notification-worthy moment, emitted once per deadline and stage by the scheduler. */
export interface CadenceAlert {
  readonly incidentId: string;
  readonly incidentName: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: CadenceAlertKind;
  /** The deadline concerned (update deadline or escalation step deadline); null for reminders. */
  readonly deadline: number | null;
  readonly at: number;
  readonly overdueMs: number;
  /** One line for a banner or a native notification. */
  readonly message: string;
  readonly audience: readonly Audience[];
  /** For escalation alerts, the steps newly missed (several at once after a clock jump). */
  readonly steps: readonly string[];
}

export interface CadenceResults {
  getCadence: CadenceSnapshot;
  setCadenceOverride: CadenceSnapshot;
  pauseCadence: CadenceSnapshot;
  resumeCadence: CadenceSnapshot;
  postStatusUpdate: PostedStatusUpdate;
  getUpdateDraft: UpdateDraft;
}

export interface CadenceEvents {
  cadenceAlert: CadenceAlert;
}
