/**
 * The renderer's cache of role boards, one per incident. It never computes truth: it stores the
 * boards the service returns from each call and pushes with `roleBoardChanged`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WarroomApi } from '../../shared/api';
import type { RoleBoard } from '../../shared/domain/roles';

export interface RoleBoardsState {
  readonly boards: Readonly<Record<string, RoleBoard>>;
  /** Join the incident (opening it makes this console a participant) and read its board. */
  open(incidentId: string): Promise<void>;
  /** Re-read a board, e.g. after a reconnect when events may have been missed. */
  load(incidentId: string): Promise<void>;
  receive(board: RoleBoard): void;
  /** Run a role intent; the board it returns lands in the cache. Rejects with the service error. */
  run(call: () => Promise<RoleBoard>): Promise<RoleBoard>;
}

export type RoleBoardsStore = StoreApi<RoleBoardsState>;

export function createRoleBoardsStore(api: WarroomApi): RoleBoardsStore {
  const joined = new Set<string>();
  return createStore<RoleBoardsState>()((set, get) => ({
    boards: {},
    async open(incidentId) {
      if (!joined.has(incidentId)) {
        await api.joinIncident({ incidentId });
        joined.add(incidentId);
      }
      await get().load(incidentId);
    },
    async load(incidentId) {
      get().receive(await api.getRoleBoard({ incidentId }));
    },
    receive(board) {
      set((s) => ({ boards: { ...s.boards, [board.incidentId]: board } }));
    },
    async run(call) {
      const board = await call();
      get().receive(board);
      return board;
    },
  }));
}

/** One store per bridge API, subscribed to board pushes for as long as the console lives. */
const stores = new WeakMap<WarroomApi, RoleBoardsStore>();

export function roleBoardsFor(api: WarroomApi): RoleBoardsStore {
  let store = stores.get(api);
  if (!store) {
    const created = createRoleBoardsStore(api);
    api.on('roleBoardChanged', (board) => created.getState().receive(board));
    stores.set(api, created);
    store = created;
  }
  return store;
}
