/**
 * Region "Timeline": the scribe pane. Everything that happens in the incident, captured from the
 * keyboard, filtered and searched in the service, copied out as Markdown.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { MethodArgs, WarroomApi } from '../../shared/api';
import type { Incident } from '../../shared/domain/incident';
import { compareEntries, entryToMarkdown, isSystemKind, type TimelineEntry } from '../../shared/domain/timeline';
import { useApi, useIncidents, useStatus } from '../app/context';
import { useHotkey } from '../app/useHotkey';
import { useNow } from '../common/useNow';
import { copyText } from '../common/clipboard';
import { newEntryId, previewEntry } from './preview';
import type { Draft } from './compose';
import { Composer } from './Composer';
import { TimelineController } from './controller';
import type { EntryAction } from './EntryRow';
import { EntryList, type Reveal } from './EntryList';
import { markdownTime } from './format';
import { awaitEntryPaint, markOpen } from './perf';
import { useProfile } from '../profile/useProfile';
import { SearchPanel } from './SearchPanel';
import { Toast, type ToastMessage } from './Toast';
import { TimelineToolbar } from './TimelineToolbar';
import { NO_FILTER, type ViewFilter } from './window';
import './timeline.css';

/** The region in the console layout: the selected incident's timeline, if one is selected. */
export function TimelineRegion() {
  const api = useApi();
  const incident = useIncidents((s) => s.selected);
  const report = useStatus((s) => s.report);
  const connected = useStatus((s) => s.connection.state === 'connected');
  if (!incident) return null;
  // Keyed by incident: drafts, selection and scroll position belong to one incident.
  return <TimelinePane key={incident.id} api={api} incident={incident} onError={report} connected={connected} />;
}

export interface TimelinePaneProps {
  readonly api: WarroomApi;
  readonly incident: Incident;
  readonly onError: (error: unknown) => void;
  /** Events may be missed while disconnected: the pane re-reads when this turns true again. */
  readonly connected: boolean;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function filterArgs(f: ViewFilter): Omit<MethodArgs<'locateEntry'>, 'incidentId' | 'entryId'> {
  return {
    ...(f.kinds.length > 0 ? { kinds: [...f.kinds] } : {}),
    ...(f.authorId !== null ? { authorId: f.authorId } : {}),
    ...(f.pinnedOnly ? { pinnedOnly: true } : {}),
    ...(f.includeDeleted ? { includeDeleted: true } : {}),
  };
}

const RELATIVE_TICK = 15_000;

export function TimelinePane({ api, incident, onError, connected }: TimelinePaneProps) {
  const incidentId = incident.id;
  const onErrorRef = useRef(onError);
  const controller = useMemo(() => new TimelineController(api, incidentId), [api, incidentId]);
  useEffect(() => {
    onErrorRef.current = onError;
    controller.reportErrorsTo(onError);
  });
  useEffect(() => {
    markOpen();
    controller.start();
    return () => controller.dispose();
  }, [controller]);
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);

