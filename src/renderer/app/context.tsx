/** The stores of one console, created once at start-up and handed to components by context. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WarroomApi } from '../../shared/api';
import type { Bridge } from '../bridge/connection';
import { createIncidentsStore, type IncidentsState, type IncidentsStore } from '../incidents/store';
import { createStatusStore, type StatusState, type StatusStore } from './status-store';

export interface Console {
  readonly bridge: Bridge;
  readonly status: StatusStore;
  readonly incidents: IncidentsStore;
}

/** Wire the stores to the bridge: events into the cache, reconnects into a full reload. */
export function createConsole(bridge: Bridge): Console {
  const status = createStatusStore(bridge.connection());
  const incidents = createIncidentsStore(bridge.api, (error) => status.getState().report(error));
  bridge.api.on('incidentChanged', (incident) => incidents.getState().receive(incident));
  const onConnection = (connection: ReturnType<Bridge['connection']>): void => {
    status.getState().setConnection(connection);
    if (connection.state === 'connected') void incidents.getState().load();
  };
  bridge.onConnection(onConnection);
  if (bridge.connection().state === 'connected') void incidents.getState().load();
  return { bridge, status, incidents };
}

const ConsoleContext = createContext<Console | null>(null);

export function ConsoleProvider({ value, children }: { readonly value: Console; readonly children: ReactNode }) {
  return <ConsoleContext value={value}>{children}</ConsoleContext>;
}

function useConsole(): Console {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside ConsoleProvider');
  return value;
}

/** The contract, for features that keep their own cache (the timeline pages through the service). */
export function useApi(): WarroomApi {
  return useConsole().bridge.api;
}

export function useIncidents<T>(selector: (state: IncidentsState) => T): T {
  return useStore(useConsole().incidents, selector);
}

export function useStatus<T>(selector: (state: StatusState) => T): T {
  return useStore(useConsole().status, selector);
}
