/**
 * Choose a person for a role: a participant of the incident, or a new person typed by name
 * (someone without a console yet). Plain <select> and <input>, so the keyboard path is native.
 */
import { useId, useState } from 'react';
import type { Participant } from '../../shared/domain/roles';
import { participantLabel } from './hooks';

export type PersonChoice = { readonly participantId: string } | { readonly name: string };

const NEW = '__new__';

export interface PersonPickerProps {
  /** Accessible name of the select, e.g. "Person for Scribe". */
  readonly label: string;
  readonly participants: readonly Participant[];
  /** Hidden from the options (e.g. the current holder). */
  readonly exclude?: string | null;
  readonly onChange: (choice: PersonChoice | null) => void;
  readonly autoFocus?: boolean;
}

export function PersonPicker({ label, participants, exclude, onChange, autoFocus }: PersonPickerProps) {
  const [selected, setSelected] = useState('');
  const [name, setName] = useState('');
  const nameId = useId();

  const choose = (value: string): void => {
    setSelected(value);
    if (value === '') onChange(null);
    else if (value === NEW) onChange(name.trim() ? { name: name.trim() } : null);
    else onChange({ participantId: value });
  };

  return (
    <span className="person-picker">
      <select
        aria-label={label}
        value={selected}
        onChange={(e) => choose(e.target.value)}
        {...(autoFocus ? { 'data-autofocus': true } : {})}
      >
        <option value="">Choose a person…</option>
        {participants
          .filter((p) => p.id !== exclude)
          .map((p) => (
            <option key={p.id} value={p.id}>
              {participantLabel(p)}
            </option>
          ))}
        <option value={NEW}>+ Add person by name…</option>
      </select>
      {selected === NEW && (
        <input
          id={nameId}
          type="text"
          aria-label={`New person's name (${label})`}
          placeholder="Name"
          maxLength={80}
          value={name}
          autoFocus
          onChange={(e) => {
            setName(e.target.value);
            onChange(e.target.value.trim() ? { name: e.target.value.trim() } : null);
          }}
        />
      )}
    </span>
  );
}
