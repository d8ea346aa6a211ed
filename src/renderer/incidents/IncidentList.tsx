/** The "Incidents" region: active incidents first (compareForList), one row per incident. */
import { useMemo, type KeyboardEvent } from 'react';
import { compareForList, isActive } from '../../shared/domain/incident';
import { useIncidents } from '../app/context';
import { Age } from '../common/Age';
import { SeverityBadge, StatusChip } from './badges';

export function IncidentList() {
  const summaries = useIncidents((s) => s.summaries);
  const loaded = useIncidents((s) => s.loaded);
  const selectedId = useIncidents((s) => s.selectedId);
  const select = useIncidents((s) => s.select);
  const sorted = useMemo(() => Object.values(summaries).sort(compareForList), [summaries]);
  const activeCount = sorted.filter((s) => isActive(s.status)).length;

  return (
    <section aria-label="Incidents" className="region region--incidents">
      <header className="region__header">
        <h2>Incidents</h2>
        <span className="region__meta">{activeCount} active</span>
      </header>
      {!loaded ? (
        <p className="empty">Loading…</p>
      ) : sorted.length === 0 ? (
        <p className="empty">
          No incidents. Press <kbd>N</kbd> to declare one.
        </p>
      ) : (
        <ul className="incident-list" onKeyDown={moveFocus}>
          {sorted.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={isActive(s.status) ? 'incident-row' : 'incident-row incident-row--inactive'}
                aria-current={s.id === selectedId ? 'true' : undefined}
                onClick={() => void select(s.id)}
              >
                <SeverityBadge severity={s.severity} />
                <span className="incident-row__title">{s.title}</span>
                <StatusChip status={s.status} />
                <Age since={s.createdAt} label="declared" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Up/Down move between rows, Home/End jump to the ends: the list reads like a list. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.incident-row')];
  const at = rows.indexOf(document.activeElement as HTMLButtonElement);
  const last = rows.length - 1;
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? last
        : Math.min(last, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)));
  rows[next]?.focus();
  event.preventDefault();
}
