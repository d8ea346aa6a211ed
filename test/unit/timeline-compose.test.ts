import { describe, expect, it } from 'vitest';
import { entryToMarkdown, type EntryRevision, type TimelineEntry } from '../../src/shared/domain/timeline';
import { planSubmit, type ComposeContext } from '../../src/renderer/timeline/compose';
import { groupRevisions } from '../../src/renderer/timeline/history';
import { markdownTime, relativeTime } from '../../src/renderer/timeline/format';
import fc from 'fast-check';
import { escapeHtml, isPlain, markdownToHtml } from '../../src/renderer/timeline/md';
import { highlightParts } from '../../src/renderer/timeline/highlight';

// 2026-03-10 15:30 UTC, the scribe in UTC+2.
const NOW = Date.UTC(2026, 2, 10, 15, 30);
const CTX: ComposeContext = {
  now: NOW,
  tzOffsetMinutes: -120,
  fallbackKind: 'note',
  pickedTime: null,
  incidentCreatedAt: Date.UTC(2026, 2, 10, 14, 0),
};

describe('pressing Enter in the timeline box', () => {
  it('ignores an empty box quietly', () => {
    expect(planSubmit('', CTX)).toEqual({ kind: 'ignore' });
    expect(planSubmit('  \n ', CTX)).toEqual({ kind: 'ignore' });
    // A shortcut alone is still empty.
    expect(planSubmit('/d ', CTX)).toEqual({ kind: 'ignore' });
  });

  it('refuses more than 64 KB with a message, counting UTF-8 bytes', () => {
    const outcome = planSubmit('é'.repeat(33_000), CTX); // 66,000 bytes, 33,000 characters
    expect(outcome.kind).toBe('refuse');
    if (outcome.kind === 'refuse') expect(outcome.message).toMatch(/65 KB; entries are limited to 64 KB/);
    expect(planSubmit('x'.repeat(64 * 1024), CTX).kind).toBe('save');
  });

  it('saves with the shortcut kind and @time, falling back to the picked kind and time', () => {
    expect(planSubmit('/d Rolled back api to v1.2.2', CTX)).toEqual({
      kind: 'save',
      draft: { kind: 'decision', text: 'Rolled back api to v1.2.2', eventTime: null },
    });
    expect(planSubmit('errors started @17:02', CTX)).toEqual({
      kind: 'save',
      draft: { kind: 'note', text: 'errors started', eventTime: Date.UTC(2026, 2, 10, 15, 2) },
    });
    const picked = Date.UTC(2026, 2, 10, 15, 10);
    expect(planSubmit('paged the DBA', { ...CTX, fallbackKind: 'action', pickedTime: picked })).toEqual({
      kind: 'save',
      draft: { kind: 'action', text: 'paged the DBA', eventTime: picked },
    });
    // A typed @time wins over the picker.
    const typed = planSubmit('x @17:00', { ...CTX, pickedTime: picked });
    expect(typed.kind === 'save' && typed.draft.eventTime).toBe(Date.UTC(2026, 2, 10, 15, 0));
  });

  it('asks before saving an event time in the future or before the incident year', () => {
    const future = planSubmit('later', { ...CTX, pickedTime: NOW + 2 * 3_600_000 });
    expect(future.kind).toBe('confirm');
    if (future.kind === 'confirm') {
      expect(future.message).toMatch(/future/);
      expect(future.draft.eventTime).toBe(NOW + 2 * 3_600_000);
    }
    const ancient = planSubmit('long ago', { ...CTX, pickedTime: Date.UTC(2001, 1, 3) });
    expect(ancient.kind === 'confirm' && ancient.message).toMatch(/before the incident's year/);
  });
});

describe('Markdown of entries', () => {
  it('keeps typed HTML as text: no script, no image, no event handler', () => {
    const html = markdownToHtml('<script>alert(1)</script> <img src=x onerror="alert(2)"> **bold**');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).toContain('<strong>bold</strong>');
  });

  it('renders no images and only http(s) and mailto links', () => {
    expect(markdownToHtml('![x](https://evil.example/p.png)')).not.toContain('<img');
    expect(markdownToHtml('[a](javascript:alert(1))')).not.toContain('<a');
    expect(markdownToHtml('[a](data:text/html,hi)')).not.toContain('<a');
    expect(markdownToHtml('[runbook](https://wiki.example/rb)')).toContain('<a href="https://wiki.example/rb">');
    expect(markdownToHtml('see https://status.example.com')).toContain('<a href="https://status.example.com">');
  });
});

describe('the plain-text fast path', () => {
  it('is taken only where markdown-it would render one plain paragraph', () => {
    const alphabet = fc.constantFrom(...'ab 1.-_*`#[]()<>&!|~:/@w\n\'"=+'.split(''), 'www.', 'http://x', '2)');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 12 }).map((a) => a.join('')),
        (text) => {
          if (!isPlain(text)) return;
          expect(markdownToHtml(text).trim()).toBe(`<p>${escapeHtml(text)}</p>`);
        },
      ),
      { numRuns: 3_000 },
    );
    expect(isPlain('Rolled back api to v1.2.2')).toBe(true);
    expect(isPlain('**bold**')).toBe(false);
    expect(isPlain('<script>alert(1)</script>')).toBe(false);
    expect(isPlain('- list item')).toBe(false);
  });
});

describe('timeline formatting', () => {
  it('says relative times plainly', () => {
    expect(relativeTime(NOW - 30_000, NOW)).toBe('just now');
    expect(relativeTime(NOW + 20_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 12 * 60_000, NOW)).toBe('12 min ago');
    expect(relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(relativeTime(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
    expect(relativeTime(NOW + 5 * 60_000, NOW)).toBe('in 5 min');
  });

  it('copies an entry as one Markdown list item', () => {
    const e: TimelineEntry = {
      id: 'e1',
      incidentId: 'i1',
      kind: 'decision',
      text: 'Rolled back api to v1.2.2',
      eventTime: new Date(2026, 2, 10, 14, 2).getTime(),
      capturedAt: 0,
      author: { peerId: 'p', name: 'Ana' },
      tags: [],
      pinned: true,
      deleted: false,
      revisions: 0,
      data: null,
    };
    expect(entryToMarkdown(e, markdownTime)).toBe(
      '- **2026-03-10 14:02** [Decision] _Ana_ 📌: Rolled back api to v1.2.2',
    );
  });

  it('splits search highlights into text and marks, leaving any HTML as text', () => {
    expect(highlightParts('\u0001Rolled\u0002 back <b>api</b> \u0001rolled\u0002')).toEqual([
      { text: 'Rolled', match: true },
      { text: ' back <b>api</b> ', match: false },
      { text: 'rolled', match: true },
    ]);
  });

  it('groups an entry history by write: creation first, then each change', () => {
    const r = (field: string, value: unknown, hlc: string, author: string, current = false): EntryRevision => ({
      field,
      value,
      author,
      at: Number(hlc.slice(0, 15)),
      hlc,
      current,
    });
    const h1 = '000001000000000:000000:a';
    const h2 = '000001000005000:000000:b';
    const changes = groupRevisions([
      r('text', 'first', h1, 'Ana'),
      r('kind', 'note', h1, 'Ana', true),
      r('pinned', true, h2, 'Ben', true),
      r('text', 'second', h2, 'Ben', true),
    ]);
    expect(changes.map((c) => [c.author, c.created, c.fields.map((f) => f.field)])).toEqual([
      ['Ana', true, ['text', 'kind']],
      ['Ben', false, ['pinned', 'text']],
    ]);
  });
});
