/** Pieces every op kind shares: the base map for conflict detection and the field-write unit. */
import { z } from 'zod';
import { HlcSchema } from '../schemas';

/**
 * For each field an op sets, the HLC of the value its author saw when writing it. A stored value
 * newer than that base was not seen by the author: the two writes were concurrent.
 */
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
