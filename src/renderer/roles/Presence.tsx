/**
 * Whether a participant's console is connected right now, from the sync presence list: the IC
 * sees at a glance who on the board can be reached in the room.
 */
import { useStore } from 'zustand';
import type { PresencePeer } from '../../shared/contract/sync';
import type { Participant } from '../../shared/domain/roles';
import { useApi } from '../app/context';
import { syncStoreFor } from '../sync/store';

const LABELS: Record<PresencePeer['state'], string> = {
  connected: 'online',
  reconnecting: 'reconnecting',
  offline: 'offline',
};

/** Nothing for this console's own participant or someone added by name who has no console. */
export function PresenceBadge({ participant }: { readonly participant: Participant | undefined }) {
  const peers = useStore(syncStoreFor(useApi()), (s) => s.peers);
  if (!participant || participant.isMe || participant.peerId === null) return null;
  const state = peers.find((p) => p.peerId === participant.peerId)?.state ?? 'offline';
  return <span className={`presence presence--${state}`}>{LABELS[state]}</span>;
}
