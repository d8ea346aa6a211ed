/** Full-text search results (SQLite FTS5 in the service), matches highlighted. */
import { useEffect, useState } from 'react';
import type { WarroomApi } from '../../shared/api';
import type { TimelineSearchResult } from '../../shared/contract/timeline';
import { ENTRY_KIND_LABELS, type TimelineEntry } from '../../shared/domain/timeline';
import { clockTime, dayKey, relativeTime } from './format';
import { highlightParts } from './highlight';

/** Typing pauses shorter than this do not query. */
const DEBOUNCE_MS = 120;

type State =
  | { readonly query: string; readonly result: TimelineSearchResult }
  | { readonly query: string; readonly error: string };

export function SearchPanel({
  api,
  incidentId,
  query,
  now,
  onOpen,
}: {
  readonly api: WarroomApi;
  readonly incidentId: string;
  readonly query: string;
  readonly now: number;
  readonly onOpen: (entry: TimelineEntry) => void;
}) {
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.searchTimeline({ incidentId, query: query.slice(0, 500), limit: 200 }).then(
        (result) => live && setState({ query, result }),
        (error: unknown) => live && setState({ query, error: error instanceof Error ? error.message : String(error) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, incidentId, query]);

  const current = state?.query === query ? state : null;
  return (
    <div className="timeline__results" aria-label="Search" role="region">
      <p className="timeline__results-status" role="status">
        {!current
          ? 'Searching…'
          : 'error' in current
            ? `Search failed: ${current.error}`
            : `${current.result.hits.length === 200 ? '200+' : current.result.hits.length} ${current.result.hits.length === 1 ? 'match' : 'matches'} · ${current.result.tookMs.toFixed(1)} ms`}
      </p>
      {current && 'result' in current && (
        <ul className="timeline__hits" aria-label="Search results">
          {current.result.hits.map(({ entry, highlighted }) => (
            <li key={entry.id} className="hit">
              <button type="button" className="hit__open" onClick={() => onOpen(entry)} title="Show in the timeline">
                <span className="entry__when">
                  <time dateTime={new Date(entry.eventTime).toISOString()}>
                    {dayKey(entry.eventTime)} {clockTime(entry.eventTime)}
                  </time>
                  <span className="entry__ago">{relativeTime(entry.eventTime, now)}</span>
                </span>
                <span className={`kind kind--${entry.kind}`}>{ENTRY_KIND_LABELS[entry.kind]}</span>
                <span className="entry__author">{entry.author.name}</span>
                <span className="hit__text">
                  {highlightParts(highlighted).map((p, i) =>
                    p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
