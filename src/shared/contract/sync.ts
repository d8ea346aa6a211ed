/** Contract methods and events for peer sync: hosting a room, joining one, presence. */
import { z } from 'zod';
import { IdSchema } from '../schemas';
import { RoomIdSchema, RoomKeySchema, SyncHostSchema, SyncPortSchema } from '../sync/link';

export const LINK_STATES = ['connecting', 'connected', 'reconnecting', 'offline', 'refused'] as const;
/**
 * connecting: first attempt; connected: authenticated and syncing; reconnecting: lost, retrying
 * (first 30 s); offline: still retrying, for longer; refused: the host rejected us for a reason
 * retrying cannot fix (wrong key, other room, other protocol): the link must change.
 */
export type LinkState = (typeof LINK_STATES)[number];

export interface HostingStatus {
  readonly state: 'starting' | 'listening' | 'error';
  /** Interface the room listens on. */
  readonly bindHost: string;
  readonly port: number;
  readonly roomId: string;
  /** The join link to share (null until listening). It carries the room key. */
  readonly link: string | null;
  /** The same link without the `warroom://` scheme. */
  readonly plainLink: string | null;
  readonly error: string | null;
  /** Peers currently connected to this room. */
  readonly connected: number;
}

export interface JoinStatus {
  readonly roomId: string;
  readonly host: string;
  readonly port: number;
  readonly link: string;
  readonly state: LinkState;
  /** Why the last attempt failed, as shown to the user. */
  readonly error: string | null;
  /** Peer id of the host once known. */
  readonly remotePeerId: string | null;
  /** Last time ops, acks or a digest check went through on this link. */
  readonly lastSyncAt: number | null;
}

export interface SyncStatus {
  readonly peerId: string;
  readonly hosting: HostingStatus | null;
  readonly joins: readonly JoinStatus[];
  readonly lastSyncAt: number | null;
}

export interface PresencePeer {
  readonly peerId: string;
  readonly displayName: string;
  readonly role: string | null;
  readonly state: 'connected' | 'reconnecting' | 'offline';
  readonly lastSeen: number;
  /** 1: a direct link; more: reached through that many relays. */
  readonly hops: number;
  /** host: joined our room; join: hosts a room we joined; relay: known through another peer. */
  readonly via: 'host' | 'join' | 'relay';
}

const NoArgs = z.object({}).strict();

export const syncMethods = {
  getSyncStatus: NoArgs,
  listPeers: NoArgs,
  /** Start hosting a room (one per console). Listening completes asynchronously: watch syncStatusChanged. */
  hostRoom: z
    .object({
      host: SyncHostSchema.optional(),
      port: SyncPortSchema.optional(),
      roomKey: RoomKeySchema.optional(),
      roomId: RoomIdSchema.optional(),
      /** Incidents to share into the room (the one open when the user hosts). */
      share: z.array(IdSchema).max(100).optional(),
    })
    .strict(),
  stopHosting: NoArgs,
  joinRoom: z.object({ link: z.string().trim().min(1, 'is required').max(600) }).strict(),
  leaveRoom: z.object({ roomId: RoomIdSchema }).strict(),
  /** Share an incident into a room this console is in: its peers get all of it from now on. */
  shareIncident: z.object({ incidentId: IdSchema, roomId: RoomIdSchema }).strict(),
  /** The rooms an incident is shared in (ids; compare with getSyncStatus). */
  incidentRooms: z.object({ incidentId: IdSchema }).strict(),
} as const;

export interface SyncResults {
  getSyncStatus: SyncStatus;
  listPeers: PresencePeer[];
  hostRoom: SyncStatus;
  stopHosting: SyncStatus;
  joinRoom: SyncStatus;
  leaveRoom: SyncStatus;
  shareIncident: string[];
  incidentRooms: string[];
}

export interface SyncEvents {
  syncStatusChanged: SyncStatus;
  presenceChanged: PresencePeer[];
}
