/**
 * The handoff brief: what the incoming holder needs to take over. Submitting starts a pending
 * handoff; the outgoing holder keeps the role until the incoming one acknowledges.
 */
import { useState, type FormEvent } from 'react';
import type { RoleBoard, RoleCard } from '../../shared/domain/roles';
import { Dialog } from '../common/Dialog';
import { fromDateTimeLocal } from '../common/format';
import { useRoleAction } from './hooks';
import { PersonPicker, type PersonChoice } from './PersonPicker';

export function HandoffDialog({
  board,
  card,
  onClose,
}: {
  readonly board: RoleBoard;
  readonly card: RoleCard;
  readonly onClose: () => void;
}) {
  const act = useRoleAction();
  const [to, setTo] = useState<PersonChoice | null>(null);
  const [currentState, setCurrentState] = useState('');
  const [openActions, setOpenActions] = useState('');
  const [nextUpdate, setNextUpdate] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const nextUpdateDue = nextUpdate ? fromDateTimeLocal(nextUpdate) : null;
  const problem = !to
    ? 'Choose the incoming holder'
    : !currentState.trim()
      ? 'Describe the current state'
      : nextUpdate && nextUpdateDue === null
        ? 'Next update due is not a valid time'
        : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (problem || !to) return;
    setBusy(true);
    const ok = await act((api) =>
      api.handOffRole({
        incidentId: board.incidentId,
        role: card.key,
        ...to,
        brief: { currentState, openActions, nextUpdateDue, notes },
      }),
    );
    setBusy(false);
    if (ok) onClose();
  }

  return (
    <Dialog title={`Hand off ${card.label}`} onClose={onClose} className="handoff-dialog">
      <form className="handoff-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Incoming holder</span>
          <PersonPicker
            label="Incoming holder"
            participants={board.participants}
            exclude={card.holderId}
            onChange={setTo}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Current state</span>
          <textarea
            rows={3}
            required
            maxLength={4000}
            value={currentState}
            onChange={(e) => setCurrentState(e.target.value)}
            placeholder="What is broken, what we know, what is being tried"
          />
        </label>
        <label className="field">
          <span>Open actions</span>
          <textarea
            rows={2}
            maxLength={4000}
            value={openActions}
            onChange={(e) => setOpenActions(e.target.value)}
            placeholder="Who is doing what"
          />
        </label>
        <label className="field">
          <span>Next update due</span>
          <input type="datetime-local" value={nextUpdate} onChange={(e) => setNextUpdate(e.target.value)} />
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea rows={2} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <p className="handoff-form__hint" role="status">
          {problem ?? `${card.label} stays with its current holder until the incoming holder acknowledges.`}
        </p>
        <div className="handoff-form__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || problem !== null}>
            Start handoff
          </button>
        </div>
      </form>
    </Dialog>
  );
}
