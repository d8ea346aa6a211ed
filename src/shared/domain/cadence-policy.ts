/**
 * The update-cadence and escalation policy as the app loads it: a JSON file in resources/policy
 * (minutes, readable and editable by people) validated here and turned into milliseconds.
 * The built-in copy mirrors DEFAULT_POLICY and is what a malformed file falls back to.
 */
import { z } from 'zod';
import { SEVERITIES, STATUSES, type Milestone, type Severity, type Status } from './incident';
import { DEFAULT_POLICY, MINUTE, ROLE_KINDS, type EscalationStep } from './policy';

/** How stakeholder updates are scheduled for a severity. */
export type UpdateSchedule =
  | { readonly mode: 'interval'; readonly intervalMs: Readonly<Partial<Record<Status, number>>> }
  /** No countdown: a reminder when the status changes. */
  | { readonly mode: 'milestones' }
  | { readonly mode: 'none' };

export interface SeverityCadence {
  readonly updates: UpdateSchedule;
  readonly escalation: readonly EscalationStep[];
}

export interface CadencePolicy {
  /** How long before a deadline the countdown turns "due soon" (capped at half the interval). */
  readonly dueSoonMs: number;
  /** How long after a deadline "due" becomes "overdue" for notifications (capped at the interval). */
  readonly overdueAfterMs: number;
  readonly severities: Readonly<Record<Severity, SeverityCadence>>;
}

export const MAX_CADENCE_MS = 24 * 60 * MINUTE;
const MAX_MINUTES = MAX_CADENCE_MS / MINUTE;

const Minutes = z
  .number()
  .positive('must be more than 0 minutes')
  .max(MAX_MINUTES, `must be at most ${MAX_MINUTES} minutes (24 h)`);

const MetBySchema = z.union([
  // The milestones EscalationStep knows; a step met by another milestone would be ambiguous.
  z.object({ milestone: z.enum(['acknowledgedAt', 'resolvedAt']) }).strict(),
  z.object({ role: z.enum(ROLE_KINDS) }).strict(),
]);

const StepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 characters of a-z, 0-9 or -'),
    label: z.string().trim().min(1).max(120),
    afterMinutes: Minutes,
    metBy: MetBySchema,
  })
  .strict();

const SeverityFileSchema = z
  .object({
    updates: z.union([
      z.literal('milestones'),
      z.literal('none'),
      z.partialRecord(z.enum(STATUSES), Minutes).refine((r) => Object.keys(r).length > 0, 'needs at least one status'),
    ]),
    escalation: z
      .array(StepSchema)
      .max(20)
      .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'step ids must be unique'),
  })
  .strict();

/** The on-disk shape (resources/policy/cadence.json). */
export const CadencePolicyFileSchema = z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    dueSoonMinutes: Minutes,
    overdueAfterMinutes: Minutes,
    severities: z
      .object(
        Object.fromEntries(SEVERITIES.map((s) => [s, SeverityFileSchema])) as Record<
          Severity,
          typeof SeverityFileSchema
        >,
      )
      .strict(),
  })
  .strict();
export type CadencePolicyFile = z.infer<typeof CadencePolicyFileSchema>;

const ms = (minutes: number): number => Math.round(minutes * MINUTE);

export function policyFromFile(file: CadencePolicyFile): CadencePolicy {
  const severities = Object.fromEntries(
    SEVERITIES.map((s): [Severity, SeverityCadence] => {
      const f = file.severities[s];
      const updates: UpdateSchedule =
        f.updates === 'milestones' || f.updates === 'none'
          ? { mode: f.updates }
          : {
              mode: 'interval',
              intervalMs: Object.fromEntries(Object.entries(f.updates).map(([status, min]) => [status, ms(min)])),
            };
      const escalation = f.escalation.map((step): EscalationStep => ({
        id: step.id,
        label: step.label,
        afterMs: ms(step.afterMinutes),
        metBy: step.metBy,
      }));
      return [s, { updates, escalation }];
    }),
  ) as Record<Severity, SeverityCadence>;
  return { dueSoonMs: ms(file.dueSoonMinutes), overdueAfterMs: ms(file.overdueAfterMinutes), severities };
}

export function policyToFile(policy: CadencePolicy): CadencePolicyFile {
  const minutes = (v: number): number => v / MINUTE;
  return {
    version: 1,
    dueSoonMinutes: minutes(policy.dueSoonMs),
    overdueAfterMinutes: minutes(policy.overdueAfterMs),
    severities: Object.fromEntries(
      SEVERITIES.map((s) => {
        const p = policy.severities[s];
        const updates =
          p.updates.mode === 'interval'
            ? Object.fromEntries(Object.entries(p.updates.intervalMs).map(([k, v]) => [k, minutes(v)]))
            : p.updates.mode;
        return [
          s,
          {
            updates,
            escalation: p.escalation.map((e) => ({
              id: e.id,
              label: e.label,
              afterMinutes: minutes(e.afterMs),
              metBy: e.metBy,
            })),
          },
        ];
      }),
    ) as CadencePolicyFile['severities'],
  };
}

export type PolicyParseResult =
  { readonly ok: true; readonly policy: CadencePolicy } | { readonly ok: false; readonly error: string };

/** Validate parsed JSON; the error names the first few offending paths. */
export function parseCadencePolicy(raw: unknown): PolicyParseResult {
  const parsed = CadencePolicyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const error = parsed.error.issues
      .slice(0, 5)
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return { ok: false, error };
  }
  return { ok: true, policy: policyFromFile(parsed.data) };
}

/** Severities without a countdown: SEV3 gets milestone reminders, SEV4 nothing. */
const BUILTIN_NO_INTERVAL: Readonly<Record<Severity, 'milestones' | 'none'>> = {
  SEV1: 'milestones',
  SEV2: 'milestones',
  SEV3: 'milestones',
  SEV4: 'none',
};

/** The built-in policy, derived from DEFAULT_POLICY so the two cannot drift apart. */
export const BUILTIN_CADENCE_POLICY: CadencePolicy = {
  dueSoonMs: 2 * MINUTE,
  overdueAfterMs: MINUTE,
  severities: Object.fromEntries(
    SEVERITIES.map((s): [Severity, SeverityCadence] => {
      const p = DEFAULT_POLICY[s];
      const updates: UpdateSchedule = p.updateCadenceMs
        ? { mode: 'interval', intervalMs: p.updateCadenceMs }
        : { mode: BUILTIN_NO_INTERVAL[s] };
      return [s, { updates, escalation: p.escalation }];
    }),
  ) as Record<Severity, SeverityCadence>,
};

/** The milestone that meets a "resolved" step: a straight close also ends the incident. */
export function milestoneFallback(m: Milestone): Milestone | null {
  return m === 'resolvedAt' ? 'closedAt' : null;
}
