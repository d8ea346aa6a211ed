/**
 * The in-app banner: update and escalation alerts from the service's scheduler, for every
 * incident (the region shows the selected one in detail). Sound and desktop notifications go
 * with the same alerts (see notify.ts).
 */
import { useStore } from 'zustand';
import { useIncidents } from '../app/context';
import { useCadenceStore } from './hooks';

export function CadenceBanner() {
  const store = useCadenceStore();
  const alerts = useStore(store, (s) => s.alerts);
  const select = useIncidents((s) => s.select);
  const selectedId = useIncidents((s) => s.selectedId);
  const shown = alerts.filter((a) => a.kind !== 'due_soon' || a.incidentId !== selectedId);
  return (
    <div className="cadence-banner" role="alert" aria-label="Update alerts">
      {shown.map((a) => (
        <p key={`${a.incidentId}:${a.kind}:${a.at}`} className={`cadence-banner__item cadence-banner__item--${a.kind}`}>
          <span>{a.message}</span>
          {a.incidentId !== selectedId && (
            <button type="button" className="button button--small" onClick={() => void select(a.incidentId)}>
              Open {a.incidentName}
            </button>
          )}
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={`Dismiss: ${a.message}`}
            onClick={() => store.getState().dismiss(a)}
          >
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
