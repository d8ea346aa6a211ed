/** What the sync engine needs from the local store: the Warroom service implements it. */
import type { Profile } from '../../../shared/api';
import type { Op } from '../../../shared/ops';
import type { OriginDigest } from '../store/origin-digest';
import type { OriginFilter, StoredOp, VersionVector } from '../store/op-store';
import type { MembershipReason } from '../store/room-members';

export interface RemoteApply {
  readonly applied: number;
  readonly rejected: number;
}

/** Called after every commit with the ops it newly stored; `from` names the session they came from. */
export type OpsAppliedListener = (ops: readonly Op[], from: string | undefined) => void;

export interface Replica {
  readonly peerId: string;
  profile(): Profile;
  versionVector(): VersionVector;
  /** One origin's entry of the version vector (without copying the vector). */
  seqOf(origin: string): number | undefined;
  /** Ops the holder of `remote` lacks, of the origins `shares` accepts, bodies as stored (see OpStore.missingStored). */
  missingStored(remote: VersionVector, limit: number, shares: OriginFilter): StoredOp[];
  /** Validate, store and project ops from a peer; never throws for bad input. */
  applyRemote(raw: readonly unknown[], from: string): RemoteApply;
  digest(): Readonly<Record<string, OriginDigest>>;
  onOpsApplied(listener: OpsAppliedListener): () => void;
  /** Which incidents each room shares (store/room-members.ts). */
  readonly rooms: RoomMembership;
  hasIncident(id: string): boolean;
}

export interface RoomMembership {
  of(roomId: string): ReadonlySet<string>;
  roomsOf(incidentId: string): string[];
  add(roomId: string, incidentIds: Iterable<string>, how: MembershipReason, now: number): string[];
}
