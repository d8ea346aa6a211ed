/**
 * Which of this console's rooms share the open incident, with a button to share it into the
 * others: a room's peers see only the incidents shared in it (docs/sync.md, "Rooms").
 */
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../shared/contract/sync';
import { useApi, useIncidents, useStatus } from '../app/context';

interface ConsoleRoom {
  readonly roomId: string;
  /** What the list shows, and what the share button's name says ("Share to …"). */
  readonly label: string;
  readonly target: string;
}

/**
 * The rooms this console is in: the one it hosts (unless hosting failed), then those it joined
 * (a relay may host the very room it joined: listed once).
 */
function roomsOf(status: SyncStatus | null): ConsoleRoom[] {
  if (!status) return [];
  const rooms: ConsoleRoom[] = [];
  const { hosting } = status;
  if (hosting && hosting.state !== 'error') {
    rooms.push({ roomId: hosting.roomId, label: "This console's room", target: "this console's room" });
  }
  for (const j of status.joins) {
    if (rooms.some((r) => r.roomId === j.roomId)) continue;
    rooms.push({ roomId: j.roomId, label: `Room at ${j.host}:${j.port}`, target: `room at ${j.host}:${j.port}` });
  }
  return rooms;
}

export function IncidentRooms({ status }: { readonly status: SyncStatus | null }) {
  const api = useApi();
  const report = useStatus((s) => s.report);
  const incidentId = useIncidents((s) => s.selectedId);
  const [shared, setShared] = useState<{ readonly incidentId: string; readonly rooms: readonly string[] } | null>(null);

  // Every status push may mean an incident joined a room: read the open incident's rooms again.
  useEffect(() => {
    if (!incidentId) return;
    let current = true;
    api.incidentRooms({ incidentId }).then((rooms) => {
      if (current) setShared({ incidentId, rooms });
    }, report);
    return () => {
      current = false;
    };
  }, [api, report, incidentId, status]);

  const rooms = roomsOf(status);
  if (!incidentId || rooms.length === 0 || shared?.incidentId !== incidentId) return null;

  const share = (roomId: string): void =>
    void api.shareIncident({ incidentId, roomId }).then((ids) => setShared({ incidentId, rooms: ids }), report);
  const isShared = (roomId: string): boolean => shared.rooms.includes(roomId);

  return (
    <div className="peers__incident">
      <h3 className="peers__label" id="peers-incident-rooms">
        This incident is shared in
      </h3>
      {!rooms.some((r) => isShared(r.roomId)) && (
        <p className="peers__warning">Not shared: peers in your rooms cannot see this incident</p>
      )}
      <ul className="peers__rooms" aria-labelledby="peers-incident-rooms">
        {rooms.map((r) => (
          <li key={r.roomId} className="peers__roomitem">
            <span className="peers__where">{r.label}</span>
            {isShared(r.roomId) ? (
              <span className="peers__shared">Shared</span>
            ) : (
              <button type="button" aria-label={`Share to ${r.target}`} onClick={() => share(r.roomId)}>
                Share to this room
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
