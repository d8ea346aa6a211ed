/**
 * The people of an incident (draggable onto role cards), subject matter experts by domain, and
 * adding a person or a custom role by name.
 */
import { useState, type FormEvent } from 'react';
import type { RoleBoard } from '../../shared/domain/roles';
import { formatAge } from '../common/format';
import { useNow } from '../common/useNow';
import { useApi, useStatus } from '../app/context';
import { nameOf, participantLabel, useRoleAction, useRoleBoardsStore } from './hooks';
import { PersonPicker, type PersonChoice } from './PersonPicker';
import { PresenceBadge } from './Presence';
import { PARTICIPANT_DRAG_TYPE } from './RoleCard';

export function People({ board }: { readonly board: RoleBoard }) {
  const api = useApi();
  const report = useStatus((s) => s.report);
  const store = useRoleBoardsStore();
  const [name, setName] = useState('');

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      await api.addParticipant({ incidentId: board.incidentId, name: trimmed });
      setName('');
      await store.getState().load(board.incidentId);
    } catch (error) {
      report(error);
    }
  }

  return (
    <section className="people" aria-label="People">
      <h3>People ({board.participants.length})</h3>
      <ul className="people__list">
        {board.participants.map((p) => (
          <li
            key={p.id}
            className="chip"
            draggable
            title="Drag onto a role to assign"
            onDragStart={(e) => {
              e.dataTransfer.setData(PARTICIPANT_DRAG_TYPE, p.id);
              e.dataTransfer.effectAllowed = 'link';
            }}
          >
            {participantLabel(p)}
            {p.peerId === null && <span className="muted"> · no console yet</span>}
            <PresenceBadge participant={p} />
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <input
          type="text"
          aria-label="Add person by name"
          placeholder="Add person by name"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!name.trim()}>
          Add person
        </button>
      </form>
    </section>
  );
}

export function Smes({ board }: { readonly board: RoleBoard }) {
  const act = useRoleAction();
  const now = useNow();
  const [who, setWho] = useState<PersonChoice | null>(null);
  const [domain, setDomain] = useState('');
  const [pickerKey, setPickerKey] = useState(0);
  const ic = board.roles.find((r) => r.key === 'incident_commander')?.holderId ?? null;

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!who || !domain.trim()) return;
    if (await act((api) => api.addSme({ incidentId: board.incidentId, ...who, domain }))) {
      setDomain('');
      setWho(null);
      setPickerKey((k) => k + 1);
    }
  }

  return (
    <section className="smes" aria-label="Subject matter experts">
      <h3>Subject matter experts</h3>
      {board.smes.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {board.smes.map((s) => {
            const mayRemove = board.me !== null && (board.me === s.participantId || board.me === ic);
            return (
              <li key={`${s.participantId}/${s.domain}`}>
                <strong>{nameOf(board, s.participantId)}</strong> · {s.domain}{' '}
                <span className="muted">· on duty {formatAge(now - s.since)}</span>{' '}
                {mayRemove && (
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    onClick={() =>
                      void act((api) =>
                        api.removeSme({
                          incidentId: board.incidentId,
                          participantId: s.participantId,
                          domain: s.domain,
                        }),
                      )
                    }
                  >
                    Remove {nameOf(board, s.participantId)} as {s.domain} SME
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <PersonPicker key={pickerKey} label="SME" participants={board.participants} onChange={setWho} />
        <input
          type="text"
          aria-label="SME domain"
          placeholder="Domain, e.g. database"
          maxLength={60}
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!who || !domain.trim()}>
          Add SME
        </button>
      </form>
    </section>
  );
}

export function CustomRoleForm({ board }: { readonly board: RoleBoard }) {
  const act = useRoleAction();
  const [label, setLabel] = useState('');
  const [who, setWho] = useState<PersonChoice | null>(null);
  const [pickerKey, setPickerKey] = useState(0);

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!who || !label.trim()) return;
    if (await act((api) => api.assignRole({ incidentId: board.incidentId, role: label, ...who }))) {
      setLabel('');
      setWho(null);
      setPickerKey((k) => k + 1);
    }
  }

  return (
    <form className="inline-form custom-role" aria-label="Add a custom role" onSubmit={(e) => void add(e)}>
      <input
        type="text"
        aria-label="Custom role name"
        placeholder="Custom role, e.g. Customer Liaison"
        maxLength={60}
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <PersonPicker
        key={pickerKey}
        label="Person for the custom role"
        participants={board.participants}
        onChange={setWho}
      />
      <button type="submit" className="button button--small" disabled={!who || !label.trim()}>
        Add role
      </button>
    </form>
  );
}
