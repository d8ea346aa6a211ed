/** Contract methods for the timeline scribe pane. */
import { z } from 'zod';
import { ENTRY_KINDS, USER_ENTRY_KINDS, type EntryRevision, type TimelineEntry } from '../domain/timeline';
import { EntryTextSchema } from '../ops/timeline';
import { IdSchema, PeerIdSchema, TagsSchema, TimeSchema } from '../schemas';

const EntryRef = z.object({ incidentId: IdSchema, entryId: IdSchema }).strict();

export const timelineMethods = {
  addEntry: z
    .object({
      incidentId: IdSchema,
      /** Proposed by the client so it can show the entry before the reply; refused if taken. */
      entryId: IdSchema.optional(),
      kind: z.enum(USER_ENTRY_KINDS),
      text: EntryTextSchema,
      eventTime: TimeSchema.optional(),
      tags: TagsSchema.optional(),
      pinned: z.boolean().optional(),
    })
    .strict(),
  editEntry: z
    .object({
      incidentId: IdSchema,
      entryId: IdSchema,
      kind: z.enum(USER_ENTRY_KINDS).optional(),
      text: EntryTextSchema.optional(),
      eventTime: TimeSchema.optional(),
      tags: TagsSchema.optional(),
    })
    .strict()
    .refine((a) => a.kind !== undefined || a.text !== undefined || a.eventTime !== undefined || a.tags !== undefined, {
      message: 'nothing to change: give kind, text, eventTime or tags',
    }),
  setEntryPinned: z.object({ incidentId: IdSchema, entryId: IdSchema, pinned: z.boolean() }).strict(),
  deleteEntry: EntryRef,
  restoreEntry: EntryRef,
  getEntryHistory: EntryRef,
  getTimeline: z
    .object({
      incidentId: IdSchema,
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      authorId: PeerIdSchema.optional(),
      pinnedOnly: z.boolean().optional(),
      includeDeleted: z.boolean().optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(5_000).optional(),
      /** Count `offset` from the end: the newest page in one call, without knowing the total. */
      fromEnd: z.boolean().optional(),
    })
    .strict(),
  searchTimeline: z
    .object({
      incidentId: IdSchema,
      query: z.string().max(500),
      limit: z.number().int().min(1).max(1_000).optional(),
    })
    .strict(),
  /** Everyone who wrote in the incident's timeline, for the author filter of a 50,000-entry view. */
  listTimelineAuthors: z.object({ incidentId: IdSchema }).strict(),
  /** Position of an entry in the (filtered) timeline, so a search hit can be scrolled into view. */
  locateEntry: z
    .object({
      incidentId: IdSchema,
      entryId: IdSchema,
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      authorId: PeerIdSchema.optional(),
      pinnedOnly: z.boolean().optional(),
      includeDeleted: z.boolean().optional(),
    })
    .strict(),
} as const;

export interface TimelineAuthor {
  readonly peerId: string;
  /** The display name of the author's latest entry. */
  readonly name: string;
  readonly entries: number;
}

export interface EntryLocation {
  /** Index of the entry among the entries the filter shows; null when the filter hides it. */
  readonly index: number | null;
  readonly total: number;
}

export interface TimelinePageResult {
  readonly total: number;
  readonly offset: number;
  readonly entries: TimelineEntry[];
}

export interface TimelineSearchResult {
  readonly hits: { readonly entry: TimelineEntry; readonly highlighted: string }[];
  /** Time the FTS query took in the service, ms. */
  readonly tookMs: number;
}

export interface TimelineResults {
  addEntry: TimelineEntry;
  editEntry: TimelineEntry;
  setEntryPinned: TimelineEntry;
  deleteEntry: TimelineEntry;
  restoreEntry: TimelineEntry;
  getEntryHistory: EntryRevision[];
  getTimeline: TimelinePageResult;
  searchTimeline: TimelineSearchResult;
  listTimelineAuthors: TimelineAuthor[];
  locateEntry: EntryLocation;
}

export interface TimelineEvents {
  /** Entries added or changed (including deletions) in one commit. */
  timelineChanged: { readonly incidentId: string; readonly entries: TimelineEntry[] };
}
