import { describe, expect, it } from 'vitest';
import {
  CommandTracker,
  buildCommandRecord,
  commandEntryText,
  formatDuration,
} from '../../src/main/core/terminal/commands';
import type { ParsedItem, ShellMarker } from '../../src/main/core/terminal/markers';
import { HeadTailBuffer, edgeLines, stripAnsi, toPlainText } from '../../src/main/core/terminal/plain-text';

const mk = (marker: ShellMarker): ParsedItem => ({ kind: 'marker', marker });
const tx = (text: string): ParsedItem => ({ kind: 'text', text });
const ctx = { terminalId: 'term0001', incidentId: 'incident01', recorded: true };

describe('plain text', () => {
  it('strips colours, OSC titles, cursor moves and charset escapes', () => {
    expect(stripAnsi('\x1b[1;31mred\x1b[0m \x1b]0;title\x07ok\x1b(B\x1b[2K\x1b[?25l')).toBe('red ok');
  });

  it('resolves carriage-return overwrites and backspaces like a screen', () => {
    expect(toPlainText('10%\r50%\r100%\r\ndone\r\n')).toBe('100%\ndone\n');
    expect(toPlainText('abc\b\bX\n')).toBe('aXc\n');
  });

  it('picks first and last non-empty lines', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(edgeLines(text, 3)).toEqual({
      first: ['line 0', 'line 1', 'line 2'],
      last: ['line 17', 'line 18', 'line 19'],
    });
    expect(edgeLines('a\n\nb', 3)).toEqual({ first: ['a', 'b'], last: [] });
  });

  it('HeadTailBuffer keeps head and tail of unbounded input in bounded memory', () => {
    const buf = new HeadTailBuffer(10, 10);
    for (let i = 0; i < 10_000; i++) buf.append(String(i % 10));
    const { head, tail, elided } = buf.parts();
    expect(head).toBe('0123456789');
    expect(tail).toBe('0123456789');
    expect(elided).toBe(10_000 - 20);
    expect(buf.truncated).toBe(true);
    expect(buf.totalChars).toBe(10_000);
    const small = new HeadTailBuffer(10, 10);
    small.append('hello');
    expect(small.parts()).toEqual({ head: 'hello', tail: '', elided: 0 });
  });
});

describe('CommandTracker', () => {
  it('turns marker sequences into finished commands with exit code and duration', () => {
    const t = new CommandTracker();
    expect(
      t.consume([mk({ type: 'promptStart' }), tx('$ '), mk({ type: 'promptEnd' }), tx('echo hi\r\n')], 1_000),
    ).toEqual([]);
    expect(t.active).toBe(true);
    t.consume(
      [
        mk({ type: 'cwd', cwd: '/srv' }),
        mk({ type: 'commandLine', commandLine: 'echo hi' }),
        mk({ type: 'commandStart' }),
      ],
      1_000,
    );
    expect(t.running).toBe(true);
    t.consume([tx('hi\r\n')], 1_100);
    const [done] = t.consume([mk({ type: 'commandEnd', exitCode: 3 })], 1_250);
    expect(done).toMatchObject({ command: 'echo hi', exitCode: 3, startedAt: 1_000, finishedAt: 1_250, cwd: '/srv' });
    expect(done?.output.parts().head).toBe('hi\r\n');
    expect(t.running).toBe(false);
  });

  it('ignores an end without a start (Enter on an empty prompt, Ctrl-C at the prompt)', () => {
    const t = new CommandTracker();
    expect(t.consume([mk({ type: 'commandEnd', exitCode: 130 }), mk({ type: 'promptStart' })], 5)).toEqual([]);
  });

  it('closes a command whose end was never reported when the next prompt appears', () => {
    const t = new CommandTracker();
    t.consume([mk({ type: 'commandLine', commandLine: 'x' }), mk({ type: 'commandStart' })], 1);
    const [done] = t.consume([mk({ type: 'promptStart' })], 9);
    expect(done).toMatchObject({ command: 'x', exitCode: null, finishedAt: 9 });
  });
});

describe('buildCommandRecord', () => {
  it('redacts the command line and the output, and strips escapes', () => {
    const t = new CommandTracker();
    t.consume(
      [mk({ type: 'commandLine', commandLine: 'export API_KEY=sk-live-abc123' }), mk({ type: 'commandStart' })],
      0,
    );
    t.consume([tx('\x1b[31mtoken=abcdef123\x1b[0m\r\n')], 1);
    const [done] = t.consume([mk({ type: 'commandEnd', exitCode: 0 })], 2);
    const record = buildCommandRecord(done!, ctx);
    expect(record.command).toBe('export API_KEY=[REDACTED]');
    expect(record.output).toBe('token=[REDACTED]');
    expect(record.firstLines).toEqual(['token=[REDACTED]']);
    expect(JSON.stringify(record)).not.toContain('sk-live-abc123');
    expect(JSON.stringify(record)).not.toContain('abcdef123');
  });

  it('caps huge output, keeping its beginning and end', () => {
    const t = new CommandTracker(1_000, 1_000);
    t.consume([mk({ type: 'commandLine', commandLine: 'seq 100000' }), mk({ type: 'commandStart' })], 0);
    for (let i = 1; i <= 100_000; i++) t.consume([tx(`${i}\r\n`)], 1);
    const [done] = t.consume([mk({ type: 'commandEnd', exitCode: 0 })], 2_500);
    const record = buildCommandRecord(done!, ctx);
    expect(record.outputTruncated).toBe(true);
    expect(record.output.length).toBeLessThan(2_200);
    expect(record.firstLines[0]).toBe('1');
    expect(record.lastLines.at(-1)).toBe('100000');
    expect(record.output).toMatch(/characters not kept/);
    expect(record.durationMs).toBe(2_500);
  });

  it('renders a compact timeline text', () => {
    const record = buildCommandRecord(
      {
        command: "bash -c 'echo hello; exit 3'",
        exitCode: 3,
        startedAt: 0,
        finishedAt: 42,
        cwd: null,
        output: Object.assign(new HeadTailBuffer(100, 100), {}),
      },
      ctx,
    );
    expect(commandEntryText(record)).toBe("`$ bash -c 'echo hello; exit 3'` → exit 3 in 42 ms");
    expect(formatDuration(1_500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
