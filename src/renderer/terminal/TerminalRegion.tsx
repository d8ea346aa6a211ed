/**
 * Region "Terminal": local shells for the selected incident, in tabs, with the runbook panel
 * beside them. Commands finished in a tab go to the timeline while its "Record commands to
 * timeline" box is ticked. Terminals are local only: a console that is not the local user's
 * (browser on a non-loopback serve) gets a refusal, shown as such.
 */
import { downloadText } from '../common/download';
import { useCallback, useEffect, useState } from 'react';
import type { WarroomApi } from '../../shared/api';
import { safeLinkTarget, type TerminalInfo } from '../../shared/domain/terminal';
import { useApi, useIncidents, useStatus } from '../app/context';
import { Dialog } from '../common/Dialog';
import { RunbookPanel } from './RunbookPanel';
import { XtermView } from './XtermView';
import './terminal.css';

export function TerminalRegion() {
  const api = useApi();
  const incident = useIncidents((s) => s.selected);
  const report = useStatus((s) => s.report);
  if (!incident) return null;
  // Keyed by incident: tabs belong to one incident.
  return <TerminalPane key={incident.id} api={api} incidentId={incident.id} onError={report} />;
}

interface PaneProps {
  readonly api: WarroomApi;
  readonly incidentId: string;
  readonly onError: (error: unknown) => void;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function upsert(list: readonly TerminalInfo[], info: TerminalInfo): TerminalInfo[] {
  const i = list.findIndex((t) => t.id === info.id);
  if (i < 0) return [...list, info];
  const next = [...list];
  next[i] = info;
  return next;
}

function TerminalPane({ api, incidentId, onError }: PaneProps) {
  const [terminals, setTerminals] = useState<TerminalInfo[] | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  const fail = useCallback(
    (error: unknown) => {
      if (errorCode(error) === 'unauthorized') setRefused(error instanceof Error ? error.message : String(error));
      else onError(error);
    },
    [onError],
  );

  useEffect(() => {
    let live = true;
    api.listTerminals({ incidentId }).then(
      (list) => {
        if (!live) return;
        setTerminals((current) => list.reduce(upsert, current ?? []));
        setActiveId((current) => current ?? list[0]?.id ?? null);
      },
      (error: unknown) => live && fail(error),
    );
    const off = api.on('terminalChanged', (info) => {
      if (info.incidentId === incidentId) setTerminals((current) => upsert(current ?? [], info));
    });
    return () => {
      live = false;
      off();
    };
  }, [api, incidentId, fail]);

  const open = (): void => {
    setOpening(true);
    api
      .openTerminal({ incidentId, cols: 80, rows: 24 })
      .then((info) => {
        setTerminals((current) => upsert(current ?? [], info));
        setActiveId(info.id);
      }, fail)
      .finally(() => setOpening(false));
  };

  const close = (id: string): void => {
    api.closeTerminal({ id }).then(() => {
      setTerminals((current) => {
        const next = (current ?? []).filter((t) => t.id !== id);
        setActiveId((a) => (a === id ? (next.at(-1)?.id ?? null) : a));
        return next;
      });
    }, fail);
  };

  // The box flips at once (a controlled box would otherwise snap back until the round trip
  // ends) and returns to what the terminal reports if the change is refused.
  const setRecording = (id: string, recordCommands: boolean): void => {
    const mark = (value: boolean) =>
      setTerminals((current) => (current ?? []).map((t) => (t.id === id ? { ...t, recordCommands: value } : t)));
    mark(recordCommands);
    api.setCommandRecording({ id, recordCommands }).then(
      (next) => setTerminals((current) => upsert(current ?? [], next)),
      (error: unknown) => {
        mark(!recordCommands);
        fail(error);
      },
    );
  };

  const onLink = useCallback((uri: string) => {
    const target = safeLinkTarget(uri);
    if (target) setLink(target);
  }, []);

  if (refused) {
    // No shells here: as short as an empty pane (what the :has() rule it replaced gave it too).
    return (
      <section aria-label="Terminal" className="region region--terminal terminal terminal--empty">
        <header className="region__header">
          <h2>Terminal</h2>
        </header>
        <p className="empty" role="note">
          {refused}
        </p>
      </section>
    );
  }

  const active = terminals?.find((t) => t.id === activeId) ?? null;
  const running = active && active.exit === null ? active.id : null;

  // A class, not a :has() rule: every row the view draws would re-run :has() up the page.
  const empty = !terminals || terminals.length === 0 ? ' terminal--empty' : '';
  return (
    <section aria-label="Terminal" className={`region region--terminal terminal${empty}`}>
      <header className="region__header terminal__header">
        <h2>Terminal</h2>
        <div className="terminal__tabs" role="tablist" aria-label="Terminals">
          {terminals?.map((t) => (
            <span key={t.id} className={`terminal__tab${t.id === activeId ? ' terminal__tab--active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`terminal-tab-${t.id}`}
                aria-selected={t.id === activeId}
                aria-controls={`terminal-panel-${t.id}`}
                className="terminal__tab-button"
                onClick={() => setActiveId(t.id)}
              >
                {t.title}
                {t.exit ? ' (exited)' : ''}
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={`Close terminal ${t.title}`}
                onClick={() => close(t.id)}
              >
                ✕
              </button>
            </span>
          ))}
        </div>
        <button type="button" className="button button--small" disabled={opening} onClick={open}>
          New terminal
        </button>
      </header>
      {active && (
        <div className="terminal__toolbar">
          <label className="terminal__record">
            <input
              type="checkbox"
              checked={active.recordCommands}
              disabled={!active.shellIntegration}
              onChange={(e) => setRecording(active.id, e.target.checked)}
            />
            Record commands to timeline
          </label>
          {!active.shellIntegration && (
            <span className="region__meta">no shell integration: commands are not recorded</span>
          )}
          <span className="region__meta terminal__cwd" title={active.cwd}>
            {active.cwd}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              void api
                .exportTranscript({ incidentId, id: active.id })
                .then((t) => downloadText(t.fileName, t.text), fail)
            }
          >
            Export transcript
          </button>
        </div>
      )}
      <div className="terminal__body">
        <div className="terminal__views">
          {terminals === null ? (
            <p className="empty">Loading terminals…</p>
          ) : terminals.length === 0 ? (
            <p className="empty">
              No terminal yet. “New terminal” opens your shell here; commands you run can go to the timeline.
            </p>
          ) : (
            terminals.map((t) => (
              <div
                key={t.id}
                role="tabpanel"
                id={`terminal-panel-${t.id}`}
                aria-labelledby={`terminal-tab-${t.id}`}
                className="terminal__panel"
                hidden={t.id !== activeId}
              >
                <XtermView api={api} info={t} active={t.id === activeId} onLink={onLink} onError={fail} />
              </div>
            ))
          )}
        </div>
        <RunbookPanel api={api} incidentId={incidentId} terminalId={running} onError={fail} />
      </div>
      {link && (
        <Dialog title="Open link?" onClose={() => setLink(null)}>
          <p>A terminal printed this link. Open it in your browser?</p>
          <p className="terminal__link">
            <code>{link}</code>
          </p>
          <div className="terminal__link-actions">
            <button type="button" className="button" onClick={() => setLink(null)} data-autofocus>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                window.open(link, '_blank', 'noopener,noreferrer');
                setLink(null);
              }}
            >
              Open link
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
