/**
 * The renderer's cache of incidents: summaries for the list and the full record of the selected
 * incident. It never computes truth; it stores what the service returns and what its
 * `incidentChanged` events carry.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MethodArgs, WarroomApi } from '../../shared/api';
import type { Incident, IncidentSummary, Milestone, Severity, Status } from '../../shared/domain/incident';

export interface IncidentsState {
  readonly summaries: Readonly<Record<string, IncidentSummary>>;
  readonly loaded: boolean;
  readonly selectedId: string | null;
  readonly selected: Incident | null;
  /** Re-read everything: at start and after every (re)connect, since events may have been missed. */
  load(): Promise<void>;
  select(id: string | null): Promise<void>;
  /** Resolves to the new incident; rejects with the service's error for the dialog to show. */
  declare(args: MethodArgs<'declareIncident'>): Promise<Incident>;
  changeSeverity(id: string, severity: Severity): Promise<void>;
  changeStatus(id: string, status: Status): Promise<void>;
  /** Resolves true once saved, false if the service refused (the error is reported). */
  edit(args: MethodArgs<'editIncident'>): Promise<boolean>;
  setMilestone(id: string, milestone: Milestone, at: number | null): Promise<void>;
  /** Take in a newer version of an incident, from a reply or an event. */
  receive(incident: Incident): void;
}

export type IncidentsStore = StoreApi<IncidentsState>;

export function toSummary(incident: Incident): IncidentSummary {
  const { id, name, title, severity, status, createdAt, updatedAt } = incident;
  return {
    id,
    name,
    title,
    severity,
    status,
    createdAt,
    updatedAt,
    impactStartedAt: incident.milestones.impactStartedAt,
  };
}

export function createIncidentsStore(api: WarroomApi, report: (error: unknown) => void): IncidentsStore {
  return createStore<IncidentsState>()((set, get) => {
    /** Run a write; its result (the updated incident) lands in the cache; failures are reported. */
    const write = async (run: () => Promise<Incident>): Promise<boolean> => {
      try {
        get().receive(await run());
        return true;
      } catch (error) {
        report(error);
        return false;
      }
    };

    return {
      summaries: {},
      loaded: false,
      selectedId: null,
      selected: null,

      async load() {
        try {
          const list = await api.listIncidents({});
          set({ summaries: Object.fromEntries(list.map((s) => [s.id, s])), loaded: true });
          const { selectedId } = get();
          if (selectedId) await get().select(selectedId);
        } catch (error) {
          report(error);
        }
      },

      async select(id) {
        if (id === null) {
          set({ selectedId: null, selected: null });
          return;
        }
        set((s) => ({ selectedId: id, selected: s.selected?.id === id ? s.selected : null }));
        try {
          const incident = await api.getIncident({ id });
          // A later selection may have happened while this one was in flight.
          if (get().selectedId === id) get().receive(incident);
        } catch (error) {
          report(error);
        }
      },

      async declare(args) {
        const incident = await api.declareIncident(args);
        get().receive(incident);
        set({ selectedId: incident.id, selected: incident });
        return incident;
      },

      changeSeverity: async (id, severity) => void (await write(() => api.changeSeverity({ id, severity }))),
      changeStatus: async (id, status) => void (await write(() => api.changeStatus({ id, status }))),
      edit: (args) => write(() => api.editIncident(args)),
      setMilestone: async (id, milestone, at) => void (await write(() => api.setMilestone({ id, milestone, at }))),

      receive(incident) {
        set((s) => {
          const known = s.summaries[incident.id];
          // Replies and events can cross; never let an older version overwrite a newer one.
          if (known && known.updatedAt > incident.updatedAt) return s;
          return {
            summaries: { ...s.summaries, [incident.id]: toSummary(incident) },
            selected: s.selectedId === incident.id ? incident : s.selected,
          };
        });
      },
    };
  });
}
