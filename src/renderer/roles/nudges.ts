/**
 * The reminder about uncovered required roles (SEV1/2, after 5 minutes), made loud once per role
 * and uncovered stretch on the console that should act (nudgesFor): a beep and a desktop
 * notification, besides the flag on the board.
 */
import { useEffect } from 'react';
import { nudgesFor, type RoleBoard } from '../../shared/domain/roles';
import { beep, notifyDesktop } from '../common/alerts';
import { formatAge } from '../common/format';
import { useNow } from '../common/useNow';

/** incident:role:uncoveredSince of every reminder raised in this page, so each is raised once. */
const raised = new Set<string>();

export function useNudgeAlerts(board: RoleBoard | null, incidentName: string): void {
  const now = useNow();
  useEffect(() => {
    if (!board) return;
    const fresh = nudgesFor(board, now).filter((u) => !raised.has(`${board.incidentId}:${u.key}:${u.uncoveredSince}`));
    if (fresh.length === 0) return;
    for (const u of fresh) raised.add(`${board.incidentId}:${u.key}:${u.uncoveredSince}`);
    beep(2);
    const roles = fresh.map((u) => `${u.label} (uncovered ${formatAge(now - u.uncoveredSince)})`).join(', ');
    notifyDesktop(`Warroom: ${board.severity} ${incidentName}`, `Assign now: ${roles}`, `${board.incidentId}:nudge`);
  }, [board, incidentName, now]);
}
