import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDuration,
  formatElapsed,
  fromDateTimeLocal,
  parseList,
  toDateTimeLocal,
} from '../../src/renderer/common/format';

describe('renderer formatting', () => {
  it.each([
    [0, '00:00:00'],
    [-400, '00:00:00'],
    [59_999, '00:00:59'],
    [3_600_000 + 61_000, '01:01:01'],
    [2 * 86_400_000 + 5_000, '2d 00:00:05'],
    [-90_000, '-00:01:30'],
  ])('formatElapsed(%i) = %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));

  it.each([
    [-5, '0s'],
    [45_000, '45s'],
    [12 * 60_000 + 59_000, '12m'],
    [3 * 3_600_000 + 5 * 60_000, '3h 05m'],
    [2 * 86_400_000 + 4 * 3_600_000, '2d 4h'],
  ])('formatAge(%i) = %s', (ms, text) => expect(formatAge(ms)).toBe(text));

  it.each([
    [5 * 60_000, '5 min'],
    [3_600_000, '1 h'],
    [90 * 60_000, '1 h 30 min'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips datetime-local values to the second, in local time', () => {
    const at = new Date(2026, 10, 22, 9, 5, 7).getTime();
    expect(toDateTimeLocal(at)).toBe('2026-11-22T09:05:07');
    expect(fromDateTimeLocal(toDateTimeLocal(at))).toBe(at);
    expect(fromDateTimeLocal('2026-11-22T09:05')).toBe(new Date(2026, 10, 22, 9, 5).getTime());
  });

  it.each(['', '2026-11-22', 'yesterday', '2026-13-45T99:99'])('rejects the datetime-local value %j', (value) => {
    expect(fromDateTimeLocal(value)).toBeNull();
  });

  it('parses comma-separated lists, trimmed and without duplicates', () => {
    expect(parseList(' checkout, payments-api ,, checkout ')).toEqual(['checkout', 'payments-api']);
    expect(parseList('')).toEqual([]);
  });
});
