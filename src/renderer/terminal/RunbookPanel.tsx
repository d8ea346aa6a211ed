/**
 * Runbooks beside the terminal: the ones that match the incident first, each step with "Paste to
 * terminal" (typed at the prompt, never run: the user presses Enter) and done / skipped / failed
 * marks that go to the timeline.
 */
import { useCallback, useEffect, useState } from 'react';
import type { WarroomApi } from '../../shared/api';
import {
  RUNBOOK_STEP_MARKS,
  type Runbook,
  type RunbookStepMark,
  type RunbookSummary,
} from '../../shared/domain/terminal';

export interface RunbookPanelProps {
  readonly api: WarroomApi;
  readonly incidentId: string;
  /** The terminal a step is pasted into; null when none is open and running. */
  readonly terminalId: string | null;
  readonly onError: (error: unknown) => void;
}

const MARK_LABELS: Record<RunbookStepMark, string> = { done: 'Done', skipped: 'Skipped', failed: 'Failed' };

export function RunbookPanel({ api, incidentId, terminalId, onError }: RunbookPanelProps) {
  const [list, setList] = useState<RunbookSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [loaded, setRunbook] = useState<Runbook | null>(null);

  useEffect(() => {
    let live = true;
    api.listRunbooks({ incidentId }).then(
      (runbooks) => {
        if (!live) return;
        setList(runbooks);
        setSelected((current) => current ?? (runbooks[0] && runbooks[0].score > 0 ? runbooks[0].id : null));
      },
      (error: unknown) => live && onError(error),
    );
    return () => {
      live = false;
    };
  }, [api, incidentId, onError]);

  const load = useCallback(
    (id: string) => {
      api.getRunbook({ id, incidentId }).then(setRunbook, onError);
    },
    [api, incidentId, onError],
  );

  useEffect(() => {
    if (selected) load(selected);
  }, [selected, load]);

  useEffect(
    () =>
      api.on('runbookStepMarked', (m) => {
        if (m.incidentId === incidentId && m.runbookId === selected) load(m.runbookId);
      }),
    [api, incidentId, selected, load],
  );

  // A runbook still loading for a new selection is not shown in place of the old one's steps.
  const runbook = loaded && loaded.id === selected ? loaded : null;
  const suggested = list?.filter((r) => r.score > 0) ?? [];
  const others = list?.filter((r) => r.score === 0) ?? [];

  return (
    <aside className="runbooks" aria-label="Runbooks">
      <label className="runbooks__pick">
        <span>Runbook</span>
        <select value={selected ?? ''} onChange={(e) => setSelected(e.target.value || null)}>
          <option value="">Choose a runbook…</option>
          {suggested.length > 0 && (
            <optgroup label="Suggested for this incident">
              {suggested.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={suggested.length > 0 ? 'Other runbooks' : 'Runbooks'}>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
                {r.source === 'user' ? ' (yours)' : ''}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {runbook && runbook.matched.length > 0 && (
        <p className="runbooks__why">Suggested because the incident mentions: {runbook.matched.join(', ')}</p>
      )}
      {runbook?.description && <p className="runbooks__description">{runbook.description}</p>}
      {runbook && (
        <ol className="runbooks__steps" aria-label={`Steps of ${runbook.title}`}>
          {runbook.steps.map((step) => {
            const mark = runbook.marks[step.index];
            return (
              <li key={step.index} className={`runbook-step${mark ? ` runbook-step--${mark}` : ''}`}>
                <h3 className="runbook-step__title">
                  {step.index + 1}. {step.title}
                  {mark && <span className="runbook-step__mark"> ({MARK_LABELS[mark]})</span>}
                </h3>
                {step.description && <p className="runbook-step__text">{step.description}</p>}
                <pre className="runbook-step__code">
                  <code>{step.code}</code>
                </pre>
                <div className="runbook-step__actions" role="group" aria-label={`Step ${step.index + 1} actions`}>
                  <button
                    type="button"
                    className="button button--small button--primary"
                    disabled={terminalId === null}
                    aria-label={`Paste step ${step.index + 1} to terminal`}
                    title={
                      terminalId === null
                        ? 'Open a terminal first'
                        : 'Types the command at the prompt; press Enter to run it'
                    }
                    onClick={() => {
                      if (terminalId) {
                        api.pasteRunbookStep({ terminalId, runbookId: runbook.id, step: step.index }).then(() => {
                          document
                            .querySelector<HTMLTextAreaElement>(
                              `[data-terminal-id="${terminalId}"] .xterm-helper-textarea`,
                            )
                            ?.focus();
                        }, onError);
                      }
                    }}
                  >
                    Paste to terminal
                  </button>
                  {RUNBOOK_STEP_MARKS.map((m) => (
                    <button
                      key={m}
                      type="button"
                      className="button button--small"
                      aria-pressed={mark === m}
                      aria-label={`Mark step ${step.index + 1} ${MARK_LABELS[m].toLowerCase()}`}
                      onClick={() =>
                        void api
                          .markRunbookStep({ incidentId, runbookId: runbook.id, step: step.index, mark: m })
                          .then(setRunbook, onError)
                      }
                    >
                      {MARK_LABELS[m]}
                    </button>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </aside>
  );
}
