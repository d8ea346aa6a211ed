/** Pieces every op kind shares: the base map for conflict detection and the field-write unit. */
import { z } from 'zod';
import { HlcSchema } from '../schemas';

/**
 * For each field an op sets, the HLC of the value its author saw when writing it. A stored value
 * newer than that base was not seen by the author: the two writes were concurrent.
 */
/**
 * A strict object schema whose parsed values have their keys in sorted order. zod builds a parsed
 * object in the order of its shape, so an op body parsed from a peer comes out already canonical
 * and canonicalJson stores it without rebuilding every object (a twentieth of a remote apply).
 * Only the speed depends on this: canonicalJson sorts whatever it is given.
 */
export function canonicalObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  const sorted = Object.fromEntries(Object.entries(shape).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
  return z.object(sorted).strict();
}

/** The fields of a set op: any of the entity's fields, at least one. */
export function setFieldsOf<T extends z.ZodRawShape>(fields: z.ZodObject<T, z.core.$strict>) {
  return fields.partial().refine((f) => Object.keys(f).length > 0, 'must set at least one field');
}

export const BaseSchema = z.record(z.string().max(40), HlcSchema.nullable());

/** Entities with a projection table; each write names one. */
export type Entity = 'incident' | 'timeline_entry' | 'cadence' | 'participant' | 'role' | 'sme_tag' | 'role_check';

/** One field assignment derived from an op: the unit of last-writer-wins. */
export interface FieldWrite {
  readonly entity: Entity;
  readonly entityId: string;
  readonly field: string;
  readonly value: unknown;
  readonly base: string | null;
  /** Set by the op that brings the entity into existence (stamps created_at / created_by). */
  readonly create?: boolean;
}
