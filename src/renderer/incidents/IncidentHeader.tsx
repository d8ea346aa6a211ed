/** The incident's vital signs: severity, status, war-room name and the impact clock. */
import { useId, useState } from 'react';
import {
  SEVERITIES,
  STATUSES,
  STATUS_LABELS,
  impactStart,
  type Incident,
  type Severity,
  type Status,
} from '../../shared/domain/incident';
import { useIncidents } from '../app/context';
import { formatElapsed } from '../common/format';
import { useNow } from '../common/useNow';
import { UncoveredSummary } from '../roles/UncoveredRoles';
import { SeverityBadge, severityOptionLabel } from './badges';

export function IncidentHeader({ incident }: { readonly incident: Incident }) {
  const changeSeverity = useIncidents((s) => s.changeSeverity);
  const changeStatus = useIncidents((s) => s.changeStatus);

  return (
    <header className={`incident-header incident-header--${incident.severity.toLowerCase()}`}>
      <div className="incident-header__title">
        <SeverityBadge severity={incident.severity} />
        <h2>{incident.title}</h2>
      </div>
      <div className="incident-header__controls">
        <label className="inline-field">
          <span>Severity</span>
          <select
            value={incident.severity}
            onChange={(e) => void changeSeverity(incident.id, e.target.value as Severity)}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityOptionLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Status</span>
          <select
            className={`status-select status-select--${incident.status}`}
            value={incident.status}
            onChange={(e) => void changeStatus(incident.id, e.target.value as Status)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <Elapsed since={impactStart(incident.milestones, incident.createdAt)} />
      </div>
      <UncoveredSummary incidentId={incident.id} />
      <RoomName name={incident.name} />
    </header>
  );
}

function Elapsed({ since }: { readonly since: number }) {
  const text = formatElapsed(useNow() - since);
  const labelId = useId();
  return (
    <div className="elapsed">
      <span className="elapsed__label" id={labelId}>
        Since impact start
      </span>
      <time className="elapsed__clock" aria-labelledby={labelId} dateTime={new Date(since).toISOString()}>
        {text}
      </time>
    </div>
  );
}

/** The war-room name is what people paste into chat: one click to copy it. */
function RoomName({ name }: { readonly name: string }) {
  const [feedback, setFeedback] = useState<string | null>(null);

  async function copy(): Promise<void> {
    try {
      // navigator.clipboard is missing outside secure contexts (a LAN address over http).
      await navigator.clipboard.writeText(name);
      setFeedback('Copied');
    } catch {
      setFeedback('Copy failed: select the name and press Ctrl+C');
    }
    setTimeout(() => setFeedback(null), 2_000);
  }

  return (
    <div className="room-name">
      <span className="room-name__label">War room</span>
      {/* A read-only field: selectable by keyboard too, where the clipboard API is unavailable. */}
      <input
        className="room-name__value"
        aria-label="War-room name"
        readOnly
        value={name}
        size={name.length}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" className="button button--small" onClick={() => void copy()}>
        Copy war-room name
      </button>
      <span className="room-name__feedback" role="status">
        {feedback}
      </span>
    </div>
  );
}
