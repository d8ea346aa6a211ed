/**
 * One role: who holds it and since when, fatigue, a pending handoff, concurrent-assignment
 * conflicts, assign / reassign / hand off / release, and its checklist. People can also be
 * dropped on a card from the people list (the keyboard path is the select).
 */
import { useState, type DragEvent } from 'react';
import { fatigue, mayChangeRole, type RoleBoard, type RoleCard as Card } from '../../shared/domain/roles';
import { formatAge, formatClock, formatDuration } from '../common/format';
import { useNow } from '../common/useNow';
import { HandoffDialog } from './HandoffDialog';
import { nameOf, useRoleAction } from './hooks';
import { PersonPicker, type PersonChoice } from './PersonPicker';
import { PresenceBadge } from './Presence';

export const PARTICIPANT_DRAG_TYPE = 'application/x-warroom-participant';

export function RoleCard({ board, card }: { readonly board: RoleBoard; readonly card: Card }) {
  const act = useRoleAction();
  const [choice, setChoice] = useState<PersonChoice | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [handingOff, setHandingOff] = useState(false);
  const [dropping, setDropping] = useState(false);
  const held = card.holderId !== null;
  const incidentId = board.incidentId;
  const mayChange = !held || mayChangeRole(board, card.key, board.me);
  const iHold = held && card.holderId === board.me;

  async function assign(to: PersonChoice): Promise<void> {
    if (await act((api) => api.assignRole({ incidentId, role: card.key, ...to }))) {
      setChoice(null);
      setPickerKey((k) => k + 1);
    }
  }

  function onDrop(event: DragEvent): void {
    event.preventDefault();
    setDropping(false);
    const participantId = event.dataTransfer.getData(PARTICIPANT_DRAG_TYPE);
    if (participantId && participantId !== card.holderId) void assign({ participantId });
  }

  const classes = ['role-card'];
  if (!held && card.required) classes.push('role-card--uncovered');
  if (dropping) classes.push('role-card--drop');

  return (
    <article
      className={classes.join(' ')}
      aria-label={card.label}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(PARTICIPANT_DRAG_TYPE) || !mayChange) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <header className="role-card__header">
        <h3>{card.label}</h3>
        {card.required && <span className="tag tag--required">Required</span>}
        {!card.required && card.recommended && <span className="tag">Recommended</span>}
      </header>

      <Holder board={board} card={card} />
      <Conflicts board={board} card={card} onPick={(participantId) => void assign({ participantId })} />
      <PendingHandoff board={board} card={card} />

      <div className="role-card__controls">
        <PersonPicker
          key={pickerKey}
          label={`Person for ${card.label}`}
          participants={board.participants}
          exclude={card.holderId}
          onChange={setChoice}
        />
        <button
          type="button"
          className="button button--small"
          disabled={!choice || !mayChange}
          onClick={() => choice && void assign(choice)}
        >
          {held ? `Reassign ${card.label}` : `Assign ${card.label}`}
        </button>
        {!held && board.me !== null && (
          <button
            type="button"
            className="button button--small"
            onClick={() => board.me && void assign({ participantId: board.me })}
          >
            Take {card.label}
          </button>
        )}
        {held && mayChange && (
          <>
            <button type="button" className="button button--small" onClick={() => setHandingOff(true)}>
              Hand off {card.label}…
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => void act((api) => api.releaseRole({ incidentId, role: card.key }))}
            >
              Release {card.label}
            </button>
          </>
        )}
        {held && !mayChange && (
          <span className="role-card__note">Only {nameOf(board, card.holderId)} or the IC can change this role.</span>
        )}
      </div>

      {card.checklist.length > 0 && <Checklist board={board} card={card} highlight={iHold} />}
      {handingOff && <HandoffDialog board={board} card={card} onClose={() => setHandingOff(false)} />}
    </article>
  );
}

function Holder({ board, card }: { readonly board: RoleBoard; readonly card: Card }) {
  const now = useNow();
  if (card.holderId === null || card.since === null) {
    const since = card.since !== null ? ` since ${formatClock(card.since)}` : '';
    return <p className="role-card__holder role-card__holder--none">{`Uncovered${since}`}</p>;
  }
  const f = fatigue(card.since, card.fatigueLimitMs, now);
  return (
    <div className="role-card__holder">
      <p>
        Held by <strong>{nameOf(board, card.holderId)}</strong>{' '}
        <PresenceBadge participant={board.participants.find((p) => p.id === card.holderId)} /> since{' '}
        <time dateTime={new Date(card.since).toISOString()}>{formatClock(card.since)}</time>
        <span className="role-card__duty"> · on duty {formatAge(f.onDutyMs)}</span>
      </p>
      {f.warn && (
        <p className="role-card__fatigue" role="note">
          ⚠ Fatigue: on duty over {formatDuration(f.limitMs)}; plan a handoff.
        </p>
      )}
    </div>
  );
}

