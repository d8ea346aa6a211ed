/**
 * Required roles nobody holds: a red checklist at the top of the role board, and a one-line
 * summary in the incident header. A role uncovered past the reminder time (SEV1/2: 5 minutes)
 * is flagged for the IC.
 */
import { useEffect } from 'react';
import { dueNudges, type Coverage } from '../../shared/domain/roles';
import { formatAge } from '../common/format';
import { useNow } from '../common/useNow';
import { useRoleBoard, useRoleBoardsStore } from './hooks';

export function UncoveredChecklist({ coverage }: { readonly coverage: Coverage }) {
  const now = useNow();
  if (coverage.uncovered.length === 0) {
    return (
      <p className="coverage coverage--ok" role="status">
        ✓ All required roles covered
        {coverage.responders.have < coverage.responders.needed &&
          ` · ${coverage.responders.have} of ${coverage.responders.needed} responders (one person holds several roles)`}
      </p>
    );
  }
  const due = new Set(dueNudges(coverage, now).map((u) => u.key));
  return (
    <div className="coverage coverage--missing">
      <h3 id="uncovered-title">Uncovered required roles ({coverage.uncovered.length})</h3>
      <ul aria-labelledby="uncovered-title">
        {coverage.uncovered.map((u) => (
          <li key={u.key}>
            <span aria-hidden="true">☐ </span>
            <strong>{u.label}</strong>
            <span className="coverage__age"> · uncovered {formatAge(now - u.uncoveredSince)}</span>
            {due.has(u.key) && <span className="coverage__nudge"> · IC: assign now</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** For the incident header: loads the board itself, so it works wherever it is placed. */
export function UncoveredSummary({ incidentId }: { readonly incidentId: string }) {
  const board = useRoleBoard(incidentId);
  const store = useRoleBoardsStore();
  useEffect(() => {
    if (!store.getState().boards[incidentId])
      void store
        .getState()
        .load(incidentId)
        .catch(() => undefined);
  }, [incidentId, store]);
  if (!board || board.coverage.uncovered.length === 0) return null;
  const labels = board.coverage.uncovered.map((u) => u.label).join(', ');
  return (
    <p className="uncovered-summary" aria-label="Uncovered roles">
      <span aria-hidden="true">⚠ </span>Uncovered: {labels}
    </p>
  );
}
