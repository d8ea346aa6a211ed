/** The connection to the service and the latest error, shown in the app's alert region. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connection } from '../bridge/connection';

export interface StatusState {
  readonly connection: Connection;
  readonly error: string | null;
  setConnection(connection: Connection): void;
  report(error: unknown): void;
  dismiss(): void;
}

export type StatusStore = StoreApi<StatusState>;

export function createStatusStore(initial: Connection): StatusStore {
  return createStore<StatusState>()((set) => ({
    connection: initial,
    error: null,
    setConnection: (connection) => set({ connection }),
    report: (error) => set({ error: errorMessage(error) }),
    dismiss: () => set({ error: null }),
  }));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong';
}
