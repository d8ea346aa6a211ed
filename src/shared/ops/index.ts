/**
 * The Op union: every change to replicated state is one of these, appended to the op log and
 * replayed into projections. Ops are immutable and identified by (origin, seq). Each feature
 * defines its op kinds in its own module; this file only assembles them.
 */
import { z } from 'zod';
import { incidentOfOrigin } from '../origin';
import { DisplayNameSchema, HlcSchema, IdSchema, OriginSchema, PeerIdSchema } from '../schemas';
import type { FieldWrite } from './common';
import { cadenceOpSchemas, cadenceWrites } from './cadence';
import { incidentOpSchemas, incidentWrites } from './incident';
import { roleOpSchemas, roleWrites } from './roles';
import { timelineOpSchemas, timelineWrites } from './timeline';

export * from './cadence';
export * from './common';
export * from './incident';
export * from './roles';
export * from './timeline';

export const OpBodySchema = z.discriminatedUnion('type', [
  ...incidentOpSchemas,
  ...timelineOpSchemas,
  ...cadenceOpSchemas,
  ...roleOpSchemas,
]);
export type OpBody = z.infer<typeof OpBodySchema>;
export type OpType = OpBody['type'];

export const AuthorSchema = z.object({ peerId: PeerIdSchema, name: DisplayNameSchema }).strict();
export type Author = z.infer<typeof AuthorSchema>;

export const OpSchema = z
  .object({
    origin: OriginSchema,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    hlc: HlcSchema,
    incidentId: IdSchema,
    author: AuthorSchema,
    body: OpBodySchema,
  })
  .strict()
  .refine((op) => op.hlc.endsWith(`:${op.origin}`), 'hlc must carry the origin')
  .refine(
    (op) => (incidentOfOrigin(op.origin) ?? op.incidentId) === op.incidentId,
    "origin must name the op's incident",
  );
export type Op = z.infer<typeof OpSchema>;

/** The field assignments an op makes, in a fixed order. Pure: the projection's only input. */
export function fieldWrites(op: Op): FieldWrite[] {
  const body = op.body;
  switch (body.type) {
    case 'incident.declare':
    case 'incident.set':
      return incidentWrites(op.incidentId, body);
    case 'timeline.add':
    case 'timeline.set':
      return timelineWrites(body);
    case 'cadence.set':
      return cadenceWrites(op.incidentId, body);
    case 'participant.add':
    case 'participant.set':
    case 'role.set':
    case 'sme.add':
    case 'sme.remove':
    case 'role.check':
      return roleWrites(op.incidentId, body);
  }
}
