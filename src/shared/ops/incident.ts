/** Incident ops: declaring an incident and setting its fields (severity, status, milestones...). */
import { z } from 'zod';
import { MILESTONES } from '../domain/incident';
import {
  ServicesSchema,
  SeveritySchema,
  StatusSchema,
  SummarySchema,
  TimeSchema,
  TitleSchema,
  TriageSchema,
} from '../schemas';
import { BaseSchema, canonicalObject, setFieldsOf, type FieldWrite } from './common';

const milestoneFields = Object.fromEntries(MILESTONES.map((m) => [m, TimeSchema.nullable()])) as {
  [K in (typeof MILESTONES)[number]]: z.ZodNullable<typeof TimeSchema>;
};

/** Every replicated field of an incident, each a last-writer-wins register. */
export const IncidentFieldsSchema = canonicalObject({
  name: z.string().min(1).max(120),
  title: TitleSchema,
  severity: SeveritySchema,
  status: StatusSchema,
  summary: SummarySchema,
  services: ServicesSchema,
  ...milestoneFields,
});
export type IncidentFields = z.infer<typeof IncidentFieldsSchema>;

export const IncidentDeclareSchema = canonicalObject({
  type: z.literal('incident.declare'),
  fields: IncidentFieldsSchema,
  triage: TriageSchema.optional(),
});

export const IncidentSetSchema = canonicalObject({
  type: z.literal('incident.set'),
  fields: setFieldsOf(IncidentFieldsSchema),
  base: BaseSchema,
});

export const incidentOpSchemas = [IncidentDeclareSchema, IncidentSetSchema] as const;

export function incidentWrites(
  incidentId: string,
  body: z.infer<typeof IncidentDeclareSchema> | z.infer<typeof IncidentSetSchema>,
): FieldWrite[] {
  const create = body.type === 'incident.declare';
  return Object.entries(body.fields).map(([field, value]) => ({
    entity: 'incident',
    entityId: incidentId,
    field,
    value,
    base: create ? null : (body.base[field] ?? null),
    create,
  }));
}
