/**
 * Contract methods of the role board: participants, role assignment, handoffs, SMEs and
 * per-role checklists.
 *
 * Who may do what (checked by the service, refused with invalid_argument, nothing written):
 * - anyone in the incident may assign a role nobody holds (people self-assign early on);
 * - a held role may be reassigned, released or handed off by its holder or by the Incident
 *   Commander; the IC role also by the Deputy IC, so command can be taken over when the IC is
 *   unreachable;
 * - only the addressee of a handoff (the console whose peer id the incoming participant carries)
 *   may acknowledge it; the addressee may also decline (cancel) it, as may whoever could hand off;
 * - an SME entry may be removed by that SME or by the IC.
 */
import { z } from 'zod';
import { ROLE_KINDS } from '../domain/policy';
import {
  MAX_ROLE_LABEL,
  MAX_SME_DOMAIN,
  normalizeLabel,
  type FatigueLimits,
  type Participant,
  type RoleBoard,
} from '../domain/roles';
import { ChecklistItemIdSchema, ContactSchema, HandleSchema } from '../ops/roles';
import { DisplayNameSchema, IdSchema, TimeSchema } from '../schemas';

const IncidentArg = { incidentId: IdSchema };

/** A role as a person names it: a built-in kind (`tech_lead`), or any custom label. */
export const RoleNameSchema = z
  .string()
  .transform(normalizeLabel)
  .pipe(
    z
      .string()
      .min(1, 'is required')
      .max(MAX_ROLE_LABEL + 'custom:'.length),
  );

const SmeDomainArg = z.string().transform(normalizeLabel).pipe(z.string().min(1, 'is required').max(MAX_SME_DOMAIN));

/** A person to give a role to: an existing participant, or a name (reused if present, else added). */
const targetFields = { participantId: IdSchema.optional(), name: DisplayNameSchema.optional() };
const oneTarget = (a: { participantId?: string | undefined; name?: string | undefined }): boolean =>
  (a.participantId === undefined) !== (a.name === undefined);
const ONE_TARGET = { message: 'give exactly one of participantId or name' };

export const HandoffBriefArg = z
  .object({
    currentState: z.string().trim().max(4_000),
    openActions: z.string().trim().max(4_000),
    nextUpdateDue: TimeSchema.nullable().optional(),
    notes: z.string().trim().max(4_000).optional(),
  })
  .strict()
  .refine((b) => b.currentState.length > 0, { message: 'currentState: the brief must say where things stand' });

export const roleMethods = {
  listParticipants: z.object(IncidentArg).strict(),
  /** Join an incident as this console's participant (idempotent; writes imply it too). */
  joinIncident: z.object(IncidentArg).strict(),
  addParticipant: z
    .object({
      ...IncidentArg,
      name: DisplayNameSchema,
      handle: HandleSchema.optional(),
      contact: ContactSchema.optional(),
    })
    .strict(),
  editParticipant: z
    .object({
      ...IncidentArg,
      participantId: IdSchema,
      name: DisplayNameSchema.optional(),
      handle: HandleSchema.optional(),
      contact: ContactSchema.optional(),
    })
    .strict()
    .refine((a) => a.name !== undefined || a.handle !== undefined || a.contact !== undefined, {
      message: 'nothing to change: give name, handle or contact',
    }),
  getRoleBoard: z.object(IncidentArg).strict(),
  assignRole: z
    .object({ ...IncidentArg, role: RoleNameSchema, ...targetFields })
    .strict()
    .refine(oneTarget, ONE_TARGET),
  releaseRole: z.object({ ...IncidentArg, role: RoleNameSchema }).strict(),
  handOffRole: z
    .object({ ...IncidentArg, role: RoleNameSchema, ...targetFields, brief: HandoffBriefArg })
    .strict()
    .refine(oneTarget, ONE_TARGET),
  acknowledgeHandoff: z.object({ ...IncidentArg, role: RoleNameSchema, handoffId: IdSchema }).strict(),
  cancelHandoff: z.object({ ...IncidentArg, role: RoleNameSchema }).strict(),
  addSme: z
    .object({ ...IncidentArg, ...targetFields, domain: SmeDomainArg })
    .strict()
    .refine(oneTarget, ONE_TARGET),
  removeSme: z.object({ ...IncidentArg, participantId: IdSchema, domain: SmeDomainArg }).strict(),
  tickChecklistItem: z
    .object({ ...IncidentArg, role: RoleNameSchema, itemId: ChecklistItemIdSchema, done: z.boolean() })
    .strict(),
  getRoleSettings: z.object({}).strict(),
  /** This console's fatigue warning threshold for one kind of role, in minutes. */
  setFatigueLimit: z
    .object({
      role: z.enum([...ROLE_KINDS, 'custom']),
      minutes: z
        .number()
        .int()
        .min(15, 'must be at least 15 minutes')
        .max(24 * 60, 'must be at most 24 hours'),
    })
    .strict(),
} as const;

export interface RoleSettings {
  readonly fatigueLimitsMs: FatigueLimits;
}

export interface RoleResults {
  listParticipants: Participant[];
  joinIncident: Participant;
  addParticipant: Participant;
  editParticipant: Participant;
  getRoleBoard: RoleBoard;
  assignRole: RoleBoard;
  releaseRole: RoleBoard;
  handOffRole: RoleBoard;
  acknowledgeHandoff: RoleBoard;
  cancelHandoff: RoleBoard;
  addSme: RoleBoard;
  removeSme: RoleBoard;
  tickChecklistItem: RoleBoard;
  getRoleSettings: RoleSettings;
  setFatigueLimit: RoleSettings;
}

export interface RoleEvents {
  /** The board of one incident changed (roles, participants, SMEs, checklists or severity). */
  roleBoardChanged: RoleBoard;
}
