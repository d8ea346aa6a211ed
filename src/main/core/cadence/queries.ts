/** Read side of cadence: the per-incident settings projection and the timeline facts it needs. */
import type { Database, Statement } from 'better-sqlite3';
import {
  NO_CADENCE_SETTINGS,
  type CadenceEntry,
  type CadencePause,
  type CadenceSettings,
} from '../../../shared/domain/cadence';
import type { EntryKind } from '../../../shared/domain/timeline';
import { FieldClocks } from '../store/field-clocks';

export class CadenceQueries {
  private readonly settingsById: Statement;
  private readonly clocks: FieldClocks;
  private readonly entries: Statement;
  private readonly active: Statement;

  constructor(db: Database) {
    this.settingsById = db.prepare(`SELECT override_ms, pause FROM incident_cadence WHERE id = ?`);
    this.clocks = new FieldClocks(db);
    // Only the kinds that move deadlines (CADENCE_ENTRY_KINDS): few rows, whatever the timeline's
    // size. The index holds only those kinds (migration 9): its WHERE must be repeated word for
    // word for SQLite to use it, and naming it makes any mismatch an error instead of a slow scan
    // of every entry of the incident (7 ms at 20,000 entries instead of 0.3 ms).
    this.entries = db.prepare(
      `SELECT kind, event_time, data FROM timeline_entries INDEXED BY timeline_deadline_kinds
       WHERE incident_id = ? AND created = 1 AND deleted = 0 AND kind IN ('status_update', 'status_change', 'role_change')`,
    );
    this.active = db
      .prepare(`SELECT id FROM incidents WHERE created = 1 AND status NOT IN ('resolved', 'closed') ORDER BY id`)
      .pluck();
  }

  settings(incidentId: string): CadenceSettings {
    const row = this.settingsById.get(incidentId) as { override_ms: number | null; pause: string } | undefined;
    if (!row) return NO_CADENCE_SETTINGS;
    return { overrideMs: row.override_ms, pause: JSON.parse(row.pause) as CadencePause | null };
  }

  /** The HLC of the shown value: the base of the next local write to the field. */
  fieldHlc(incidentId: string, field: string): string | null {
    return this.clocks.get('cadence', incidentId, field);
  }

  cadenceEntries(incidentId: string): CadenceEntry[] {
    return (this.entries.all(incidentId) as { kind: EntryKind; event_time: number; data: string }[]).map((r) => ({
      incidentId,
      kind: r.kind,
      eventTime: r.event_time,
      deleted: false,
      data: JSON.parse(r.data) as CadenceEntry['data'],
    }));
  }

  activeIncidentIds(): string[] {
    return this.active.all() as string[];
  }
}
