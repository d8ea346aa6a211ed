/** Timeline ops: adding an entry and changing any of its fields (text, time, pin, delete...). */
import { z } from 'zod';
import { ENTRY_KINDS, MAX_ENTRY_BYTES, utf8Length } from '../domain/timeline';
import { IdSchema, TagsSchema, TimeSchema } from '../schemas';
import { BaseSchema, canonicalObject, setFieldsOf, type FieldWrite } from './common';

export const EntryTextSchema = z
  .string()
  .refine((s) => s.trim().length > 0, 'is empty')
  .refine((s) => utf8Length(s) <= MAX_ENTRY_BYTES, `is longer than ${MAX_ENTRY_BYTES / 1024} KB`);

/** Structured extras of an entry (a command's exit code, an update's audience...). */
export const EntryDataSchema = z
  .record(
    z.string().max(40),
    z.union([
      z.string().max(MAX_ENTRY_BYTES * 4),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(z.string().max(200)).max(20),
    ]),
  )
  .refine((r) => Object.keys(r).length <= 20, 'has too many keys')
  .nullable();

export const EntryFieldsSchema = canonicalObject({
  kind: z.enum(ENTRY_KINDS),
  text: EntryTextSchema,
  eventTime: TimeSchema,
  tags: TagsSchema,
  pinned: z.boolean(),
  deleted: z.boolean(),
  data: EntryDataSchema,
});
export type EntryFields = z.infer<typeof EntryFieldsSchema>;

export const TimelineAddSchema = canonicalObject({
  type: z.literal('timeline.add'),
  entryId: IdSchema,
  fields: EntryFieldsSchema,
});

export const TimelineSetSchema = canonicalObject({
  type: z.literal('timeline.set'),
  entryId: IdSchema,
  fields: setFieldsOf(EntryFieldsSchema),
  base: BaseSchema,
});

export const timelineOpSchemas = [TimelineAddSchema, TimelineSetSchema] as const;

export function timelineWrites(
  body: z.infer<typeof TimelineAddSchema> | z.infer<typeof TimelineSetSchema>,
): FieldWrite[] {
  const create = body.type === 'timeline.add';
  return Object.entries(body.fields).map(([field, value]) => ({
    entity: 'timeline_entry',
    entityId: body.entryId,
    field,
    value,
    base: create ? null : (body.base[field] ?? null),
    create,
  }));
}
