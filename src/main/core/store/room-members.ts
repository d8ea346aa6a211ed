/**
 * Which incidents each room shares (table room_incidents). An incident joins a room when it is
 * declared by a console in the room, when its ops or its id arrive from the room, or when a
 * person shares it into the room; it never leaves. Sets are cached per room: the sync engine
 * asks on every op it forwards.
 */
import type { Database, Statement } from 'better-sqlite3';

export type MembershipReason = 'declared' | 'received' | 'shared';

/**
 * Incidents of every room: those stored before rooms were scoped (migration 11), when every room
 * shared everything. A console shares them into each room it enters.
 */
export const EVERY_ROOM = '*';

export class RoomMembers {
  private readonly cache = new Map<string, Set<string>>();
  private readonly selectRoom: Statement;
  private readonly selectRoomsOf: Statement;
  private readonly insert: Statement;

  constructor(private readonly db: Database) {
    this.selectRoom = db.prepare(`SELECT incident_id FROM room_incidents WHERE room_id = ?`).pluck();
    this.selectRoomsOf = db
      .prepare(
        `SELECT room_id FROM room_incidents WHERE incident_id = ? AND room_id <> '${EVERY_ROOM}' ORDER BY room_id`,
      )
      .pluck();
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO room_incidents (room_id, incident_id, added_at, how) VALUES (?, ?, ?, ?)`,
    );
  }

  /** The incidents shared in a room: a live view, updated by add(). */
  of(roomId: string): ReadonlySet<string> {
    let set = this.cache.get(roomId);
    if (!set) {
      set = new Set(this.selectRoom.all(roomId) as string[]);
      this.cache.set(roomId, set);
    }
    return set;
  }

  /** The rooms an incident is shared in (EVERY_ROOM left out). */
  roomsOf(incidentId: string): string[] {
    return this.selectRoomsOf.all(incidentId) as string[];
  }

  /** Share incidents into a room; returns those that were not shared there yet. */
  add(roomId: string, incidentIds: Iterable<string>, how: MembershipReason, now: number): string[] {
    const set = this.of(roomId) as Set<string>;
    const added = [...new Set(incidentIds)].filter((id) => !set.has(id));
    if (added.length === 0) return added;
    this.db.transaction(() => {
      for (const id of added) this.insert.run(roomId, id, now, how);
    })();
    for (const id of added) set.add(id);
    return added;
  }
}
