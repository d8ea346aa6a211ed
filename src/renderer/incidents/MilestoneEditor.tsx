/** Milestone times, each editable, stampable with "now" and clearable. Times are local. */
import { useState, type KeyboardEvent } from 'react';
import { MILESTONES, MILESTONE_LABELS, type Incident, type Milestone } from '../../shared/domain/incident';
import { useIncidents } from '../app/context';
import { fromDateTimeLocal, toDateTimeLocal } from '../common/format';

export function MilestoneEditor({ incident }: { readonly incident: Incident }) {
  return (
    <section aria-label="Milestones" className="milestones">
      <h3>Milestones</h3>
      <ul>
        {MILESTONES.map((m) => (
          <MilestoneRow key={m} incidentId={incident.id} milestone={m} at={incident.milestones[m]} />
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  readonly incidentId: string;
  readonly milestone: Milestone;
  readonly at: number | null;
}

function MilestoneRow({ incidentId, milestone, at }: RowProps) {
  const setMilestone = useIncidents((s) => s.setMilestone);
  // While the user edits, the input shows their draft; it is committed on blur or Enter.
  const [draft, setDraft] = useState<string | null>(null);
  const label = MILESTONE_LABELS[milestone];
  const shown = draft ?? (at === null ? '' : toDateTimeLocal(at));

  function commit(input: HTMLInputElement): void {
    if (draft === null) return;
    setDraft(null);
    // A half-typed date reads as '' with badInput set: that is not a request to clear.
    if (input.validity.badInput) return;
    const next = draft === '' ? null : fromDateTimeLocal(draft);
    if (draft !== '' && next === null) return;
    if (next !== at) void setMilestone(incidentId, milestone, next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(event.currentTarget);
    } else if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
    }
  }

  return (
    <li className={at === null ? 'milestone milestone--unset' : 'milestone'}>
      <label className="milestone__label">
        <span>{label}</span>
        <input
          type="datetime-local"
          step={1}
          value={shown}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={(e) => commit(e.currentTarget)}
          onKeyDown={onKeyDown}
        />
      </label>
      <button
        type="button"
        className="button button--small"
        aria-label={`Set ${label} to now`}
        onClick={() => void setMilestone(incidentId, milestone, Date.now())}
      >
        Now
      </button>
      <button
        type="button"
        className="button button--small button--ghost"
        aria-label={`Clear ${label}`}
        disabled={at === null}
        onClick={() => void setMilestone(incidentId, milestone, null)}
      >
        Clear
      </button>
    </li>
  );
}
