/**
 * Region "Peers": the room this console hosts (its join link, to copy and share), the rooms it
 * joined with their connection state and time since the last sync, a form to join a room from a
 * pasted link, which of those rooms share the open incident, and who is connected. Hosting while
 * an incident is open shares that incident into the new room.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { JoinStatus, PresencePeer } from '../../shared/contract/sync';
import { useApi, useIncidents, useStatus } from '../app/context';
import { copyText } from '../common/clipboard';
import { Age } from '../common/Age';
import { IncidentRooms } from './IncidentRooms';
import { syncStoreFor } from './store';
import './peers.css';

const STATE_LABELS: Record<JoinStatus['state'], string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  refused: 'Refused',
};

export function PeersRegion() {
  const api = useApi();
  const store = syncStoreFor(api);
  const status = useStore(store, (s) => s.status);
  const peers = useStore(store, (s) => s.peers);
  const report = useStatus((s) => s.report);
  const connected = useStatus((s) => s.connection.state === 'connected');
  const openIncidentId = useIncidents((s) => s.selectedId);

  useEffect(() => {
    // Pushes may have been missed while the bridge was down: read the whole state again.
    if (connected) store.getState().load().catch(report);
  }, [connected, store, report]);

  const run = (call: () => Promise<unknown>): void => void call().catch(report);
  const hosting = status?.hosting ?? null;

  return (
    <section aria-label="Peers" className="region region--peers peers">
      <header className="region__header">
        <h2>Peers</h2>
        <span className="region__meta">{peers.filter((p) => p.state === 'connected').length} connected</span>
      </header>

      <div className="peers__room">
        {hosting?.state === 'listening' && hosting.link ? (
          <>
            <label className="peers__label" htmlFor="peers-join-link">
              Join link of this console&apos;s room
            </label>
            <div className="peers__row">
              <input
                id="peers-join-link"
                readOnly
                value={hosting.link}
                aria-label="Room join link"
                onFocus={(e) => e.target.select()}
              />
              <button type="button" onClick={() => run(() => copyText(hosting.link ?? ''))}>
                Copy join link
              </button>
            </div>
            <div className="peers__row">
              <span className="peers__hint">
                Listening on {hosting.bindHost}:{hosting.port}, {hosting.connected} joined
              </span>
              <button type="button" onClick={() => run(() => api.stopHosting({}))}>
                Stop hosting
              </button>
            </div>
          </>
        ) : (
          <HostForm
            state={hosting?.state ?? null}
            error={hosting?.error ?? null}
            onHost={(lan) =>
              run(() =>
                api.hostRoom({
                  ...(lan ? { host: '0.0.0.0' } : {}),
                  // The incident the user is working on is what the new room is for.
                  ...(openIncidentId ? { share: [openIncidentId] } : {}),
                }),
              )
            }
          />
        )}
      </div>

      <JoinForm onJoin={(link) => api.joinRoom({ link })} />

      {status && status.joins.length > 0 && (
        <ul className="peers__joins" aria-label="Joined rooms">
          {status.joins.map((j) => (
            <li key={j.roomId} className={`peers__join peers__join--${j.state}`}>
              <span className="peers__state">{STATE_LABELS[j.state]}</span>
              <span className="peers__where">
                {j.host}:{j.port}
              </span>
              {j.lastSyncAt !== null && (
                <span className="peers__sync">
                  synced <Age since={j.lastSyncAt} label="last synced" /> ago
                </span>
              )}
              {j.error && j.state !== 'connected' && <span className="peers__error">{j.error}</span>}
              <button
                type="button"
                aria-label={`Leave room at ${j.host}:${j.port}`}
                onClick={() => run(() => api.leaveRoom({ roomId: j.roomId }))}
              >
                Leave
              </button>
            </li>
          ))}
        </ul>
      )}

      <IncidentRooms status={status} />

      {peers.length === 0 ? (
        <p className="empty">Nobody else is connected.</p>
      ) : (
        <ul className="peers__list" aria-label="Connected peers">
          {peers.map((p) => (
            <PeerRow key={p.peerId} peer={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PeerRow({ peer }: { readonly peer: PresencePeer }) {
  const how =
    peer.via === 'relay'
      ? `via ${peer.hops - 1} relay${peer.hops > 2 ? 's' : ''}`
      : peer.via === 'host'
        ? 'joined us'
        : 'host';
  return (
    <li className={`peers__peer peers__peer--${peer.state}`}>
      <span className="peers__name">{peer.displayName}</span>
      {peer.role && <span className="peers__role">{peer.role}</span>}
      <span className="peers__how">{how}</span>
      {peer.state === 'connected' ? (
        <span className="peers__state">online</span>
      ) : (
        <span className="peers__state">
          {peer.state}, seen <Age since={peer.lastSeen} label="last seen" /> ago
        </span>
      )}
    </li>
  );
}

function HostForm(props: {
  readonly state: 'starting' | 'listening' | 'error' | null;
  readonly error: string | null;
  readonly onHost: (lan: boolean) => void;
}) {
  const [lan, setLan] = useState(false);
  const host = (): void => {
    // Listening beyond this machine is a choice the user makes knowingly.
    if (lan && !window.confirm('Open a room on the local network? Anyone who gets the join link can connect.')) return;
    props.onHost(lan);
  };
  return (
    <div className="peers__row">
      <button type="button" onClick={host} disabled={props.state === 'starting'}>
        {props.state === 'starting' ? 'Starting…' : 'Host a room'}
      </button>
      <label className="peers__check">
        <input type="checkbox" checked={lan} onChange={(e) => setLan(e.target.checked)} /> Open to the local network
      </label>
      {props.error && (
        <span className="peers__error" role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}

function JoinForm({ onJoin }: { readonly onJoin: (link: string) => Promise<unknown> }) {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onJoin(link).then(
      () => {
        setLink('');
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <form className="peers__row peers__joinform" onSubmit={submit}>
      <input
        aria-label="Paste a join link"
        placeholder="warroom://host:port/room#key"
        value={link}
        onChange={(e) => setLink(e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" disabled={link.trim() === ''}>
        Join
      </button>
      {error && (
        <span className="peers__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
