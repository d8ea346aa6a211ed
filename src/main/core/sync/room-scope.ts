/**
 * What one room shares of the op log: the ops of its member incidents (room-members.ts), plus
 * the console-wide origins written before rooms were scoped, which every room shares. Every
 * session of the room (joined or hosted: a relay can be both) reads its filters here, and
 * membership growth from any source reaches all of them through `announce`.
 */
import { incidentOfOrigin } from '../../../shared/origin';
import { EVERY_ROOM, type MembershipReason } from '../store/room-members';
import type { VersionVector } from '../store/op-store';
import type { WireOriginDigest } from './protocol';
import type { Replica } from './replica';

/** What a peer tells about itself for one room: its vector over the room's origins and the room's incidents. */
export interface Holdings {
  readonly vv: VersionVector;
  readonly incidents: string[];
}

export type Announce = (scope: RoomScope, added: readonly string[], fromSession: string | undefined) => void;

export class RoomScope {
  readonly incidents: ReadonlySet<string>;

  constructor(
    readonly roomId: string,
    private readonly replica: Replica,
    private readonly now: () => number,
    private readonly announce: Announce,
  ) {
    this.incidents = replica.rooms.of(roomId);
    // No link of the room exists yet: nobody to tell.
    replica.rooms.add(roomId, replica.rooms.of(EVERY_ROOM), 'shared', now());
  }

  /** Whether the room carries the ops of this origin. */
  readonly shares = (origin: string): boolean => {
    const incident = incidentOfOrigin(origin);
    return incident === null || this.incidents.has(incident);
  };

  holdings(): Holdings {
    return { vv: this.vector(this.shares), incidents: [...this.incidents] };
  }

  /** Our vector over the origins of some incidents (told with a share, so the peer sends only what we lack). */
  vectorOf(incidentIds: readonly string[]): VersionVector {
    const ids = new Set(incidentIds);
    return this.vector((origin) => {
      const incident = incidentOfOrigin(origin);
      return incident !== null && ids.has(incident);
    });
  }

  /** Share incidents into the room; the room's other sessions are told of the new ones. */
  add(incidentIds: Iterable<string>, how: MembershipReason, fromSession?: string): string[] {
    const added = this.replica.rooms.add(this.roomId, incidentIds, how, this.now());
    if (added.length > 0) this.announce(this, added, fromSession);
    return added;
  }

  /** The per-origin digest of the room's share of the log. */
  digest(): Record<string, WireOriginDigest> {
    const out: Record<string, WireOriginDigest> = {};
    for (const [origin, d] of Object.entries(this.replica.digest())) {
      if (!this.shares(origin)) continue;
      out[origin] = { vv: this.replica.seqOf(origin) ?? 0, count: d.count, max: d.max, hash: d.hash };
    }
    return out;
  }

  private vector(keep: (origin: string) => boolean): VersionVector {
    const out: VersionVector = {};
    for (const [origin, seq] of Object.entries(this.replica.versionVector())) if (keep(origin)) out[origin] = seq;
    return out;
  }
}
