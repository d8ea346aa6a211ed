/**
 * Region "Role board": for the selected incident, the red checklist of uncovered required roles,
 * a card per role, subject matter experts and the people in the incident. Opening an incident
 * joins it, so this console appears among its participants.
 */
import { useEffect } from 'react';
import { useIncidents, useStatus } from '../app/context';
import { useRoleBoard, useRoleBoardsStore } from './hooks';
import { CustomRoleForm, People, Smes } from './People';
import { RoleCard } from './RoleCard';
import { useNudgeAlerts } from './nudges';
import { UncoveredChecklist } from './UncoveredRoles';
import './roles.css';

export function RoleBoardRegion() {
  const incident = useIncidents((s) => s.selected);
  const incidentId = incident?.id ?? null;
  const updatedAt = incident?.updatedAt ?? 0;
  const board = useRoleBoard(incidentId);
  useNudgeAlerts(board, incident?.name ?? '');
  const store = useRoleBoardsStore();
  const report = useStatus((s) => s.report);

  useEffect(() => {
    if (incidentId) store.getState().open(incidentId).catch(report);
  }, [incidentId, store, report]);

  // A changed incident (severity, or a reload after reconnecting) may mean a changed board.
  useEffect(() => {
    if (incidentId && updatedAt) store.getState().load(incidentId).catch(report);
  }, [incidentId, updatedAt, store, report]);

  if (!incidentId) return null;
  return (
    <section aria-label="Role board" className="region region--roles role-board">
      <header className="region__header">
        <h2>Role board</h2>
        {board && (
          <span className="region__meta">
            {board.severity} · {board.participants.length} people
          </span>
        )}
      </header>
      {!board ? (
        <p className="empty">Loading roles…</p>
      ) : (
        <div className="role-board__body">
          <UncoveredChecklist coverage={board.coverage} />
          <div className="role-board__cards">
            {board.roles.map((card) => (
              <RoleCard key={card.key} board={board} card={card} />
            ))}
          </div>
          <CustomRoleForm board={board} />
          <Smes board={board} />
          <People board={board} />
        </div>
      )}
    </section>
  );
}
