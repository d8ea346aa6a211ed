/**
 * The renderer's copy of the sync status and the peer list: loaded once, then kept current by
 * the service's syncStatusChanged and presenceChanged pushes. It never decides anything itself.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WarroomApi } from '../../shared/api';
import type { PresencePeer, SyncStatus } from '../../shared/contract/sync';

export interface SyncState {
  readonly status: SyncStatus | null;
  readonly peers: readonly PresencePeer[];
  load(): Promise<void>;
}

export type SyncStore = StoreApi<SyncState>;

const stores = new WeakMap<WarroomApi, SyncStore>();

/** One store per bridge API, subscribed to the pushes for as long as the console lives. */
export function syncStoreFor(api: WarroomApi): SyncStore {
  let store = stores.get(api);
  if (!store) {
    const created = createStore<SyncState>()((set) => ({
      status: null,
      peers: [],
      async load() {
        const [status, peers] = await Promise.all([api.getSyncStatus({}), api.listPeers({})]);
        set({ status, peers });
      },
    }));
    api.on('syncStatusChanged', (status) => created.setState({ status }));
    api.on('presenceChanged', (peers) => created.setState({ peers }));
    stores.set(api, created);
    store = created;
  }
  return store;
}
