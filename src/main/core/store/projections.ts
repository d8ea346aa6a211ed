/**
 * How field writes land in projection tables: one registry entry per entity. Column names come
 * from this fixed map only, never from op payloads, so SQL is never built from remote input.
 */
import { MILESTONES } from '../../../shared/domain/incident';

export interface EntityProjection {
  readonly table: string;
  /** field name -> column name */
  readonly columns: Readonly<Record<string, string>>;
  /** Fields stored as JSON text. */
  readonly json: ReadonlySet<string>;
  /** Fields whose every write is kept (edit history, concurrent-write conflicts). */
  readonly history: ReadonlySet<string>;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

export const PROJECTIONS: Readonly<Record<string, EntityProjection>> = {
  incident: {
    table: 'incidents',
    columns: Object.fromEntries(
      ['name', 'title', 'severity', 'status', 'summary', 'services', ...MILESTONES].map((f) => [f, snake(f)]),
    ),
    json: new Set(['services']),
    history: new Set(['title', 'severity', 'status']),
  },
};