function Conflicts({
  board,
  card,
  onPick,
}: {
  readonly board: RoleBoard;
  readonly card: Card;
  readonly onPick: (participantId: string) => void;
}) {
  if (card.conflicts.length === 0) return null;
  const holder = card.holderId;
  return (
    <div className="role-card__conflict" role="note" aria-label={`Conflicting ${card.label} assignments`}>
      <p>
        <strong>Concurrent assignment.</strong> {nameOf(board, holder)} holds {card.label} (the later write); also
        assigned at the same time:
      </p>
      <ul>
        {card.conflicts.map((c) => (
          <li key={c.hlc}>
            {nameOf(board, c.holderId)} <span className="muted">(by {c.author})</span>{' '}
            {c.holderId !== null && (
              <button type="button" className="button button--small" onClick={() => c.holderId && onPick(c.holderId)}>
                Give {card.label} to {nameOf(board, c.holderId)}
              </button>
            )}
          </li>
        ))}
      </ul>
      {holder !== null && (
        <button type="button" className="button button--small" onClick={() => onPick(holder)}>
          Keep {nameOf(board, holder)}
        </button>
      )}
    </div>
  );
}

function PendingHandoff({ board, card }: { readonly board: RoleBoard; readonly card: Card }) {
  const act = useRoleAction();
  const h = card.handoff;
  if (!h) return null;
  const incidentId = board.incidentId;
  const forMe = h.to === board.me;
  const mayCancel = forMe || mayChangeRole(board, card.key, board.me);
  return (
    <div className="role-card__handoff" role="group" aria-label={`Pending ${card.label} handoff`}>
      <p>
        <strong>Handoff pending</strong> to {nameOf(board, h.to)} from {nameOf(board, h.from)}, awaiting acknowledgement
        (started {formatClock(h.startedAt)} by {h.startedBy}).
      </p>
      <dl className="handoff-brief">
        <dt>Current state</dt>
        <dd>{h.brief.currentState}</dd>
        {h.brief.openActions && (
          <>
            <dt>Open actions</dt>
            <dd>{h.brief.openActions}</dd>
          </>
        )}
        {h.brief.nextUpdateDue !== null && (
          <>
            <dt>Next update due</dt>
            <dd>{formatClock(h.brief.nextUpdateDue)}</dd>
          </>
        )}
        {h.brief.notes && (
          <>
            <dt>Notes</dt>
            <dd>{h.brief.notes}</dd>
          </>
        )}
      </dl>
      <div className="role-card__controls">
        {forMe && (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void act((api) => api.acknowledgeHandoff({ incidentId, role: card.key, handoffId: h.id }))}
          >
            Acknowledge {card.label} handoff
          </button>
        )}
        {mayCancel && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => void act((api) => api.cancelHandoff({ incidentId, role: card.key }))}
          >
            {forMe ? 'Decline handoff' : 'Cancel handoff'}
          </button>
        )}
      </div>
    </div>
  );
}

function Checklist({
  board,
  card,
  highlight,
}: {
  readonly board: RoleBoard;
  readonly card: Card;
  readonly highlight: boolean;
}) {
  const act = useRoleAction();
  const done = card.checklist.filter((i) => i.done).length;
  return (
    <details className="role-card__checklist" open={highlight}>
      <summary>
        {card.label} checklist ({done}/{card.checklist.length})
      </summary>
      <ul>
        {card.checklist.map((item) => (
          <li key={item.id}>
            <label>
              <input
                type="checkbox"
                checked={item.done}
                onChange={(e) =>
                  void act((api) =>
                    api.tickChecklistItem({
                      incidentId: board.incidentId,
                      role: card.key,
                      itemId: item.id,
                      done: e.target.checked,
                    }),
                  )
                }
              />{' '}
              {item.label}
            </label>
            {item.done && item.doneBy && (
              <span className="muted">
                {' '}
                — {item.doneBy}
                {item.doneAt !== null ? `, ${formatClock(item.doneAt)}` : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
