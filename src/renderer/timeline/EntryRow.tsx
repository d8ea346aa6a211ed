/** One timeline entry: when, what kind, who, the text (safe Markdown), and what can be done to it. */
import { memo, type ReactNode, type Ref } from 'react';
import { ENTRY_KIND_LABELS, isSystemKind, type EntryRevision, type TimelineEntry } from '../../shared/domain/timeline';
import { EntryHistory } from './EntryHistory';
import { clockTime, dayLabel, fullTime, relativeTime } from './format';
import { renderMarkdown } from './markdown';

export type EntryAction = 'pin' | 'edit' | 'copy' | 'delete' | 'restore' | 'history' | 'select';

export interface EntryRowProps {
  readonly entry: TimelineEntry;
  readonly index: number;
  readonly total: number;
  readonly start: number;
  /** Label of a day separator above the entry, when it is the first of its day. */
  readonly showDay: boolean;
  readonly now: number;
  readonly active: boolean;
  readonly selected: boolean;
  /** Shown before the service confirmed it. */
  readonly saving: boolean;
  readonly historyOpen: boolean;
  readonly loadHistory: (entryId: string) => Promise<EntryRevision[]>;
  readonly onAction: (action: EntryAction, entry: TimelineEntry) => void;
  readonly onFocusRow: (index: number) => void;
  readonly rowRef: Ref<HTMLDivElement>;
}

interface RowActionProps {
  readonly label: string;
  readonly title: string;
  readonly onClick: () => void;
  readonly className?: string;
  readonly pressed?: boolean;
  readonly expanded?: boolean;
  readonly children: ReactNode;
}

/** An icon action on a row: out of the tab order, since the row's keyboard shortcuts reach each one. */
function RowAction({ label, title, onClick, className, pressed, expanded, children }: RowActionProps) {
  return (
    <button
      type="button"
      className={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      title={title}
      onClick={onClick}
      tabIndex={-1}
    >
      {children}
    </button>
  );
}

function EntryRowImpl(props: EntryRowProps) {
  const { entry, index, total, start, showDay, now, active, selected, saving, historyOpen, onAction, rowRef } = props;
  const system = isSystemKind(entry.kind);
  const kindLabel = ENTRY_KIND_LABELS[entry.kind];
  const act = (action: EntryAction) => () => onAction(action, entry);
  const classes = [
    'entry',
    `entry--${entry.kind}`,
    system ? 'entry--system' : '',
    entry.pinned ? 'entry--pinned' : '',
    entry.deleted ? 'entry--deleted' : '',
    selected ? 'entry--selected' : '',
  ];
  return (
    <div
      ref={rowRef}
      role="listitem"
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${start}px)` }}
      data-index={index}
      data-entry-id={entry.id}
      aria-setsize={total}
      aria-posinset={index + 1}
      tabIndex={active ? 0 : -1}
      onFocus={(e) => {
        if (e.target === e.currentTarget) props.onFocusRow(index);
      }}
    >
      {showDay && (
        <div className="entry__day" role="separator" aria-label={dayLabel(entry.eventTime)}>
          <span>{dayLabel(entry.eventTime)}</span>
        </div>
      )}
      <div className="entry__line">
        <input
          type="checkbox"
          className="entry__select"
          aria-label="Select entry"
          checked={selected}
          onChange={act('select')}
          tabIndex={-1}
        />
        <span className="entry__when">
          <time
            className="entry__time"
            dateTime={new Date(entry.eventTime).toISOString()}
            title={fullTime(entry.eventTime)}
          >
            {clockTime(entry.eventTime)}
          </time>
          <span className="entry__ago">{saving ? 'saving…' : relativeTime(entry.eventTime, now)}</span>
        </span>
        <span className={`kind kind--${entry.kind}`}>{kindLabel}</span>
        <div className="entry__body">
          <div className="entry__meta">
            <span className="entry__author" title={`Peer ${entry.author.peerId}`}>
              {entry.author.name}
            </span>
            {entry.revisions > 0 && <span className="entry__edited">edited</span>}
            {entry.deleted && <span className="entry__deleted-badge">Deleted</span>}
            {entry.tags.map((t) => (
              <span key={t} className="entry__tag">
                #{t}
              </span>
            ))}
          </div>
          {/* Sanitised by renderMarkdown: raw HTML is never passed through. */}
          <div className="entry__text md" dangerouslySetInnerHTML={{ __html: renderMarkdown(entry.text) }} />
        </div>
        <div className="entry__actions">
          <RowAction
            className="entry__pin"
            label="Pin entry"
            pressed={entry.pinned}
            title={entry.pinned ? 'Unpin (P)' : 'Pin (P)'}
            onClick={act('pin')}
          >
            {entry.pinned ? '★' : '☆'}
          </RowAction>
          {!system && !entry.deleted && (
            <RowAction label="Edit entry" title="Edit (E)" onClick={act('edit')}>
              ✎
            </RowAction>
          )}
          <RowAction label="Copy entry as Markdown" title="Copy as Markdown (C)" onClick={act('copy')}>
            <span className="icon-text">MD</span>
          </RowAction>
          <RowAction
            label={
              entry.revisions > 0
                ? `History (${entry.revisions} ${entry.revisions === 1 ? 'edit' : 'edits'})`
                : 'History'
            }
            expanded={historyOpen}
            title="Who changed what, when (H)"
            onClick={act('history')}
          >
            {entry.revisions > 0 ? `⟲${entry.revisions}` : '⟲'}
          </RowAction>
          {entry.deleted ? (
            <RowAction label="Restore entry" title="Restore (Delete)" onClick={act('restore')}>
              ↺
            </RowAction>
          ) : (
            <RowAction className="entry__delete" label="Delete entry" title="Delete (Delete)" onClick={act('delete')}>
              ✕
            </RowAction>
          )}
        </div>
      </div>
      {historyOpen && <EntryHistory entry={entry} load={props.loadHistory} />}
    </div>
  );
}

export const EntryRow = memo(EntryRowImpl);
