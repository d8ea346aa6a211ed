/**
 * The Op union: every change to replicated state is one of these, appended to the op log and
 * replayed into projections. Ops are immutable and identified by (origin, seq).
 */
import { z } from 'zod';
import {
  HlcSchema,
  IdSchema,
  PeerIdSchema,
  ServicesSchema,
  SeveritySchema,
  StatusSchema,
  SummarySchema,
  TimeSchema,
  TitleSchema,
  TriageSchema,
  DisplayNameSchema,
} from './schemas';
import { MILESTONES } from './domain/incident';

const milestoneFields = Object.fromEntries(MILESTONES.map((m) => [m, TimeSchema.nullable()])) as {
  [K in (typeof MILESTONES)[number]]: z.ZodNullable<typeof TimeSchema>;
};

/** Every replicated field of an incident, each a last-writer-wins register. */
export const IncidentFieldsSchema = z
  .object({
    name: z.string().min(1).max(120),
    title: TitleSchema,
    severity: SeveritySchema,
    status: StatusSchema,
    summary: SummarySchema,
    services: ServicesSchema,
    ...milestoneFields,
  })
  .strict();
export type IncidentFields = z.infer<typeof IncidentFieldsSchema>;
export type IncidentField = keyof IncidentFields;

/**
 * For each field an op sets, the HLC of the value its author saw when writing it. A stored value
 * newer than that base was not seen by the author: the two writes were concurrent.
 */
export const BaseSchema = z.record(z.string().max(40), HlcSchema.nullable());

export const IncidentDeclareSchema = z
  .object({
    type: z.literal('incident.declare'),
    fields: IncidentFieldsSchema,
    triage: TriageSchema.optional(),
  })
  .strict();

export const IncidentSetSchema = z
  .object({
    type: z.literal('incident.set'),
    fields: IncidentFieldsSchema.partial().refine((f) => Object.keys(f).length > 0, 'must set at least one field'),
    base: BaseSchema,
  })
  .strict();

export const OpBodySchema = z.discriminatedUnion('type', [IncidentDeclareSchema, IncidentSetSchema]);
export type OpBody = z.infer<typeof OpBodySchema>;
export type OpType = OpBody['type'];

export const AuthorSchema = z.object({ peerId: PeerIdSchema, name: DisplayNameSchema }).strict();
export type Author = z.infer<typeof AuthorSchema>;

export const OpSchema = z
  .object({
    origin: PeerIdSchema,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    hlc: HlcSchema,
    incidentId: IdSchema,
    author: AuthorSchema,
    body: OpBodySchema,
  })
  .strict()
  .refine((op) => op.hlc.endsWith(`:${op.origin}`), 'hlc must carry the origin peer id');
export type Op = z.infer<typeof OpSchema>;

/** One field assignment derived from an op: the unit of last-writer-wins. */
export interface FieldWrite {
  readonly entity: 'incident';
  readonly entityId: string;
  readonly field: string;
  readonly value: unknown;
  readonly base: string | null;
}

/** The field assignments an op makes, in a fixed order. Pure: the projection's only input. */
export function fieldWrites(op: Op): FieldWrite[] {
  const body = op.body;
  switch (body.type) {
    case 'incident.declare':
      return Object.entries(body.fields).map(([field, value]) => ({
        entity: 'incident',
        entityId: op.incidentId,
        field,
        value,
        base: null,
      }));
    case 'incident.set':
      return Object.entries(body.fields).map(([field, value]) => ({
        entity: 'incident',
        entityId: op.incidentId,
        field,
        value,
        base: body.base[field] ?? null,
      }));
  }
}

/** Milestone fields are plain; the others are shown as conflicts when concurrent writes lose. */
export const CONFLICT_TRACKED_FIELDS: ReadonlySet<string> = new Set(['title', 'severity', 'status']);
