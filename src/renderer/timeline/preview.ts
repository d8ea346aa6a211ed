/** The entry shown the moment Enter is pressed, before the service has stored it. */
import type { Profile } from '../../shared/api';
import type { TimelineEntry } from '../../shared/domain/timeline';
import type { Draft } from './compose';

/** 16 URL-safe characters from 12 random bytes: the form of the service's own ids. */
export function newEntryId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function previewEntry(id: string, incidentId: string, draft: Draft, me: Profile): TimelineEntry {
  const now = Date.now();
  return {
    id,
    incidentId,
    kind: draft.kind,
    text: draft.text,
    eventTime: draft.eventTime ?? now,
    capturedAt: now,
    author: { peerId: me.peerId, name: me.displayName },
    tags: [],
    pinned: false,
    deleted: false,
    revisions: 0,
    data: null,
  };
}
