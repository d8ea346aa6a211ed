/** Hooks between role components and the role-board cache. */
import { useCallback } from 'react';
import { useStore } from 'zustand';
import type { WarroomApi } from '../../shared/api';
import type { Participant, RoleBoard } from '../../shared/domain/roles';
import { useApi, useStatus } from '../app/context';
import { roleBoardsFor } from './store';

export function useRoleBoard(incidentId: string | null): RoleBoard | null {
  const store = roleBoardsFor(useApi());
  return useStore(store, (s) => (incidentId ? (s.boards[incidentId] ?? null) : null));
}

export function useRoleBoardsStore(): ReturnType<typeof roleBoardsFor> {
  return roleBoardsFor(useApi());
}

/**
 * Run a role intent against the service. Resolves true once the new board is cached; on a
 * refusal the service's message goes to the console's alert region and it resolves false.
 */
export function useRoleAction(): (call: (api: WarroomApi) => Promise<RoleBoard>) => Promise<boolean> {
  const api = useApi();
  const report = useStatus((s) => s.report);
  return useCallback(
    async (call) => {
      try {
        await roleBoardsFor(api)
          .getState()
          .run(() => call(api));
        return true;
      } catch (error) {
        report(error);
        return false;
      }
    },
    [api, report],
  );
}

export function nameOf(board: RoleBoard, participantId: string | null): string {
  if (participantId === null) return 'nobody';
  const p = board.participants.find((x) => x.id === participantId);
  if (!p) return 'someone not yet synced';
  return p.isMe ? `${p.name} (you)` : p.name;
}

export function participantLabel(p: Participant): string {
  const extra = [p.handle, p.contact].filter(Boolean).join(', ');
  const who = p.isMe ? `${p.name} (you)` : p.name;
  return extra ? `${who} — ${extra}` : who;
}
