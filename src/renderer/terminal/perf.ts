/**
 * Performance marks for bench/terminal.bench.ts: key down in a terminal to the echoed glyph
 * painted. The first output written after a key press is its echo; the measure ends after the
 * frame that renders it has been painted.
 */
export const TERMINAL_MARKS = {
  key: 'warroom:terminal:key',
  painted: 'warroom:terminal:echo-painted',
  keyToPaint: 'warroom:terminal:key-to-paint',
} as const;

let keyPending = false;
let echoWritten = false;

export function markKey(): void {
  if (keyPending) return;
  keyPending = true;
  echoWritten = false;
  performance.clearMarks(TERMINAL_MARKS.key);
  performance.mark(TERMINAL_MARKS.key);
}

/** Output for the view was handed to xterm.js. */
export function noteWrite(): void {
  if (keyPending) echoWritten = true;
}

/** xterm.js rendered rows (called from its render, inside a frame callback): if they carry the echo, mark once painted. */
export function noteRender(): void {
  if (!keyPending || !echoWritten) return;
  keyPending = false;
  echoWritten = false;
  // xterm.js renders inside an animation-frame callback: a task queued from there runs once
  // that frame has been painted (another frame request would wait a whole frame longer).
  setTimeout(() => {
    performance.mark(TERMINAL_MARKS.painted);
    performance.measure(TERMINAL_MARKS.keyToPaint, TERMINAL_MARKS.key, TERMINAL_MARKS.painted);
  }, 0);
}
