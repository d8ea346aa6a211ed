/** Hooks between cadence components and the snapshot cache. */
import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import type { WarroomApi } from '../../shared/api';
import type { CadenceSnapshot } from '../../shared/contract/cadence';
import { evaluateCadence, type CadenceView } from '../../shared/domain/cadence';
import { useApi, useStatus } from '../app/context';
import { useNow } from '../common/useNow';
import { cadenceFor, type CadenceStore } from './store';

export function useCadenceStore(): CadenceStore {
  return cadenceFor(useApi());
}

/**
 * The live view of an incident's cadence: the cached snapshot's facts evaluated against this
 * console's clock (corrected by the service's skew) every second. Loads the snapshot on first use.
 */
export function useCadence(
  incidentId: string | null,
  updatedAt: number,
): { snapshot: CadenceSnapshot; view: CadenceView; now: number } | null {
  const store = useCadenceStore();
  const report = useStatus((s) => s.report);
  const cached = useStore(store, (s) => (incidentId ? (s.snapshots[incidentId] ?? null) : null));
  const tick = useNow();

  // Re-read on selection, and when the incident changed (also covers a reload after reconnecting).
  useEffect(() => {
    if (incidentId) store.getState().load(incidentId).catch(report);
  }, [incidentId, updatedAt, store, report]);

  if (!cached) return null;
  const now = tick + cached.skewMs;
  return { snapshot: cached.snapshot, view: evaluateCadence(cached.snapshot.facts, cached.snapshot.policy, now), now };
}

/** Run a cadence intent; its snapshot lands in the cache. Resolves false (error reported) on refusal. */
export function useCadenceAction(): (call: (api: WarroomApi) => Promise<CadenceSnapshot>) => Promise<boolean> {
  const api = useApi();
  const store = useCadenceStore();
  const report = useStatus((s) => s.report);
  return useCallback(
    async (call) => {
      try {
        const snapshot = await call(api);
        store.getState().receive(snapshot);
        store.getState().settle(snapshot.incidentId);
        return true;
      } catch (error) {
        report(error);
        return false;
      }
    },
    [api, store, report],
  );
}
