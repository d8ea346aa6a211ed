import { describe, expect, it } from 'vitest';
import { eventTimeWarning, localTimeToday, parseEntryInput } from '../../src/shared/domain/entry-input';

// 2026-03-10 15:30 UTC; the scribe sits in UTC+2 (getTimezoneOffset() === -120): 17:30 local.
const NOW = Date.UTC(2026, 2, 10, 15, 30);
const UTC_PLUS_2 = -120;

describe('parseEntryInput', () => {
  it('reads slash and colon kind shortcuts', () => {
    expect(parseEntryInput('/d Rolled back api to v1.2.2', NOW, 0)).toEqual({
      kind: 'decision',
      text: 'Rolled back api to v1.2.2',
      eventTime: null,
    });
    expect(parseEntryInput('a: page the DBA', NOW, 0).kind).toBe('action');
    expect(parseEntryInput('/h cache stampede', NOW, 0).kind).toBe('hypothesis');
    expect(parseEntryInput('/f p99 at 4s', NOW, 0).kind).toBe('finding');
    expect(parseEntryInput('/S posted update', NOW, 0).kind).toBe('status_update');
  });

  it('leaves unknown shortcuts and plain text as notes', () => {
    expect(parseEntryInput('/x not a shortcut', NOW, 0)).toMatchObject({ kind: 'note', text: '/x not a shortcut' });
    expect(parseEntryInput('https://example.com/d', NOW, 0)).toMatchObject({ kind: 'note' });
    expect(parseEntryInput('  spaced  ', NOW, 0).text).toBe('spaced');
    expect(parseEntryInput('x', NOW, 0, 'finding').kind).toBe('finding');
  });

  it('takes @HH:MM as local event time and strips it from the text', () => {
    const parsed = parseEntryInput('/f errors started @17:02 on checkout', NOW, UTC_PLUS_2);
    expect(parsed.kind).toBe('finding');
    expect(parsed.text).toBe('errors started on checkout');
    expect(parsed.eventTime).toBe(Date.UTC(2026, 2, 10, 15, 2));
  });

  it('does not read emails or mid-word @ as a time', () => {
    expect(parseEntryInput('mail ops@12:00x', NOW, 0).eventTime).toBeNull();
    expect(parseEntryInput('ping @25:00', NOW, 0).eventTime).toBeNull();
  });

  it('puts a time later than now on the previous day (incidents crossing midnight)', () => {
    const justAfterMidnight = Date.UTC(2026, 2, 11, 0, 10);
    expect(localTimeToday(23, 50, justAfterMidnight, 0)).toBe(Date.UTC(2026, 2, 10, 23, 50));
    expect(localTimeToday(0, 5, justAfterMidnight, 0)).toBe(Date.UTC(2026, 2, 11, 0, 5));
  });
});

describe('eventTimeWarning', () => {
  it('asks about the far future and about times before the incident year', () => {
    const created = Date.UTC(2026, 0, 5);
    expect(eventTimeWarning(NOW + 60 * 60_000, NOW, created)).toMatch(/future/);
    expect(eventTimeWarning(Date.UTC(2025, 11, 31), NOW, created)).toMatch(/before/);
    expect(eventTimeWarning(NOW - 60_000, NOW, created)).toBeNull();
  });
});
