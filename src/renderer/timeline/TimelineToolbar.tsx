/** Search, filters (kind, author, pinned, the audit view of deleted entries) and the selection. */
import { useCallback, useEffect, useState } from 'react';
import type { Profile, WarroomApi } from '../../shared/api';
import type { TimelineAuthor } from '../../shared/contract/timeline';
import {
  ENTRY_KINDS,
  ENTRY_KIND_LABELS,
  SYSTEM_ENTRY_KINDS,
  USER_ENTRY_KINDS,
  type EntryKind,
} from '../../shared/domain/timeline';
import type { ViewFilter } from './window';

export interface TimelineToolbarProps {
  readonly api: WarroomApi;
  readonly incidentId: string;
  readonly filter: ViewFilter;
  readonly onFilter: (patch: Partial<ViewFilter>) => void;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly selectedCount: number;
  readonly onCopySelection: () => void;
  readonly onClearSelection: () => void;
  readonly profile: Profile | null;
}

const SYSTEM = 'system';
const PEOPLE = 'people';

function kindValue(kinds: readonly EntryKind[]): string {
  if (kinds.length === 0) return '';
  if (kinds.length === 1) return kinds[0] as string;
  const set = new Set(kinds);
  if (SYSTEM_ENTRY_KINDS.every((k) => set.has(k)) && set.size === SYSTEM_ENTRY_KINDS.length) return SYSTEM;
  if (USER_ENTRY_KINDS.every((k) => set.has(k)) && set.size === USER_ENTRY_KINDS.length) return PEOPLE;
  return '';
}

function kindsOf(value: string): EntryKind[] {
  if (value === SYSTEM) return [...SYSTEM_ENTRY_KINDS];
  if (value === PEOPLE) return [...USER_ENTRY_KINDS];
  return (ENTRY_KINDS as readonly string[]).includes(value) ? [value as EntryKind] : [];
}

export function TimelineToolbar(props: TimelineToolbarProps) {
  const { api, incidentId, filter, onFilter, query, onQuery, selectedCount, profile } = props;
  const [authors, setAuthors] = useState<TimelineAuthor[]>([]);
  const loadAuthors = useCallback(() => {
    api.listTimelineAuthors({ incidentId }).then(setAuthors, () => {});
  }, [api, incidentId]);
  // Listing authors scans the whole timeline: not while the first page is on its way.
  useEffect(() => {
    const timer = setTimeout(loadAuthors, 1_500);
    return () => clearTimeout(timer);
  }, [loadAuthors]);

  const authorOptions = [...authors];
  if (profile && !authorOptions.some((a) => a.peerId === profile.peerId)) {
    authorOptions.unshift({ peerId: profile.peerId, name: profile.displayName, entries: 0 });
  }
  if (filter.authorId && !authorOptions.some((a) => a.peerId === filter.authorId)) {
    authorOptions.push({ peerId: filter.authorId, name: filter.authorId, entries: 0 });
  }

  return (
    <div className="timeline__tools" role="group" aria-label="Timeline search and filters">
      <input
        type="search"
        className="timeline__search"
        aria-label="Search timeline"
        placeholder="Search…"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && query) {
            e.preventDefault();
            onQuery('');
          }
        }}
      />
      <select
        aria-label="Filter by kind"
        value={kindValue(filter.kinds)}
        onChange={(e) => onFilter({ kinds: kindsOf(e.target.value) })}
      >
        <option value="">All kinds</option>
        <option value={PEOPLE}>People's entries</option>
        <option value={SYSTEM}>System entries</option>
        {ENTRY_KINDS.map((k) => (
          <option key={k} value={k}>
            {ENTRY_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by author"
        value={filter.authorId ?? ''}
        onFocus={loadAuthors}
        onPointerDown={loadAuthors}
        onChange={(e) => onFilter({ authorId: e.target.value === '' ? null : e.target.value })}
      >
        <option value="">Everyone</option>
        {authorOptions.map((a) => (
          <option key={a.peerId} value={a.peerId}>
            {a.name}
            {profile?.peerId === a.peerId ? ' (you)' : ''}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--small toggle"
        aria-pressed={filter.pinnedOnly}
        onClick={() => onFilter({ pinnedOnly: !filter.pinnedOnly })}
      >
        Pinned only
      </button>
      <button
        type="button"
        className="button button--small toggle"
        aria-pressed={filter.includeDeleted}
        title="Show deleted entries too"
        onClick={() => onFilter({ includeDeleted: !filter.includeDeleted })}
      >
        Audit view
      </button>
      {selectedCount > 0 && (
        <span className="timeline__selection">
          <button type="button" className="button button--small" onClick={props.onCopySelection}>
            Copy {selectedCount} selected as Markdown
          </button>
          <button type="button" className="button button--ghost button--small" onClick={props.onClearSelection}>
            Clear selection
          </button>
        </span>
      )}
    </div>
  );
}
