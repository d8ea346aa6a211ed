/**
 * The renderer's cache of cadence snapshots, one per incident, and the recent alerts for the
 * banner. It never computes truth: snapshots come from the service and are re-read whenever an
 * event says an input changed; the countdown itself is evaluated locally from the snapshot.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WarroomApi } from '../../shared/api';
import type { CadenceAlert, CadenceSnapshot } from '../../shared/contract/cadence';
import type { EntryKind } from '../../shared/domain/timeline';
import { announce } from './notify';

export interface CachedSnapshot {
  readonly snapshot: CadenceSnapshot;
  /**
   * Service clock minus this clock when the snapshot arrived: the countdown follows the service
   * (whose scheduler sends the alerts) even when this browser's clock is off.
   */
  readonly skewMs: number;
}

export interface CadenceState {
  readonly snapshots: Readonly<Record<string, CachedSnapshot>>;
  /** Alerts to show in the banner, newest first, one per incident and kind. */
  readonly alerts: readonly CadenceAlert[];
  load(incidentId: string): Promise<void>;
  receive(snapshot: CadenceSnapshot): void;
  alert(alert: CadenceAlert): void;
  dismiss(alert: CadenceAlert): void;
  /** An update was posted or the cadence changed: its due/overdue alerts no longer apply. */
  settle(incidentId: string): void;
}

export type CadenceStore = StoreApi<CadenceState>;

/** Timeline kinds whose arrival can move a deadline or an escalation mark. */
const RELEVANT: ReadonlySet<EntryKind> = new Set([
  'status_update',
  'status_change',
  'role_change',
  'cadence',
  'milestone',
]);
const UPDATE_ALERTS: ReadonlySet<CadenceAlert['kind']> = new Set(['due_soon', 'due', 'overdue', 'reminder']);
const MAX_ALERTS = 6;

export function createCadenceStore(api: WarroomApi, now: () => number = Date.now): CadenceStore {
  return createStore<CadenceState>()((set, get) => ({
    snapshots: {},
    alerts: [],
    async load(incidentId) {
      get().receive(await api.getCadence({ incidentId }));
    },
    receive(snapshot) {
      const cached = { snapshot, skewMs: snapshot.computedAt - now() };
      set((s) => ({ snapshots: { ...s.snapshots, [snapshot.incidentId]: cached } }));
      if (snapshot.view.state === 'ok' || snapshot.view.state === 'paused') get().settle(snapshot.incidentId);
    },
    alert(alert) {
      set((s) => ({
        alerts: [alert, ...s.alerts.filter((a) => !sameSlot(a, alert))].slice(0, MAX_ALERTS),
      }));
    },
    dismiss(alert) {
      set((s) => ({ alerts: s.alerts.filter((a) => a !== alert) }));
    },
    settle(incidentId) {
      const keep = get().alerts.filter((a) => a.incidentId !== incidentId || !UPDATE_ALERTS.has(a.kind));
      if (keep.length !== get().alerts.length) set({ alerts: keep });
    },
  }));
}

/** A newer alert replaces an older one about the same thing: the update deadline, or escalations. */
function sameSlot(a: CadenceAlert, b: CadenceAlert): boolean {
  return a.incidentId === b.incidentId && UPDATE_ALERTS.has(a.kind) === UPDATE_ALERTS.has(b.kind);
}

const stores = new WeakMap<WarroomApi, CadenceStore>();

/** One store per bridge API, subscribed to the events that move deadlines for the console's life. */
export function cadenceFor(api: WarroomApi): CadenceStore {
  let store = stores.get(api);
  if (store) return store;
  const created = createCadenceStore(api);
  const reload = (incidentId: string): void => {
    if (!created.getState().snapshots[incidentId]) return;
    created
      .getState()
      .load(incidentId)
      .catch(() => {
        // The next event or reconnect reloads it; the region keeps counting from what it has.
      });
  };
  api.on('incidentChanged', (incident) => reload(incident.id));
  api.on('timelineChanged', ({ incidentId, entries }) => {
    if (entries.some((e) => RELEVANT.has(e.kind))) reload(incidentId);
  });
  api.on('cadenceAlert', (alert) => {
    created.getState().alert(alert);
    announce(alert);
  });
  stores.set(api, created);
  store = created;
  return store;
}