  // Missed events while disconnected: re-read once the link is back.
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current) controller.refresh();
    wasConnected.current = connected;
  }, [connected, controller]);

  const profile = useProfile(api);
  // Relative times change slowly: a coarse tick keeps memoised rows from re-rendering each second.
  const tick = useNow();
  const now = Math.ceil(tick / RELATIVE_TICK) * RELATIVE_TICK;

  const inputRef = useRef<HTMLTextAreaElement>(null);
  // T, from anywhere outside a text field: straight to the entry box.
  useHotkey('t', () => inputRef.current?.focus());
  const [editing, setEditing] = useState<TimelineEntry | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<string, TimelineEntry>>(new Map());
  const [historyOpen, setHistoryOpen] = useState<ReadonlySet<string>>(new Set());
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [query, setQuery] = useState('');
  /** Entries shown before the service confirmed them. */
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const lastOwn = useRef<string | null>(null);
  const nonce = useRef(0);

  const show = useCallback((text: string, action?: ToastMessage['action']) => {
    setToast({ id: ++nonce.current, text, ...(action ? { action } : {}) });
  }, []);

  const revealEntry = useCallback((index: number, entryId: string, focus: boolean) => {
    setReveal({ index, entryId, focus, nonce: ++nonce.current });
  }, []);

  /** Run a write; its reply (the entry as stored) lands in the list at once. */
  const write = useCallback(
    async (run: () => Promise<TimelineEntry>): Promise<TimelineEntry | null> => {
      try {
        const entry = await run();
        controller.receive([entry]);
        return entry;
      } catch (error) {
        onErrorRef.current(error);
        return null;
      }
    },
    [controller],
  );

  const startEdit = useCallback((entry: TimelineEntry) => {
    if (isSystemKind(entry.kind) || entry.deleted) return;
    setEditing(entry);
    inputRef.current?.focus();
  }, []);

  // Row actions go through a ref so that the callback rows receive never changes identity.
  const actionRef = useRef<(action: EntryAction, entry: TimelineEntry) => void>(() => {});
  useEffect(() => {
    actionRef.current = (action, entry) => {
      const ref = { incidentId, entryId: entry.id };
      switch (action) {
        case 'pin':
          void write(() => api.setEntryPinned({ ...ref, pinned: !entry.pinned }));
          return;
        case 'edit':
          startEdit(entry);
          return;
        case 'copy':
          copyText(entryToMarkdown(entry, markdownTime)).then(
            () => show('Copied the entry as Markdown'),
            (error: unknown) => show(`Could not copy: ${message(error)}`),
          );
          return;
        case 'delete':
          void write(() => api.deleteEntry(ref)).then((deleted) => {
            if (!deleted) return;
            if (editing?.id === entry.id) setEditing(null);
            show('Entry deleted', {
              label: 'Undo',
              run: () => void write(() => api.restoreEntry(ref)).then((e) => e && show('Entry restored')),
            });
          });
          return;
        case 'restore':
          void write(() => api.restoreEntry(ref)).then((e) => e && show('Entry restored'));
          return;
        case 'history':
          setHistoryOpen((open) => {
            const next = new Set(open);
            if (!next.delete(entry.id)) next.add(entry.id);
            return next;
          });
          return;
        case 'select':
          setSelected((sel) => {
            const next = new Map(sel);
            if (!next.delete(entry.id)) next.set(entry.id, entry);
            return next;
          });
      }
    };
  });
  const onAction = useCallback((action: EntryAction, entry: TimelineEntry) => actionRef.current(action, entry), []);
  const loadHistory = useCallback((entryId: string) => api.getEntryHistory({ incidentId, entryId }), [api, incidentId]);

  const onSave = async (draft: Draft, target: TimelineEntry | null): Promise<string | null> => {
    try {
      if (target) {
        const changes = {
          ...(draft.kind !== target.kind ? { kind: draft.kind } : {}),
          ...(draft.text !== target.text ? { text: draft.text } : {}),
          ...(draft.eventTime !== null && draft.eventTime !== target.eventTime ? { eventTime: draft.eventTime } : {}),
        };
        setEditing(null);
        if (Object.keys(changes).length === 0) return null;
        controller.receive([await api.editEntry({ incidentId, entryId: target.id, ...changes })]);
        return null;
      }
      // Shown at once under an id this console picks; the service's copy replaces it.
      const entryId = newEntryId();
      const me = profile;
      if (me) {
        controller.preview(previewEntry(entryId, incidentId, draft, me));
        setSaving((ids) => new Set(ids).add(entryId));
        awaitEntryPaint(entryId);
        const index = controller.indexOf(entryId);
        if (index >= 0) revealEntry(index, entryId, false);
      }
      let entry: TimelineEntry;
      try {
        entry = await api.addEntry({
          incidentId,
          entryId,
          kind: draft.kind,
          text: draft.text,
          ...(draft.eventTime !== null ? { eventTime: draft.eventTime } : {}),
        });
      } catch (error) {
        controller.withdraw(entryId);
        throw error;
      } finally {
        setSaving((ids) => {
          const next = new Set(ids);
          next.delete(entryId);
          return next;
        });
      }
      lastOwn.current = entry.id;
      if (!me) awaitEntryPaint(entry.id);
      controller.receive([entry]);
      const index = controller.indexOf(entry.id);
      if (index >= 0) revealEntry(index, entry.id, false);
      else void locate(entry, false);
      return null;
    } catch (error) {
      return message(error);
    }
  };

  /** Bring an entry into view, clearing filters that hide it. */
  const locate = async (entry: TimelineEntry, focus: boolean): Promise<void> => {
    try {
      let at = await api.locateEntry({ incidentId, entryId: entry.id, ...filterArgs(controller.getSnapshot().filter) });
      if (at.index === null) {
        controller.setFilter(NO_FILTER);
        at = await api.locateEntry({ incidentId, entryId: entry.id, includeDeleted: entry.deleted });
        if (entry.deleted) controller.setFilter({ ...NO_FILTER, includeDeleted: true });
      }
      if (at.index !== null) revealEntry(at.index, entry.id, focus);
    } catch (error) {
      onErrorRef.current(error);
    }
  };

  const onEditLast = async (): Promise<void> => {
    const me = profile?.peerId;
    if (!me) return;
    const mine = (e: TimelineEntry): boolean => e.author.peerId === me && !isSystemKind(e.kind) && !e.deleted;
    const latest = (list: readonly TimelineEntry[]): TimelineEntry | undefined =>
      list
        .filter(mine)
        .reduce<TimelineEntry | undefined>((a, e) => (!a || e.capturedAt > a.capturedAt ? e : a), undefined);
    const items = controller.getSnapshot().window.items;
    let target = items.find((e) => e.id === lastOwn.current && mine(e)) ?? latest(items);
    if (!target) {
      try {
        const { total } = await api.getTimeline({ incidentId, authorId: me, limit: 1 });
        if (total > 0) {
          const page = await api.getTimeline({ incidentId, authorId: me, offset: Math.max(0, total - 50), limit: 50 });
          target = latest(page.entries);
        }
      } catch (error) {
        onErrorRef.current(error);
      }
    }
    if (target) startEdit(target);
  };

  const copySelection = (): void => {
    const entries = [...selected.values()].sort(compareEntries);
    copyText(entries.map((e) => entryToMarkdown(e, markdownTime)).join('\n')).then(
      () => show(`Copied ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} as Markdown`),
      (error: unknown) => show(`Could not copy: ${message(error)}`),
    );
  };

  const searching = query.trim() !== '';
  const w = snapshot.window;

  return (
    <section aria-label="Timeline" className="region region--timeline timeline">
      <header className="region__header timeline__header">
        <h2>Timeline</h2>
        <span className="region__meta" aria-live="polite">
          {snapshot.phase === 'loading'
            ? 'Loading…'
            : `${w.total.toLocaleString()} ${w.total === 1 ? 'entry' : 'entries'}`}
        </span>
        <TimelineToolbar
          api={api}
          incidentId={incidentId}
          filter={snapshot.filter}
          onFilter={(patch) => controller.setFilter({ ...controller.getSnapshot().filter, ...patch })}
          query={query}
          onQuery={setQuery}
          selectedCount={selected.size}
          onCopySelection={copySelection}
          onClearSelection={() => setSelected(new Map())}
          profile={profile}
        />
      </header>
      <div className="timeline__body">
        <div className="timeline__layer" inert={searching}>
          {snapshot.phase === 'loading' ? (
            <p className="empty timeline__loading" aria-busy="true">
              Loading the timeline…
            </p>
          ) : (
            <EntryList
              key={snapshot.generation}
              controller={controller}
              saving={saving}
              snapshot={snapshot}
              now={now}
              selected={new Set(selected.keys())}
              historyOpen={historyOpen}
              reveal={reveal}
              loadHistory={loadHistory}
              onAction={onAction}
              onEscape={() => inputRef.current?.focus()}
            />
          )}
        </div>
        {searching && (
          <SearchPanel
            api={api}
            incidentId={incidentId}
            query={query}
            now={now}
            onOpen={(entry) => {
              setQuery('');
              void locate(entry, true);
            }}
          />
        )}
      </div>
      <Composer
        incident={incident}
        editing={editing}
        onSave={onSave}
        onEditLast={() => void onEditLast()}
        onCancelEdit={() => setEditing(null)}
        inputRef={inputRef}
      />
      {toast && <Toast key={toast.id} toast={toast} onDone={() => setToast(null)} />}
    </section>
  );
}
