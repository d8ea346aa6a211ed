/**
 * Role board ops: participants, single-holder roles, the SME set and role checklists.
 *
 * - participant.add / participant.set: a person in the incident (by console or by name).
 * - role.set: fields of a single-holder role register (holder, since, handoff, label). Its row
 *   id is derived from (incident, role key), so every peer writes the same register and
 *   last-writer-wins decides; `holder` keeps its history so a concurrent loser is surfaced.
 * - sme.add / sme.remove: the observed-remove set. An add brings a fresh tag; a remove marks
 *   the tags its author observed as removed. `removed` only ever goes from false to true and an
 *   add never writes it, so an unobserved (concurrent) add always survives: add wins.
 * - role.check: one checklist item of one role, ticked or unticked.
 */
import { z } from 'zod';
import { isRoleKey, MAX_ROLE_LABEL, MAX_SME_DOMAIN, normalizeLabel, type RoleKey } from '../domain/roles';
import { DisplayNameSchema, IdSchema, PeerIdSchema, TimeSchema } from '../schemas';
import { BaseSchema, canonicalObject, setFieldsOf, type FieldWrite } from './common';

export const RoleKeySchema = z
  .string()
  .max(MAX_ROLE_LABEL + 10)
  .refine(isRoleKey, 'must be a role kind or custom:<normalized lowercase label>')
  .transform((s) => s as RoleKey);

/**
 * Op payloads are stored exactly as received (no transforms), so every peer holds the same
 * bytes; the contract normalizes labels before they ever reach an op.
 */
const normalized = (max: number) =>
  z
    .string()
    .min(1, 'is required')
    .max(max)
    .refine((s) => s === normalizeLabel(s), 'must be trimmed with single spaces');

export const RoleLabelSchema = normalized(MAX_ROLE_LABEL);
export const SmeDomainSchema = normalized(MAX_SME_DOMAIN);

export const HandleSchema = z.string().trim().max(80);
export const ContactSchema = z.string().trim().max(200);
export const ChecklistItemIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a checklist item id');

export const HandoffBriefSchema = canonicalObject({
  currentState: z.string().max(4_000),
  openActions: z.string().max(4_000),
  nextUpdateDue: TimeSchema.nullable(),
  notes: z.string().max(4_000),
});

export const PendingHandoffSchema = canonicalObject({
  id: IdSchema,
  from: IdSchema.nullable(),
  to: IdSchema,
  brief: HandoffBriefSchema,
  startedAt: TimeSchema,
  startedBy: DisplayNameSchema,
});

export const ParticipantFieldsSchema = canonicalObject({
  name: DisplayNameSchema,
  handle: HandleSchema,
  contact: ContactSchema,
  peerId: PeerIdSchema.nullable(),
});
export type ParticipantFields = z.infer<typeof ParticipantFieldsSchema>;

export const RoleFieldsSchema = canonicalObject({
  label: RoleLabelSchema,
  holder: IdSchema.nullable(),
  since: TimeSchema.nullable(),
  handoff: PendingHandoffSchema.nullable(),
});
export type RoleFields = z.infer<typeof RoleFieldsSchema>;

export const ParticipantAddSchema = canonicalObject({
  type: z.literal('participant.add'),
  participantId: IdSchema,
  fields: ParticipantFieldsSchema,
});

export const ParticipantSetSchema = canonicalObject({
  type: z.literal('participant.set'),
  participantId: IdSchema,
  fields: setFieldsOf(ParticipantFieldsSchema),
  base: BaseSchema,
});

export const RoleSetSchema = canonicalObject({
  type: z.literal('role.set'),
  role: RoleKeySchema,
  fields: setFieldsOf(RoleFieldsSchema),
  base: BaseSchema,
});

export const SmeAddSchema = canonicalObject({
  type: z.literal('sme.add'),
  tag: IdSchema,
  fields: canonicalObject({ participant: IdSchema, domain: SmeDomainSchema }),
});

export const SmeRemoveSchema = canonicalObject({
  type: z.literal('sme.remove'),
  tags: z.array(IdSchema).min(1).max(500),
});

export const RoleCheckSchema = canonicalObject({
  type: z.literal('role.check'),
  role: RoleKeySchema,
  item: ChecklistItemIdSchema,
  fields: canonicalObject({ done: z.boolean(), by: DisplayNameSchema.nullable(), at: TimeSchema.nullable() }),
});

export const roleOpSchemas = [
  ParticipantAddSchema,
  ParticipantSetSchema,
  RoleSetSchema,
  SmeAddSchema,
  SmeRemoveSchema,
  RoleCheckSchema,
] as const;

export type RoleOpBody = z.infer<(typeof roleOpSchemas)[number]>;
export type RoleOpType = RoleOpBody['type'];
export const ROLE_OP_TYPES: readonly RoleOpType[] = roleOpSchemas.map((s) => s.shape.type.value);

/** Row id of a role register: the same on every peer for the same incident and role. */
export function roleRowId(incidentId: string, role: RoleKey): string {
  return `${incidentId}/${role}`;
}

export function checklistRowId(incidentId: string, role: RoleKey, item: string): string {
  return `${incidentId}/${role}/${item}`;
}

export function roleWrites(incidentId: string, body: RoleOpBody): FieldWrite[] {
  switch (body.type) {
    case 'participant.add':
    case 'participant.set': {
      const create = body.type === 'participant.add';
      return Object.entries(body.fields).map(([field, value]) => ({
        entity: 'participant',
        entityId: body.participantId,
        field,
        value,
        base: create ? null : (body.base[field] ?? null),
        create,
      }));
    }
    case 'role.set':
      // No `create`: peers may bring the same register into existence concurrently.
      return Object.entries(body.fields).map(([field, value]) => ({
        entity: 'role',
        entityId: roleRowId(incidentId, body.role),
        field,
        value,
        base: body.base[field] ?? null,
      }));
    case 'sme.add':
      return Object.entries(body.fields).map(([field, value]) => ({
        entity: 'sme_tag',
        entityId: body.tag,
        field,
        value,
        base: null,
        create: true,
      }));
    case 'sme.remove':
      return body.tags.map((tag) => ({ entity: 'sme_tag', entityId: tag, field: 'removed', value: true, base: null }));
    case 'role.check': {
      const entityId = checklistRowId(incidentId, body.role, body.item);
      const fields = { role: body.role, item: body.item, ...body.fields };
      return Object.entries(fields).map(([field, value]) => ({
        entity: 'role_check',
        entityId,
        field,
        value,
        base: null,
      }));
    }
  }
}
