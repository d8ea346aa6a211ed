/**
 * Terminal output as plain text for the timeline and transcript exports: escape sequences
 * removed, carriage-return overwrites (progress bars) and backspaces resolved the way a screen
 * would show them, line endings normalised.
 */

/* eslint-disable no-control-regex -- terminal control sequences are the subject of this module */
const ANSI = new RegExp(
  [
    // OSC ... (BEL | ST), including an unterminated one at the end of the text
    '\\x1b\\][^\\x07\\x1b]*(?:\\x07|\\x1b\\\\|$)',
    // DCS / SOS / PM / APC ... ST
    '\\x1b[PX^_][^\\x1b]*(?:\\x1b\\\\|$)',
    // CSI
    '\\x1b\\[[0-?]*[ -/]*[@-~]',
    // two- and three-character escapes (charset selection, keypad modes, ...)
    '\\x1b[ -/]*[0-~]',
    // a lone ESC cut off at the end
    '\\x1b$',
    // 8-bit CSI
    '\\x9b[0-?]*[ -/]*[@-~]',
  ].join('|'),
  'g',
);
const OTHER_CONTROLS = /[\x00-\x07\x0b\x0c\x0e-\x1f\x7f]/g;
/* eslint-enable no-control-regex */

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** What the screen would show, as lines of text. */
export function toPlainText(raw: string): string {
  const text = stripAnsi(raw).replace(/\r+\n/g, '\n');
  return (
    text
      .split('\n')
      // Trailing blanks are invisible on a screen (and zsh pads its PROMPT_SP line with them).
      .map((line) => renderLine(line).replace(OTHER_CONTROLS, '').trimEnd())
      .join('\n')
  );
}

function renderLine(line: string): string {
  if (!line.includes('\r') && !line.includes('\b')) return line;
  // A carriage return moves to column 0 and later text overwrites earlier text.
  let cells: string[] = [];
  let col = 0;
  for (const ch of line) {
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else {
      cells[col] = ch;
      col++;
    }
  }
  cells = Array.from(cells, (c) => c ?? ' ');
  return cells.join('');
}

/** The first and last `count` non-empty lines. */
export function edgeLines(text: string, count: number): { first: string[]; last: string[] } {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length <= count) return { first: lines, last: [] };
  const first = lines.slice(0, count);
  const last = lines.slice(Math.max(count, lines.length - count));
  return { first, last };
}

/**
 * Keeps the beginning and the end of a stream of unbounded length in bounded memory: the first
 * `headChars` characters and the last `tailChars`, and how many were seen in total.
 */
export class HeadTailBuffer {
  private head = '';
  private tailChunks: string[] = [];
  private tailLength = 0;
  private total = 0;

  constructor(
    private readonly headChars: number,
    private readonly tailChars: number,
  ) {}

  append(text: string): void {
    this.total += text.length;
    if (this.head.length < this.headChars) {
      const room = this.headChars - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
      if (text.length === 0) return;
    }
    this.tailChunks.push(text);
    this.tailLength += text.length;
    while (this.tailChunks.length > 1 && this.tailLength - (this.tailChunks[0]?.length ?? 0) >= this.tailChars) {
      this.tailLength -= this.tailChunks.shift()?.length ?? 0;
    }
  }

  get totalChars(): number {
    return this.total;
  }

  /** Whether something between head and tail was dropped. */
  get truncated(): boolean {
    return this.total > this.headChars + this.tailChars;
  }

  /** Head and tail; `elided` characters were dropped between them. */
  parts(): { head: string; tail: string; elided: number } {
    let tail = this.tailChunks.join('');
    if (tail.length > this.tailChars) tail = tail.slice(tail.length - this.tailChars);
    return { head: this.head, tail, elided: this.total - this.head.length - tail.length };
  }
}
