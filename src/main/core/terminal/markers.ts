/**
 * Streaming parser of the prompt markers Warroom's shell integration prints (OSC 133 style):
 *
 *   ESC ] 133 ; A ; n=NONCE BEL              prompt starts
 *   ESC ] 133 ; B ; n=NONCE BEL              prompt ends: the user types the command line
 *   ESC ] 133 ; P ; Cwd=ESCAPED ; n=NONCE BEL  the shell's working directory
 *   ESC ] 133 ; E ; ESCAPED ; n=NONCE BEL      the command line about to run
 *   ESC ] 133 ; C ; n=NONCE BEL              the command starts (its output follows)
 *   ESC ] 133 ; D ; EXIT ; n=NONCE BEL         the command finished with that exit code
 *
 * (ST = ESC \ is accepted in place of BEL.) The nonce is a per-terminal secret the shell keeps
 * in an unexported variable: a program that prints look-alike markers (`cat evil.txt`) cannot
 * forge a command record, and its sequences pass through as ordinary output.
 *
 * Pty output arrives in arbitrary chunks, so a marker may be split anywhere; the parser holds
 * back a possible marker's beginning until it is complete. Markers are removed from the text;
 * everything else, other escape sequences included, passes through unchanged and in order.
 */

export type ShellMarker =
  | { readonly type: 'promptStart' }
  | { readonly type: 'promptEnd' }
  | { readonly type: 'cwd'; readonly cwd: string }
  | { readonly type: 'commandLine'; readonly commandLine: string }
  | { readonly type: 'commandStart' }
  | { readonly type: 'commandEnd'; readonly exitCode: number | null };

export type ParsedItem =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'marker'; readonly marker: ShellMarker };

const PREFIX = '\x1b]133;';
/** A marker longer than this is not ours (command lines are capped by the shell side too). */
const MAX_MARKER_CHARS = 16 * 1024;

export class MarkerParser {
  private held = '';

  constructor(private readonly nonce: string) {
    if (!/^[A-Za-z0-9_-]{8,}$/.test(nonce)) throw new RangeError('marker nonce must be 8+ URL-safe characters');
  }

  /** Parse the next chunk; returns text and markers in stream order. */
  feed(chunk: string): ParsedItem[] {
    const input = this.held + chunk;
    this.held = '';
    const items: ParsedItem[] = [];
    let textStart = 0;
    let i = input.indexOf('\x1b');
    while (i !== -1) {
      const rest = input.length - i;
      if (rest < PREFIX.length) {
        if (PREFIX.startsWith(input.slice(i))) {
          this.held = input.slice(i);
          pushText(items, input.slice(textStart, i));
          return items;
        }
        i = input.indexOf('\x1b', i + 1);
        continue;
      }
      if (!input.startsWith(PREFIX, i)) {
        i = input.indexOf('\x1b', i + 1);
        continue;
      }
      const end = findTerminator(input, i + PREFIX.length);
      if (end === null) {
        if (rest <= MAX_MARKER_CHARS) {
          this.held = input.slice(i);
          pushText(items, input.slice(textStart, i));
          return items;
        }
        // Too long to be ours: let it through as output.
        i = input.indexOf('\x1b', i + 1);
        continue;
      }
      const marker = this.decode(input.slice(i + PREFIX.length, end.bodyEnd));
      if (marker) {
        pushText(items, input.slice(textStart, i));
        items.push({ kind: 'marker', marker });
        textStart = end.next;
      }
      i = input.indexOf('\x1b', end.next);
    }
    pushText(items, input.slice(textStart));
    return items;
  }

  /** Release whatever is held back (the stream ended). */
  flush(): ParsedItem[] {
    const rest = this.held;
    this.held = '';
    return rest ? [{ kind: 'text', text: rest }] : [];
  }

  /** Characters currently held back waiting for the rest of a possible marker. */
  get pending(): number {
    return this.held.length;
  }

  private decode(body: string): ShellMarker | null {
    const parts = body.split(';');
    const last = parts.pop();
    if (last !== `n=${this.nonce}`) return null;
    const [letter, ...params] = parts;
    switch (letter) {
      case 'A':
        return params.length === 0 ? { type: 'promptStart' } : null;
      case 'B':
        return params.length === 0 ? { type: 'promptEnd' } : null;
      case 'C':
        return params.length === 0 ? { type: 'commandStart' } : null;
      case 'E':
        return params.length === 1 ? { type: 'commandLine', commandLine: unescapeValue(params[0] ?? '') } : null;
      case 'D': {
        if (params.length > 1) return null;
        const code = params[0];
        return { type: 'commandEnd', exitCode: code !== undefined && /^\d{1,3}$/.test(code) ? Number(code) : null };
      }
      case 'P': {
        const param = params[0];
        return params.length === 1 && param?.startsWith('Cwd=')
          ? { type: 'cwd', cwd: unescapeValue(param.slice(4)) }
          : null;
      }
      default:
        return null;
    }
  }
}

function findTerminator(input: string, from: number): { bodyEnd: number; next: number } | null {
  for (let j = from; j < input.length; j++) {
    const c = input.charCodeAt(j);
    if (c === 0x07) return { bodyEnd: j, next: j + 1 };
    if (c === 0x1b) {
      if (j + 1 >= input.length) return null;
      // ESC \ is ST; any other ESC means the sequence was abandoned: treat it as ended here.
      return input[j + 1] === '\\' ? { bodyEnd: j, next: j + 2 } : { bodyEnd: j, next: j };
    }
  }
  return null;
}

function pushText(items: ParsedItem[], text: string): void {
  if (text.length === 0) return;
  const last = items.at(-1);
  if (last?.kind === 'text') items[items.length - 1] = { kind: 'text', text: last.text + text };
  else items.push({ kind: 'text', text });
}

/**
 * Values are escaped by the shell: `\\` for a backslash and `\xHH` for `;` and control
 * characters. Control characters that survive decoding are dropped: a command line is text.
 */
export function unescapeValue(value: string): string {
  const decoded = value.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, what: string, hex: string | undefined) =>
    hex === undefined ? what : String.fromCharCode(parseInt(hex, 16)),
  );
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return decoded.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/** The inverse of unescapeValue, for tests and for printing markers from TypeScript. */
export function escapeValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return value.replace(/[\\;\x00-\x1f\x7f]/g, (c) =>
    c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

export function formatMarker(nonce: string, letter: string, ...params: string[]): string {
  return `${PREFIX}${[letter, ...params, `n=${nonce}`].join(';')}\x07`;
}
