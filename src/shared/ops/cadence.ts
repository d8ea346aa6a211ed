/**
 * Cadence ops: per-incident settings of the update countdown (an interval override and a
 * pause/snooze register). The countdown itself is never stored: every peer derives it.
 */
import { z } from 'zod';
import { MAX_CADENCE_MS, MIN_CADENCE_MS } from '../domain/cadence';
import { DisplayNameSchema, TimeSchema } from '../schemas';
import { BaseSchema, canonicalObject, setFieldsOf, type FieldWrite } from './common';

export const PAUSE_REASON_MAX = 500;

export const CadenceOverrideSchema = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(MIN_CADENCE_MS, 'must be at least 1 s (0 and negative values are refused; clear the override instead)')
  .max(MAX_CADENCE_MS, 'must be at most 24 h');

export const PauseReasonSchema = z.string().trim().min(1, 'a reason is required').max(PAUSE_REASON_MAX);

export const CadencePauseSchema = z.discriminatedUnion('state', [
  canonicalObject({
    state: z.literal('paused'),
    at: TimeSchema,
    until: TimeSchema.nullable(),
    reason: PauseReasonSchema,
    by: DisplayNameSchema,
    lastResumedAt: TimeSchema.nullable(),
  }),
  canonicalObject({ state: z.literal('resumed'), at: TimeSchema, by: DisplayNameSchema }),
]);

export const CadenceFieldsSchema = canonicalObject({
  overrideMs: CadenceOverrideSchema.nullable(),
  pause: CadencePauseSchema.nullable(),
});
export type CadenceFields = z.infer<typeof CadenceFieldsSchema>;

export const CadenceSetSchema = canonicalObject({
  type: z.literal('cadence.set'),
  fields: setFieldsOf(CadenceFieldsSchema),
  base: BaseSchema,
});

export const cadenceOpSchemas = [CadenceSetSchema] as const;

/** The settings row is keyed by the incident: one per incident, created by its first write. */
export function cadenceWrites(incidentId: string, body: z.infer<typeof CadenceSetSchema>): FieldWrite[] {
  return Object.entries(body.fields).map(([field, value]) => ({
    entity: 'cadence',
    entityId: incidentId,
    field,
    value,
    base: body.base[field] ?? null,
  }));
}
