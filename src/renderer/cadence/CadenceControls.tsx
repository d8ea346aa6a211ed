/**
 * The cadence region's controls: post, pause/snooze with a reason, resume; and, folded away, the
 * per-incident override and this console's alert settings.
 */
import { useState, type FormEvent } from 'react';
import { formatInterval, overrideProblem, parseDuration, type CadenceView } from '../../shared/domain/cadence';
import type { Incident } from '../../shared/domain/incident';
import { useCadenceAction } from './hooks';
import {
  notificationAccess,
  requestNotifications,
  setSoundEnabled,
  soundEnabled,
  type NotificationAccess,
} from '../common/alerts';

const SNOOZES: readonly { readonly label: string; readonly ms: number | null }[] = [
  { label: 'Until resumed', ms: null },
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
  { label: '30 min', ms: 30 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
];

interface ControlsProps {
  readonly incident: Incident;
  readonly view: CadenceView;
  readonly onCompose: () => void;
}

export function CadenceControls({ incident, view, onCompose }: ControlsProps) {
  const run = useCadenceAction();
  const [pausing, setPausing] = useState(false);
  const [reason, setReason] = useState('');
  const [snooze, setSnooze] = useState(0);
  const id = incident.id;

  const pause = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const forMs = SNOOZES[snooze]?.ms ?? null;
    const ok = await run((api) => api.pauseCadence({ incidentId: id, reason, ...(forMs === null ? {} : { forMs }) }));
    if (ok) {
      setPausing(false);
      setReason('');
    }
  };

  return (
    <div className="cadence__controls">
      <button type="button" className="button button--primary" onClick={onCompose}>
        Post update
      </button>
      {view.state === 'paused' ? (
        <button
          type="button"
          className="button"
          onClick={() => void run((api) => api.resumeCadence({ incidentId: id }))}
        >
          Resume countdown
        </button>
      ) : (
        !pausing && (
          <button type="button" className="button" disabled={view.intervalMs === null} onClick={() => setPausing(true)}>
            Pause countdown
          </button>
        )
      )}
      {pausing && view.state !== 'paused' && (
        <form className="cadence__form" onSubmit={(e) => void pause(e)} aria-label="Pause countdown">
          <label className="field">
            <span>Pause reason</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              required
              placeholder="e.g. waiting for the vendor bridge"
              autoFocus
            />
          </label>
          <label className="field">
            <span>Pause for</span>
            <select value={snooze} onChange={(e) => setSnooze(Number(e.target.value))}>
              {SNOOZES.map((s, i) => (
                <option key={s.label} value={i}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <div className="cadence__form-buttons">
            <button type="submit" className="button" disabled={reason.trim() === ''}>
              Pause
            </button>
            <button type="button" className="button button--ghost" onClick={() => setPausing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

interface SettingsProps {
  readonly incident: Incident;
  readonly overrideMs: number | null;
}

export function CadenceSettings({ incident, overrideMs }: SettingsProps) {
  const run = useCadenceAction();
  const [override, setOverride] = useState('');
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const [sound, setSound] = useState(soundEnabled);
  const [access, setAccess] = useState<NotificationAccess>(notificationAccess);
  // Open from the start when an override is in force, so it is never a surprise.
  const [open, setOpen] = useState(overrideMs !== null);
  const id = incident.id;
  const errorId = `override-error-${id}`;

  const applyOverride = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = parseDuration(override);
    // Checked here for an instant message; the service checks again and has the last word.
    const problem = parsed.ok ? overrideProblem(parsed.ms) : parsed.error;
    setOverrideError(problem);
    if (problem !== null || !parsed.ok) return;
    if (await run((api) => api.setCadenceOverride({ incidentId: id, intervalMs: parsed.ms }))) setOverride('');
  };

  return (
    <details className="cadence__settings" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Override and alerts</summary>
      <form className="cadence__form cadence__form--inline" onSubmit={(e) => void applyOverride(e)}>
        <label className="field">
          <span>Cadence override</span>
          <input
            value={override}
            onChange={(e) => {
              setOverride(e.target.value);
              setOverrideError(null);
            }}
            placeholder={overrideMs === null ? 'e.g. 5m, 90s' : `now ${formatInterval(overrideMs)}`}
            aria-invalid={overrideError !== null}
            aria-describedby={overrideError ? errorId : undefined}
          />
        </label>
        <button type="submit" className="button button--small" disabled={override.trim() === ''}>
          Set override
        </button>
        {overrideMs !== null && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => void run((api) => api.setCadenceOverride({ incidentId: id, intervalMs: null }))}
          >
            Clear override
          </button>
        )}
        {overrideError && (
          <p className="cadence__error" id={errorId} role="alert">
            {overrideError}
          </p>
        )}
      </form>
      <div className="cadence__prefs">
        <label className="check">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSoundEnabled(e.target.checked);
              setSound(e.target.checked);
            }}
          />
          Sound
        </label>
        {access === 'default' && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => void requestNotifications().then(setAccess)}
          >
            Enable desktop notifications
          </button>
        )}
      </div>
    </details>
  );
}
