/**
 * The scribe's box: one line of keyboard input per entry. Enter adds, a shortcut picks the kind,
 * @14:02 or the time picker backdates, Up in the empty box edits your last entry, Esc cancels.
 */
import { useId, useState, type KeyboardEvent, type RefObject } from 'react';
import { SHORTCUT_HINT, parseEntryInput } from '../../shared/domain/entry-input';
import type { Incident } from '../../shared/domain/incident';
import {
  ENTRY_KIND_LABELS,
  USER_ENTRY_KINDS,
  isSystemKind,
  type TimelineEntry,
  type UserEntryKind,
} from '../../shared/domain/timeline';
import { fromDateTimeLocal, toDateTimeLocal } from '../common/format';
import { useNow } from '../common/useNow';
import { KEY_HINT, planSubmit, type Draft } from './compose';
import { clockTime, markdownTime } from './format';
import { markSubmit } from './perf';

export interface ComposerProps {
  readonly incident: Incident;
  readonly editing: TimelineEntry | null;
  /** Resolves null once saved, or the reason the service refused. */
  readonly onSave: (draft: Draft, editing: TimelineEntry | null) => Promise<string | null>;
  readonly onEditLast: () => void;
  readonly onCancelEdit: () => void;
  readonly inputRef: RefObject<HTMLTextAreaElement | null>;
}

function userKind(entry: TimelineEntry | null): UserEntryKind {
  return entry && !isSystemKind(entry.kind) ? (entry.kind as UserEntryKind) : 'note';
}

export function Composer({ incident, editing, onSave, onEditLast, onCancelEdit, inputRef }: ComposerProps) {
  const hintId = useId();
  const confirmId = useId();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<UserEntryKind>('note');
  const [picked, setPicked] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ message: string; draft: Draft } | null>(null);
  const [saving, setSaving] = useState(false);

  // Starting (or switching) an edit loads the entry into the box; adjusting state during
  // render, rather than in an effect, avoids a frame with the old text.
  const [loadedEdit, setLoadedEdit] = useState<string | null>(null);
  const editId = editing?.id ?? null;
  if (editId !== loadedEdit) {
    setLoadedEdit(editId);
    setText(editing ? editing.text : '');
    setKind(editing ? userKind(editing) : 'note');
    setPicked(null);
    setError(null);
    setConfirm(null);
  }

  const tick = useNow();
  const preview = text.trim() ? parseEntryInput(text, tick, new Date(tick).getTimezoneOffset(), kind) : null;

  const save = async (draft: Draft): Promise<void> => {
    if (confirm) inputRef.current?.focus();
    setConfirm(null);
    const typed = text;
    // Clear at once so the next entry can be typed while this one is saved.
    setText('');
    setPicked(null);
    setError(null);
    setSaving(true);
    const problem = await onSave(draft, editing);
    setSaving(false);
    if (problem !== null) {
      setError(problem);
      setText((t) => (t === '' ? typed : t));
    } else if (!editing) {
      setKind('note');
    }
  };

  const submit = (): void => {
    const now = Date.now();
    const outcome = planSubmit(text, {
      now,
      tzOffsetMinutes: new Date(now).getTimezoneOffset(),
      fallbackKind: kind,
      pickedTime: picked,
      incidentCreatedAt: incident.createdAt,
    });
    switch (outcome.kind) {
      case 'ignore':
        return;
      case 'refuse':
        setError(outcome.message);
        return;
      case 'confirm':
        setError(null);
        setConfirm({ message: outcome.message, draft: outcome.draft });
        return;
      case 'save':
        markSubmit();
        void save(outcome.draft);
    }
  };

  const cancel = (): void => {
    if (confirm) {
      setConfirm(null);
      inputRef.current?.focus();
      return;
    }
    if (editing) onCancelEdit();
    setText('');
    setPicked(null);
    setError(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowUp' && text === '' && !editing) {
      e.preventDefault();
      onEditLast();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  const timeValue = picked !== null ? toDateTimeLocal(picked) : editing ? toDateTimeLocal(editing.eventTime) : '';
  const lines = Math.min(8, text.split('\n').length);

  return (
    <form
      className={`composer${editing ? ' composer--editing' : ''}`}
      aria-label={editing ? 'Edit timeline entry' : 'Add to the timeline'}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {editing && (
        <p className="composer__editing">
          Editing {ENTRY_KIND_LABELS[editing.kind].toLowerCase()} by {editing.author.name} at{' '}
          {clockTime(editing.eventTime)}
          <span> · Enter saves · Esc cancels</span>
          <button type="button" className="button button--ghost button--small" onClick={cancel}>
            Cancel edit
          </button>
        </p>
      )}
      <div className="composer__row">
        <textarea
          ref={inputRef}
          className="composer__input"
          aria-label="Timeline entry"
          aria-keyshortcuts="t"
          aria-describedby={hintId}
          aria-invalid={error !== null}
          rows={lines}
          placeholder={editing ? 'Edit the entry' : 'What happened? /d decision, @14:02 to backdate'}
          value={text}
          spellCheck
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <select
          aria-label="Entry kind"
          className="composer__kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as UserEntryKind)}
        >
          {USER_ENTRY_KINDS.map((k) => (
            <option key={k} value={k}>
              {ENTRY_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <input
          type="datetime-local"
          step={1}
          className="composer__time"
          aria-label="Event time"
          title="When it happened (empty: now)"
          value={timeValue}
          onChange={(e) => setPicked(e.target.value === '' ? null : fromDateTimeLocal(e.target.value))}
        />
        <p id={hintId} className="composer__hint" title={`${SHORTCUT_HINT} · ${KEY_HINT}`}>
          {preview && preview.text ? (
            <span className="composer__preview">
              → <span className={`kind kind--${preview.kind}`}>{ENTRY_KIND_LABELS[preview.kind]}</span>
              {preview.eventTime !== null && <> at {markdownTime(preview.eventTime)}</>}{' '}
            </span>
          ) : null}
          {SHORTCUT_HINT} · {KEY_HINT}
        </p>
        <button type="submit" className="button button--primary" disabled={saving && !editing}>
          {editing ? 'Save' : 'Add'}
        </button>
      </div>
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
      {confirm && (
        <div
          className="composer__confirm"
          role="alertdialog"
          aria-label="Check the event time"
          aria-describedby={confirmId}
        >
          <p id={confirmId}>
            {confirm.message} Save it at{' '}
            {confirm.draft.eventTime !== null ? markdownTime(confirm.draft.eventTime) : 'now'}?
          </p>
          <button
            type="button"
            className="button button--primary button--small"
            // The question appears because Enter was pressed: its answer is one key away.
            autoFocus
            onClick={() => {
              markSubmit();
              void save(confirm.draft);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setConfirm(null);
                inputRef.current?.focus();
              }
            }}
          >
            Save anyway
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setConfirm(null);
              inputRef.current?.focus();
            }}
          >
            Change time
          </button>
        </div>
      )}
    </form>
  );
}
