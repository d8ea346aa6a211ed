/** Who changed what, when: every write to an entry, the losing side of concurrent edits included. */
import { useEffect, useState } from 'react';
import type { EntryRevision, TimelineEntry } from '../../shared/domain/timeline';
import { clockTime, fullTime } from './format';
import { describeRevision, groupRevisions } from './history';

type Loaded =
  { readonly key: string; readonly revisions: EntryRevision[] } | { readonly key: string; readonly error: string };

export function EntryHistory({
  entry,
  load,
}: {
  readonly entry: TimelineEntry;
  readonly load: (entryId: string) => Promise<EntryRevision[]>;
}) {
  // Re-read whenever the entry changes: a new edit, a pin, a delete.
  const key = `${entry.id}:${entry.revisions}:${entry.pinned}:${entry.deleted}:${entry.text.length}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    load(entry.id).then(
      (revisions) => live && setLoaded({ key, revisions }),
      (error: unknown) => live && setLoaded({ key, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [entry.id, key, load]);

  if (!loaded || loaded.key !== key) {
    return <p className="entry-history entry-history--loading">Loading history…</p>;
  }
  if ('error' in loaded)
    return <p className="entry-history entry-history--error">History unavailable: {loaded.error}</p>;

  return (
    <ol className="entry-history" aria-label="Edit history">
      {groupRevisions(loaded.revisions).map((change) => {
        const text = change.fields.find((f) => f.field === 'text');
        const shown = change.created ? [] : change.fields.filter((f) => f.field !== 'text');
        return (
          <li key={change.hlc} className="entry-history__change">
            <time dateTime={new Date(change.at).toISOString()} title={fullTime(change.at)}>
              {clockTime(change.at)}
            </time>{' '}
            <strong>{change.author}</strong>{' '}
            {change.created
              ? 'wrote'
              : shown
                  .map(describeRevision)
                  .concat(text && !change.created ? [describeRevision(text)] : [])
                  .join(', ')}
            {text && (
              <blockquote className={`entry-history__text${text.current ? ' entry-history__text--current' : ''}`}>
                {String(text.value)}
                {text.current && <span className="entry-history__current"> (current)</span>}
              </blockquote>
            )}
          </li>
        );
      })}
    </ol>
  );
}
