/** Read side of the incident projection: rows to domain objects. */
import type { Database, Statement } from 'better-sqlite3';
import {
  MILESTONES,
  type FieldConflict,
  type Incident,
  type IncidentSummary,
  type Milestones,
  type Severity,
  type Status,
} from '../../../shared/domain/incident';
import { FieldClocks } from './field-clocks';
import { PROJECTIONS } from './projections';

interface IncidentRow {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  status: Status;
  summary: string;
  services: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  created_hlc: string | null;
  [column: string]: unknown;
}

const incidentProjection = PROJECTIONS.incident;

export class IncidentQueries {
  private readonly byId: Statement;
  private readonly all: Statement;
  private readonly losers: Statement;
  private readonly clocks: FieldClocks;

  constructor(db: Database) {
    this.byId = db.prepare(`SELECT * FROM incidents WHERE id = ? AND created = 1`);
    this.all = db.prepare(
      `SELECT id, name, title, severity, status, created_at, updated_at, impact_started_at, detected_at, declared_at
       FROM incidents WHERE created = 1`,
    );
    // A stored write is a live conflict when the winner's author had not seen it (hlc > winner.base).
    // One query for all fields with history (only they can have losers), as this runs on every
    // read of an incident. CROSS JOIN keeps the fields outside, so each field's history is read
    // only between its base and its winner; a field without a clock row was last written by the
    // creating op (created_hlc, with no base).
    const historyFields = [...incidentProjection.history].map((f) => `('${f}')`).join(', ');
    this.losers = db.prepare(
      `WITH f (field) AS (VALUES ${historyFields})
       SELECT h.field, h.hlc, h.value, h.author_name
       FROM f LEFT JOIN field_clock c ON c.entity = 'incident' AND c.entity_id = $id AND c.field = f.field
       CROSS JOIN field_history h
         ON h.entity = 'incident' AND h.entity_id = $id AND h.field = f.field
        AND h.hlc < coalesce(c.hlc, $created) AND h.hlc > coalesce(c.base, '')
       ORDER BY h.field, h.hlc DESC`,
    );
    this.clocks = new FieldClocks(db);
  }

  get(id: string): Incident | undefined {
    const row = this.byId.get(id) as IncidentRow | undefined;
    return row && { ...toState(row), conflicts: this.conflicts(row.id, row.created_hlc) };
  }

  /**
   * The incident without its conflicts, for a writer that only compares field values: the
   * conflicts query is most of the cost of a read, and a local write reads before it writes.
   */
  state(id: string): IncidentState | undefined {
    const row = this.byId.get(id) as IncidentRow | undefined;
    return row && toState(row);
  }

  list(): IncidentSummary[] {
    return (this.all.all() as IncidentRow[]).map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      severity: r.severity,
      status: r.status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      impactStartedAt: (r.impact_started_at ?? r.detected_at ?? r.declared_at ?? null) as number | null,
    }));
  }

  /** The HLC of the value currently shown for a field: the base of the next local write to it. */
  fieldHlc(id: string, field: string): string | null {
    return this.clocks.get('incident', id, field);
  }

  private conflicts(id: string, createdHlc: string | null): FieldConflict[] {
    return (
      this.losers.all({ id, created: createdHlc }) as {
        field: string;
        hlc: string;
        value: string;
        author_name: string;
      }[]
    ).map((l) => ({
      field: l.field,
      value: JSON.parse(l.value) as unknown,
      hlc: l.hlc,
      author: l.author_name,
    }));
  }
}

/** An incident as stored, without its conflicts (see `IncidentQueries.state`). */
export type IncidentState = Omit<Incident, 'conflicts'>;

function toState(row: IncidentRow): IncidentState {
  const milestones = Object.fromEntries(
    MILESTONES.map((m) => [m, (row[incidentProjection.columns[m] ?? m] as number | null) ?? null]),
  ) as Milestones;
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    services: JSON.parse(row.services) as string[],
    milestones,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}
