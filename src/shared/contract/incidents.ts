/** Contract methods for profiles and incidents. */
import { z } from 'zod';
import type { Incident, IncidentSummary } from '../domain/incident';
import {
  DisplayNameSchema,
  IdSchema,
  MilestoneSchema,
  ServicesSchema,
  SeveritySchema,
  StatusSchema,
  SummarySchema,
  TimeSchema,
  TitleSchema,
  TriageSchema,
} from '../schemas';

export interface Profile {
  readonly peerId: string;
  readonly displayName: string;
  /** The user chose the display name (false: the default from the OS account, until they do). */
  readonly named?: boolean;
  /** Chat handle and how to reach this person (phone, pager), shown on the role board. */
  readonly handle?: string;
  readonly contact?: string;
}

export const NoArgs = z.object({}).strict();
export const IncidentRef = z.object({ id: IdSchema }).strict();

export const incidentMethods = {
  getProfile: NoArgs,
  setProfile: z
    .object({
      displayName: DisplayNameSchema,
      handle: z.string().trim().max(80).optional(),
      contact: z.string().trim().max(200).optional(),
    })
    .strict(),
  listIncidents: NoArgs,
  getIncident: IncidentRef,
  declareIncident: z
    .object({
      title: TitleSchema,
      severity: SeveritySchema,
      summary: SummarySchema.optional(),
      services: ServicesSchema.optional(),
      impactStartedAt: TimeSchema.nullable().optional(),
      triage: TriageSchema.optional(),
    })
    .strict(),
  changeSeverity: z.object({ id: IdSchema, severity: SeveritySchema }).strict(),
  changeStatus: z.object({ id: IdSchema, status: StatusSchema }).strict(),
  editIncident: z
    .object({
      id: IdSchema,
      title: TitleSchema.optional(),
      summary: SummarySchema.optional(),
      services: ServicesSchema.optional(),
    })
    .strict()
    .refine((a) => a.title !== undefined || a.summary !== undefined || a.services !== undefined, {
      message: 'nothing to change: give title, summary or services',
    }),
  setMilestone: z.object({ id: IdSchema, milestone: MilestoneSchema, at: TimeSchema.nullable() }).strict(),
} as const;

export interface IncidentResults {
  getProfile: Profile;
  setProfile: Profile;
  listIncidents: IncidentSummary[];
  getIncident: Incident;
  declareIncident: Incident;
  changeSeverity: Incident;
  changeStatus: Incident;
  editIncident: Incident;
  setMilestone: Incident;
}

export interface IncidentEvents {
  incidentChanged: Incident;
  profileChanged: Profile;
}
