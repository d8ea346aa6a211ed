/**
 * How field writes land in projection tables: one registry entry per entity. Column names come
 * from this fixed map only, never from op payloads, so SQL is never built from remote input.
 */
import { MILESTONES } from '../../../shared/domain/incident';
import type { Entity } from '../../../shared/ops';

/**
 * Every projection table has the columns id, incident_id, created, created_at, created_by and
 * updated_at besides the mapped fields: a row exists as soon as any write to it arrives (writes
 * may arrive before the op that creates the entity) and is shown once `created` is set.
 */
export interface EntityProjection {
  readonly table: string;
  /** field name -> column name */
  readonly columns: Readonly<Record<string, string>>;
  /** Fields stored as JSON text. */
  readonly json: ReadonlySet<string>;
  /** Fields whose every write is kept (edit history, concurrent-write conflicts). */
  readonly history: ReadonlySet<string>;
  /**
   * Whether the first values, written by the op that creates the row, go to field_history too.
   * False for the entity written most (a catch-up is mostly timeline entries): its row keeps the
   * creating op's HLC and the history reader takes those values from the op log.
   */
  readonly historyOfCreate: boolean;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

export const PROJECTIONS: Readonly<Record<Entity, EntityProjection>> = {
  incident: {
    table: 'incidents',
    columns: Object.fromEntries(
      ['name', 'title', 'severity', 'status', 'summary', 'services', ...MILESTONES].map((f) => [f, snake(f)]),
    ),
    json: new Set(['services']),
    history: new Set(['title', 'severity', 'status']),
    historyOfCreate: true,
  },
  timeline_entry: {
    table: 'timeline_entries',
    columns: {
      kind: 'kind',
      text: 'text',
      eventTime: 'event_time',
      tags: 'tags',
      pinned: 'pinned',
      deleted: 'deleted',
      data: 'data',
    },
    json: new Set(['tags', 'data']),
    history: new Set(['kind', 'text', 'eventTime', 'tags', 'pinned', 'deleted']),
    historyOfCreate: false,
  },
  // Per-incident update-cadence settings; the row id is the incident id.
  cadence: {
    table: 'incident_cadence',
    columns: { overrideMs: 'override_ms', pause: 'pause' },
    json: new Set(['pause']),
    history: new Set(),
    historyOfCreate: true,
  },
  // Role board (src/shared/ops/roles.ts). A role's row id is `${incidentId}/${roleKey}`.
  participant: {
    table: 'participants',
    columns: { name: 'name', handle: 'handle', contact: 'contact', peerId: 'peer_id' },
    json: new Set(),
    history: new Set(),
    historyOfCreate: true,
  },
  role: {
    table: 'roles',
    columns: { label: 'label', holder: 'holder', since: 'since', handoff: 'handoff' },
    json: new Set(['handoff']),
    history: new Set(['holder']),
    historyOfCreate: true,
  },
  sme_tag: {
    table: 'sme_tags',
    columns: { participant: 'participant_id', domain: 'domain', removed: 'removed' },
    json: new Set(),
    history: new Set(),
    historyOfCreate: true,
  },
  role_check: {
    table: 'role_checklist',
    columns: { role: 'role', item: 'item', done: 'done', by: 'done_by', at: 'done_at' },
    json: new Set(),
    history: new Set(),
    historyOfCreate: true,
  },
};
