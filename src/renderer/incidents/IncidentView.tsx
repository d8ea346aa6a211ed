/** The selected incident: header, policy, details and milestones. */
import { useIncidents } from '../app/context';
import { ExportPostmortem } from '../postmortem/ExportPostmortem';
import { DetailsEditor } from './DetailsEditor';
import { IncidentHeader } from './IncidentHeader';
import { MilestoneEditor } from './MilestoneEditor';
import { PolicyHint } from './PolicyHint';
import type { Incident } from '../../shared/domain/incident';

export function IncidentView() {
  const selectedId = useIncidents((s) => s.selectedId);
  const incident = useIncidents((s) => s.selected);

  if (!incident) {
    return (
      <section aria-label="Incident" className="region region--incident region--empty">
        <p className="empty">{selectedId ? 'Loading incident…' : 'Select an incident, or press N to declare one.'}</p>
      </section>
    );
  }
  return (
    <section aria-label={`Incident: ${incident.title}`} className="region region--incident">
      <IncidentHeader incident={incident} />
      <Conflicts incident={incident} />
      <PolicyHint incident={incident} />
      <ExportPostmortem incidentId={incident.id} />
      <div className="incident-body">
        {/* Keyed by id: a draft belongs to one incident and must not follow the selection. */}
        <DetailsEditor key={incident.id} incident={incident} />
        <MilestoneEditor incident={incident} />
      </div>
    </section>
  );
}

/** Concurrent writes that lost are shown, never silently dropped. */
function Conflicts({ incident }: { readonly incident: Incident }) {
  if (incident.conflicts.length === 0) return null;
  return (
    <div className="conflicts" role="note" aria-label="Conflicting changes">
      <strong>Concurrent changes:</strong>
      <ul>
        {incident.conflicts.map((c) => (
          <li key={`${c.field}-${c.hlc}`}>
            {c.author} also set {c.field} to <code>{JSON.stringify(c.value)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
