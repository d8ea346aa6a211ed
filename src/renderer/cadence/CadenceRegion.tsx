/**
 * Region "Update cadence": the countdown to the next stakeholder update for the selected
 * incident, who got the last one, pause/snooze and override, and the escalation deadlines.
 * Everything shown is evaluated locally from the replicated facts, so every console agrees.
 */
import { useState } from 'react';
import { AUDIENCE_LABELS, AUDIENCES, type CadenceView, type EscalationView } from '../../shared/domain/cadence';
import type { CadenceSnapshot } from '../../shared/contract/cadence';
import type { Incident } from '../../shared/domain/incident';
import { useIncidents } from '../app/context';
import { formatAge } from '../common/format';
import { CadenceControls, CadenceSettings } from './CadenceControls';
import { useCadence } from './hooks';
import { UpdateComposer } from './UpdateComposer';
import { cadenceLine, clockText, escalationMark, stateLabel } from './view';
import './cadence.css';

export const timeOfDay = (ms: number): string =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });

export function CadenceRegion() {
  const incident = useIncidents((s) => s.selected);
  const live = useCadence(incident?.id ?? null, incident?.updatedAt ?? 0);
  const [composing, setComposing] = useState(false);

  if (!incident) return null;
  return (
    <section aria-label="Update cadence" className="region region--cadence cadence">
      <header className="region__header">
        <h2>Update cadence</h2>
        {live && <span className="region__meta">{cadenceLine(live.view)}</span>}
      </header>
      {!live ? (
        <p className="empty">Loading cadence…</p>
      ) : (
        <CadenceBody
          incident={incident}
          snapshot={live.snapshot}
          view={live.view}
          now={live.now}
          onCompose={() => setComposing(true)}
        />
      )}
      {composing && <UpdateComposer incident={incident} onClose={() => setComposing(false)} />}
    </section>
  );
}

interface BodyProps {
  readonly incident: Incident;
  readonly snapshot: CadenceSnapshot;
  readonly view: CadenceView;
  readonly now: number;
  readonly onCompose: () => void;
}

function CadenceBody({ incident, snapshot, view, now, onCompose }: BodyProps) {
  const loud = view.state === 'overdue';
  return (
    <div className={`cadence__body cadence--${view.state}`}>
      {snapshot.policyProblem && (
        <p className="cadence__problem">Policy file unusable, built-in defaults apply: {snapshot.policyProblem}</p>
      )}
      {loud && (
        <p className="cadence__banner" role="alert">
          Stakeholder update overdue
          <button type="button" className="button button--small" onClick={onCompose}>
            Post now
          </button>
        </p>
      )}
      <div className="cadence__clock-row">
        <p className="cadence__clock" role="timer" aria-label="Time to next update" aria-live="off">
          {clockText(view)}
        </p>
        <div className="cadence__state">
          <span className="cadence__state-label" data-state={view.state}>
            {stateLabel(view)}
          </span>
          {view.deadline !== null && view.state !== 'paused' && (
            <span className="cadence__due">Next update by {timeOfDay(view.deadline)}</span>
          )}
        </div>
      </div>
      {view.pause && (
        <p className="cadence__pause">
          {view.pause.until ? `Snoozed until ${timeOfDay(view.pause.until)}` : 'Paused'} by {view.pause.by}:{' '}
          <q>{view.pause.reason}</q>
        </p>
      )}
      {view.reminder && <p className="cadence__reminder">{view.reminder}</p>}
      <CadenceControls incident={incident} view={view} onCompose={onCompose} />
      <Escalations escalations={view.escalations} now={now} />
      <ul className="cadence__audiences" aria-label="Audiences">
        {AUDIENCES.map((a) => {
          const last = snapshot.facts.lastUpdateByAudience[a];
          return (
            <li key={a} className={`chip ${last === null ? 'chip--never' : ''}`}>
              <span className="chip__label">{AUDIENCE_LABELS[a]}</span>
              <span className="chip__age">{last === null ? 'never' : `${formatAge(now - last)} ago`}</span>
            </li>
          );
        })}
      </ul>
      <CadenceSettings incident={incident} overrideMs={snapshot.facts.settings.overrideMs} />
    </div>
  );
}

function Escalations({ escalations, now }: { readonly escalations: readonly EscalationView[]; readonly now: number }) {
  if (escalations.length === 0) return <p className="cadence__none">No escalation deadlines for this severity.</p>;
  return (
    <>
      <h3 className="cadence__subhead">Escalation deadlines</h3>
      <ul className="cadence__escalations" aria-label="Escalation deadlines">
        {escalations.map((e) => {
          const mark = escalationMark(e, now, timeOfDay);
          return (
            <li key={e.id} className={`escalation escalation--${e.state}`}>
              <span className="escalation__mark" aria-hidden="true">
                {mark.symbol}
              </span>
              <span className="escalation__label">{e.label}</span>
              <span className="escalation__state">{mark.word}</span>
              <span className="escalation__detail">{mark.detail}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
