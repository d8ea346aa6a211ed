import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputPacer, SYNC_BEGIN, SYNC_END, type PacerTimers } from '../../src/renderer/terminal/output-pacer';
import { skipEmptySelectionRedraws } from '../../src/renderer/terminal/selection-redraws';

/** Timers and frames run by hand, as the page's event loop would. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const frameWaiters = new Set<() => void>();
  const timers: PacerTimers = {
    setTimeout: (run, ms) => {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => {
      due.delete(handle as number);
    },
    afterFrame: (run) => {
      frameWaiters.add(run);
      return () => frameWaiters.delete(run);
    },
  };
  return {
    timers,
    pending: () => due.size + frameWaiters.size,
    frame(): void {
      const waiting = [...frameWaiters];
      frameWaiters.clear();
      for (const run of waiting) run();
    },
    advance(ms: number): void {
      now += ms;
      for (const [id, timer] of [...due]) {
        if (timer.at > now) continue;
        due.delete(id);
        timer.run();
      }
    },
  };
}

function setup(options = { bulkChars: 100, frameMs: 50 }) {
  const clock = manualTimers();
  const writes: { text: string; chars: number }[] = [];
  // xterm.js parses each write at once here.
  const pacer = new OutputPacer(
    (text, chars, parsed) => {
      writes.push({ text, chars });
      parsed?.();
    },
    clock.timers,
    options,
  );
  const texts = () => writes.map((w) => w.text);
  return { pacer, clock, writes, texts };
}

const bulk = (c: string) => c.repeat(100);

describe('OutputPacer', () => {
  it('writes small output as it comes: no synchronized update, no timer', () => {
    const { pacer, clock, writes } = setup();
    pacer.push('a');
    pacer.push('$ ');
    expect(writes).toEqual([
      { text: 'a', chars: 1 },
      { text: '$ ', chars: 2 },
    ]);
    expect(clock.pending()).toBe(0);
    expect(pacer.updating).toBe(false);
  });

  it('opens an update on a bulk write, keeps writing through it, ends it frameMs later', () => {
    const { pacer, clock, writes, texts } = setup();
    pacer.push(bulk('x'));
    expect(texts()).toEqual([SYNC_BEGIN + bulk('x')]);
    expect(pacer.updating).toBe(true);
    // Output during the update goes to xterm at once (it parses; the frame waits).
    pacer.push(bulk('y'));
    pacer.push('z');
    expect(texts()).toEqual([SYNC_BEGIN + bulk('x'), bulk('y'), 'z']);
    clock.advance(49);
    expect(pacer.updating).toBe(true);
    clock.advance(1);
    expect(pacer.updating).toBe(false);
    expect(writes.at(-1)).toEqual({ text: SYNC_END, chars: 0 });
    // Until the frame that draws it, no new update: it would be parsed before that frame, which
    // would then draw nothing.
    pacer.push(bulk('w'));
    expect(texts().at(-1)).toBe(bulk('w'));
    clock.frame();
    pacer.push(bulk('v'));
    expect(texts().at(-1)).toBe(SYNC_BEGIN + bulk('v'));
  });

  it('acknowledges exactly the output: its own mode switches count for nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 250 }), fc.constantFrom(SYNC_BEGIN, SYNC_END, '\x1b[?20', '26h')), {
          maxLength: 40,
        }),
        fc.array(fc.nat(80)),
        (chunks, gaps) => {
          const { pacer, clock, writes } = setup();
          chunks.forEach((chunk, i) => {
            pacer.push(chunk);
            clock.advance(gaps[i] ?? 0);
          });
          clock.advance(1_000);
          const output = chunks.join('');
          expect(writes.reduce((n, w) => n + w.chars, 0)).toBe(output.length);
          // What xterm got is the output with only whole mode switches added, never cut into it.
          const shown = writes.map((w) => w.text).join('');
          expect(shown.split(SYNC_BEGIN).join('').split(SYNC_END).join('')).toBe(
            output.split(SYNC_BEGIN).join('').split(SYNC_END).join(''),
          );
          // Every update it opened, it closed.
          expect(pacer.updating).toBe(false);
          expect(clock.pending()).toBe(0);
        },
      ),
    );
  });

  it("never opens or ends an update inside a program's own (full-screen redraws)", () => {
    const { pacer, clock, texts } = setup();
    pacer.push(SYNC_BEGIN + 'redraw');
    pacer.push(bulk('r'));
    // The program's update is open: no update of ours (only the program's safety timer runs).
    expect(texts()).toEqual([SYNC_BEGIN + 'redraw', bulk('r')]);
    expect(pacer.updating).toBe(false);
    expect(clock.pending()).toBe(1);
    pacer.push('done' + SYNC_END);
    expect(clock.pending()).toBe(0);
    pacer.push(bulk('x'));
    expect(texts().at(-1)).toBe(SYNC_BEGIN + bulk('x'));
    expect(clock.pending()).toBe(1);

    // The program opens its own while ours is open: ours is not ended over it.
    pacer.push('\x1b[?20');
    pacer.push('26h' + 'partial frame');
    clock.advance(50);
    expect(texts()).not.toContain(SYNC_END);
    expect(pacer.updating).toBe(false);
    clock.advance(1_000);
    expect(clock.pending()).toBe(0);
  });

  it('lets go of a program update left open after a second, as xterm.js does', () => {
    const { pacer, clock, texts } = setup();
    pacer.push(SYNC_BEGIN + 'half a redraw, then the program was killed');
    pacer.push(bulk('x'));
    expect(texts().at(-1)).toBe(bulk('x'));
    clock.advance(999);
    pacer.push(bulk('y'));
    expect(texts().at(-1)).toBe(bulk('y'));
    clock.advance(1);
    pacer.push(bulk('z'));
    expect(texts().at(-1)).toBe(SYNC_BEGIN + bulk('z'));
  });

  it('finds a mode switch split across writes, at any cut', () => {
    for (let cut = 1; cut < SYNC_BEGIN.length; cut++) {
      const { pacer, clock, texts } = setup();
      pacer.push('output ' + SYNC_BEGIN.slice(0, cut));
      pacer.push(SYNC_BEGIN.slice(cut) + 'frame');
      pacer.push(bulk('x'));
      expect(texts().at(-1), `cut at ${cut}`).toBe(bulk('x'));
      // Only the timer that lets go of the program's update, none of the pacer's.
      expect(clock.pending()).toBe(1);
      expect(pacer.updating).toBe(false);
    }
  });

  it('stops writing and clears its timers once disposed', () => {
    const { pacer, clock, writes } = setup();
    pacer.push(bulk('x'));
    pacer.dispose();
    expect(clock.pending()).toBe(0);
    pacer.push('late');
    clock.advance(100);
    expect(writes).toHaveLength(1);

    const drawing = setup();
    drawing.pacer.push(bulk('x'));
    drawing.clock.advance(50);
    expect(drawing.clock.pending()).toBe(1);
    drawing.pacer.dispose();
    expect(drawing.clock.pending()).toBe(0);
  });
});

describe('skipEmptySelectionRedraws', () => {
  function fakeTerminal() {
    const calls: unknown[][] = [];
    const renderService = {
      handleSelectionChanged(start: unknown, end: unknown, columnSelectMode: boolean): void {
        calls.push([start, end, columnSelectMode]);
      },
    };
    return { term: { _core: { _renderService: renderService } }, renderService, calls };
  }

  it('lets a selection redraw through only when a selection is or was drawn', () => {
    const { term, renderService, calls } = fakeTerminal();
    expect(skipEmptySelectionRedraws(term)).toBe(true);
    const redraw = (start?: [number, number], end?: [number, number]) =>
      renderService.handleSelectionChanged(start, end, false);
    redraw(); // the first: what is drawn is not known yet
    redraw(); // nothing to nothing: skipped
    redraw([0, 1], undefined); // a drag just started: still nothing drawn
    expect(calls).toHaveLength(1);
    redraw([0, 1], [4, 1]);
    redraw([0, 1], [6, 1]);
    redraw(); // cleared: the highlight must go
    redraw();
    expect(calls).toEqual([
      [undefined, undefined, false],
      [[0, 1], [4, 1], false],
      [[0, 1], [6, 1], false],
      [undefined, undefined, false],
    ]);
  });

  it('leaves a terminal of another shape alone', () => {
    expect(skipEmptySelectionRedraws({})).toBe(false);
    expect(skipEmptySelectionRedraws({ _core: { _renderService: {} } })).toBe(false);
  });
});
