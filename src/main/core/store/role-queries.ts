/** Read side of the role board projections: participants, role registers, SME tags, checklist ticks. */
import type { Database, Statement } from 'better-sqlite3';
import type {
  ChecklistRow,
  Participant,
  PendingHandoff,
  RoleConflict,
  RoleKey,
  RoleRow,
  SmeTag,
} from '../../../shared/domain/roles';
import { isRoleKey } from '../../../shared/domain/roles';
import { hlcWall } from '../../../shared/hlc';
import { roleRowId, type Entity } from '../../../shared/ops';
import { FieldClocks } from './field-clocks';

interface ParticipantRow {
  id: string;
  incident_id: string;
  name: string;
  handle: string;
  contact: string;
  peer_id: string | null;
  created_at: number;
  created_by: string;
}

interface RoleDbRow {
  id: string;
  incident_id: string;
  label: string;
  holder: string | null;
  since: number | null;
  handoff: string;
  clock_hlc: string | null;
  clock_base: string | null;
}

export class RoleQueries {
  private readonly participantsOf: Statement;
  private readonly incidentsOfPeer: Statement;
  private readonly participantById: Statement;
  private readonly rolesOf: Statement;
  private readonly losers: Statement;
  private readonly clocks: FieldClocks;
  private readonly smeTagsOf: Statement;
  private readonly checklistOf: Statement;
  private readonly severityHistory: Statement;

  constructor(db: Database) {
    this.incidentsOfPeer = db
      .prepare(
        `SELECT r.incident_id FROM roles r JOIN participants p ON p.id = r.holder WHERE p.peer_id = $peerId
         UNION
         SELECT s.incident_id FROM sme_tags s JOIN participants p ON p.id = s.participant_id WHERE p.peer_id = $peerId`,
      )
      .pluck();
    this.participantsOf = db.prepare(
      `SELECT id, incident_id, name, handle, contact, peer_id, created_at, created_by FROM participants
       WHERE incident_id = ? AND created = 1 ORDER BY created_at, id`,
    );
    this.participantById = db.prepare(
      `SELECT id, incident_id, name, handle, contact, peer_id, created_at, created_by FROM participants
       WHERE id = ? AND created = 1`,
    );
    // Role rows carry no `created` flag: peers create the same register concurrently (so no
    // created_hlc either, and the holder's clock is always a field_clock row).
    this.rolesOf = db.prepare(
      `SELECT r.id, r.incident_id, r.label, r.holder, r.since, r.handoff, c.hlc AS clock_hlc, c.base AS clock_base
       FROM roles r LEFT JOIN field_clock c ON c.entity = 'role' AND c.entity_id = r.id AND c.field = 'holder'
       WHERE r.incident_id = ?`,
    );
    // As for incident fields: a stored write the winner's author had not seen is a live conflict.
    this.losers = db.prepare(
      `SELECT hlc, value, author_name FROM field_history
       WHERE entity = 'role' AND entity_id = ? AND field = 'holder' AND hlc < ? AND hlc > coalesce(?, '')
       ORDER BY hlc DESC`,
    );
    this.clocks = new FieldClocks(db);
    this.smeTagsOf = db.prepare(
      `SELECT id, participant_id, domain, created_at, removed FROM sme_tags WHERE incident_id = ? AND created = 1`,
    );
    this.checklistOf = db.prepare(
      `SELECT role, item, done, done_by, done_at FROM role_checklist WHERE incident_id = ?`,
    );
    this.severityHistory = db.prepare(
      `SELECT hlc, value FROM field_history WHERE entity = 'incident' AND entity_id = ? AND field = 'severity'`,
    );
  }

  /** Incidents in which a console's participant holds a role or an SME tag (maybe a removed one). */
  incidentsWithRolesOf(peerId: string): string[] {
    return this.incidentsOfPeer.all({ peerId }) as string[];
  }

  participants(incidentId: string): Omit<Participant, 'isMe'>[] {
    return (this.participantsOf.all(incidentId) as ParticipantRow[]).map(toParticipant);
  }

  participant(id: string): Omit<Participant, 'isMe'> | undefined {
    const row = this.participantById.get(id) as ParticipantRow | undefined;
    return row && toParticipant(row);
  }

  roles(incidentId: string): RoleRow[] {
    const prefix = `${incidentId}/`;
    const out: RoleRow[] = [];
    for (const r of this.rolesOf.all(incidentId) as RoleDbRow[]) {
      const key = r.id.startsWith(prefix) ? r.id.slice(prefix.length) : '';
      if (!isRoleKey(key)) continue;
      out.push({
        key,
        label: r.label,
        holderId: r.holder,
        since: r.since,
        handoff: JSON.parse(r.handoff) as PendingHandoff | null,
        conflicts: r.clock_hlc ? this.conflicts(r.id, r.clock_hlc, r.clock_base) : [],
      });
    }
    return out;
  }

  /** The HLC of the value currently shown for a field: the base of the next local write to it. */
  fieldHlc(entity: Entity, entityId: string, field: string): string | null {
    return this.clocks.get(entity, entityId, field);
  }

  roleFieldHlc(incidentId: string, key: RoleKey, field: string): string | null {
    return this.fieldHlc('role', roleRowId(incidentId, key), field);
  }

  smeTags(incidentId: string): SmeTag[] {
    return (
      this.smeTagsOf.all(incidentId) as {
        id: string;
        participant_id: string;
        domain: string;
        created_at: number;
        removed: number;
      }[]
    ).map((r) => ({
      tag: r.id,
      participantId: r.participant_id,
      domain: r.domain,
      addedAt: r.created_at,
      removed: r.removed === 1,
    }));
  }

  checklist(incidentId: string): ChecklistRow[] {
    const rows = this.checklistOf.all(incidentId) as {
      role: string;
      item: string;
      done: number;
      done_by: string | null;
      done_at: number | null;
    }[];
    return rows.flatMap((r) =>
      isRoleKey(r.role)
        ? [{ role: r.role, item: r.item, done: r.done === 1, doneBy: r.done_by, doneAt: r.done_at }]
        : [],
    );
  }

  /** Every write of the incident's severity, with the wall time its HLC carries. */
  severityWrites(incidentId: string): { hlc: string; value: unknown; at: number }[] {
    return (this.severityHistory.all(incidentId) as { hlc: string; value: string }[]).map((r) => ({
      hlc: r.hlc,
      value: JSON.parse(r.value) as unknown,
      at: hlcWall(r.hlc),
    }));
  }

  private conflicts(rowId: string, winner: string, base: string | null): RoleConflict[] {
    return (this.losers.all(rowId, winner, base) as { hlc: string; value: string; author_name: string }[]).map((l) => ({
      holderId: JSON.parse(l.value) as string | null,
      hlc: l.hlc,
      author: l.author_name,
      at: hlcWall(l.hlc),
    }));
  }
}

function toParticipant(r: ParticipantRow): Omit<Participant, 'isMe'> {
  return {
    id: r.id,
    incidentId: r.incident_id,
    name: r.name,
    handle: r.handle,
    contact: r.contact,
    peerId: r.peer_id,
    addedAt: r.created_at,
    addedBy: r.created_by,
  };
}
