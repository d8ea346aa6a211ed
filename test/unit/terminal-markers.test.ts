import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MarkerParser,
  escapeValue,
  formatMarker,
  unescapeValue,
  type ParsedItem,
  type ShellMarker,
} from '../../src/main/core/terminal/markers';

const NONCE = 'n0nce-for-tests';
const m = (letter: string, ...params: string[]): string => formatMarker(NONCE, letter, ...params);

/** Merge adjacent text items so results compare independently of chunking. */
function normalise(items: readonly ParsedItem[]): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (item.kind === 'text' && last?.kind === 'text')
      out[out.length - 1] = { kind: 'text', text: last.text + item.text };
    else out.push(item);
  }
  return out;
}

function parseChunks(chunks: readonly string[]): ParsedItem[] {
  const parser = new MarkerParser(NONCE);
  return normalise([...chunks.flatMap((c) => parser.feed(c)), ...parser.flush()]);
}

const marker = (marker: ShellMarker): ParsedItem => ({ kind: 'marker', marker });
const text = (text: string): ParsedItem => ({ kind: 'text', text });

const SESSION =
  m('A') +
  '\x1b[32muser@host\x1b[0m$ ' +
  m('B') +
  'echo hello; exit 3\r\n' +
  m('E', escapeValue("bash -c 'echo hello; exit 3'")) +
  m('C') +
  'hello\r\n' +
  m('D', '3') +
  m('P', `Cwd=${escapeValue('/srv/a;b')}`) +
  m('A') +
  '$ ' +
  m('B');

const EXPECTED: ParsedItem[] = [
  marker({ type: 'promptStart' }),
  text('\x1b[32muser@host\x1b[0m$ '),
  marker({ type: 'promptEnd' }),
  text('echo hello; exit 3\r\n'),
  marker({ type: 'commandLine', commandLine: "bash -c 'echo hello; exit 3'" }),
  marker({ type: 'commandStart' }),
  text('hello\r\n'),
  marker({ type: 'commandEnd', exitCode: 3 }),
  marker({ type: 'cwd', cwd: '/srv/a;b' }),
  marker({ type: 'promptStart' }),
  text('$ '),
  marker({ type: 'promptEnd' }),
];

describe('MarkerParser', () => {
  it('extracts markers in order and strips them from the text', () => {
    expect(parseChunks([SESSION])).toEqual(EXPECTED);
  });

  it('handles a marker split at every possible position', () => {
    for (let cut = 0; cut <= SESSION.length; cut++) {
      expect(parseChunks([SESSION.slice(0, cut), SESSION.slice(cut)])).toEqual(EXPECTED);
    }
  });

  it('handles one character per chunk', () => {
    expect(parseChunks([...SESSION])).toEqual(EXPECTED);
  });

  it('gives the same result for any chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(SESSION.length), { maxLength: 12 }), (cuts) => {
        const sorted = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const c of sorted) {
          chunks.push(SESSION.slice(prev, c));
          prev = c;
        }
        chunks.push(SESSION.slice(prev));
        expect(parseChunks(chunks)).toEqual(EXPECTED);
      }),
    );
  });

  it('accepts ST (ESC \\) as terminator', () => {
    expect(parseChunks([`a\x1b]133;D;0;n=${NONCE}\x1b\\b`])).toEqual([
      text('a'),
      marker({ type: 'commandEnd', exitCode: 0 }),
      text('b'),
    ]);
  });

  it('passes forged markers (wrong or missing nonce) through as output', () => {
    const forged = `x\x1b]133;D;0;n=wrong-nonce\x07y\x1b]133;C\x07z`;
    expect(parseChunks([forged])).toEqual([text(forged)]);
  });

  it('passes other escape sequences through untouched', () => {
    const other = '\x1b]0;title\x07\x1b[?2004h\x1b]7;file://host/tmp\x07\x1b]1337;x\x07';
    expect(parseChunks([other])).toEqual([text(other)]);
  });

  it('releases an unterminated marker as text at flush, and gives up on absurdly long ones', () => {
    expect(parseChunks(['ab\x1b]133;A'])).toEqual([text('ab\x1b]133;A')]);
    const parser = new MarkerParser(NONCE);
    const long = '\x1b]133;E;' + 'x'.repeat(20_000);
    const out = normalise(parser.feed(long));
    expect(out).toEqual([text(long)]);
    expect(parser.pending).toBe(0);
  });

  it('holds back only what could still become a marker', () => {
    const parser = new MarkerParser(NONCE);
    expect(parser.feed('abc\x1b[3')).toEqual([text('abc\x1b[3')]);
    expect(parser.pending).toBe(0);
    expect(parser.feed('1mX\x1b]13')).toEqual([text('1mX')]);
    expect(parser.pending).toBe(4);
  });

  it('reports an unknown exit code as null', () => {
    expect(parseChunks([m('D')])).toEqual([marker({ type: 'commandEnd', exitCode: null })]);
    expect(parseChunks([m('D', 'abc')])).toEqual([marker({ type: 'commandEnd', exitCode: null })]);
  });

  it('rejects a weak nonce', () => {
    expect(() => new MarkerParser('short')).toThrow(RangeError);
  });
});

describe('value escaping', () => {
  it('round-trips any command line without control characters other than tab/newline', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // eslint-disable-next-line no-control-regex -- the decoder drops these on purpose
        const printable = s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
        const escaped = escapeValue(printable);
        for (const c of [';', '\x07', '\x1b']) expect(escaped).not.toContain(c);
        expect(unescapeValue(escaped)).toBe(printable);
      }),
    );
  });

  it('drops control characters smuggled into a command line', () => {
    expect(unescapeValue('rm\\x1b[2J -rf\\x07')).toBe('rm[2J -rf');
  });
});
