import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, FlowController, type AdaptiveWindow } from '../../src/main/core/terminal/flow-control';
import { AckCounter, FLOW_CONTROL, safeLinkTarget } from '../../src/shared/domain/terminal';

describe('FlowController', () => {
  it('uses the architecture watermarks by default', () => {
    const flow = new FlowController();
    expect(flow.highWatermark).toBe(100_000);
    expect(flow.lowWatermark).toBe(5_000);
    expect(FLOW_CONTROL.ackStepChars).toBe(5_000);
  });

  it('pauses once above the high watermark, not at it', () => {
    const flow = new FlowController();
    expect(flow.received(100_000)).toBeNull();
    expect(flow.isPaused).toBe(false);
    expect(flow.received(1)).toBe('pause');
    expect(flow.isPaused).toBe(true);
    // Already paused: more data (what was in flight) does not pause twice.
    expect(flow.received(50_000)).toBeNull();
    expect(flow.unacknowledged).toBe(150_001);
  });

  it('resumes only below the low watermark, acknowledged in 5,000-char steps', () => {
    const flow = new FlowController();
    flow.received(120_000);
    const actions: (string | null)[] = [];
    for (let acked = 0; acked < 120_000; acked += 5_000) actions.push(flow.acknowledged(5_000));
    // 120,000 - 5,000*k < 5,000 first holds at k = 24 (the last ack): resume exactly once.
    expect(actions.filter((a) => a === 'resume')).toHaveLength(1);
    expect(actions.at(-1)).toBe('resume');
    expect(flow.unacknowledged).toBe(0);
  });

  it('stays paused at exactly the low watermark', () => {
    const flow = new FlowController();
    flow.received(100_001);
    expect(flow.acknowledged(95_001)).toBeNull();
    expect(flow.unacknowledged).toBe(5_000);
    expect(flow.acknowledged(1)).toBe('resume');
  });

  it('ignores acknowledgements beyond what was sent, and nonsense values', () => {
    const flow = new FlowController();
    flow.received(10);
    expect(flow.acknowledged(1_000_000)).toBeNull();
    expect(flow.unacknowledged).toBe(0);
    expect(flow.acknowledged(-5)).toBeNull();
    expect(flow.acknowledged(Number.NaN)).toBeNull();
    expect(flow.received(0)).toBeNull();
    expect(flow.unacknowledged).toBe(0);
    // Over-acknowledging earlier does not buy credit for later: the next flood still pauses.
    expect(flow.received(100_001)).toBe('pause');
  });

  it('resumes when a fresh view attaches', () => {
    const flow = new FlowController();
    flow.received(200_000);
    expect(flow.reset()).toBe('resume');
    expect(flow.unacknowledged).toBe(0);
    expect(flow.reset()).toBeNull();
  });

  it('rejects inverted watermarks', () => {
    expect(() => new FlowController(10, 10)).toThrow(RangeError);
    expect(() => new FlowController(10, -1)).toThrow(RangeError);
  });

  it('never lets unacknowledged output grow past high + one read while the producer honours pause (property)', () => {
    const READ = 65_536;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ read: fc.integer({ min: 1, max: READ }) }),
            fc.record({ ack: fc.integer({ min: 1, max: 20_000 }) }),
          ),
        ),
        (steps) => {
          const flow = new FlowController();
          let sent = 0;
          let acked = 0;
          for (const step of steps) {
            if ('read' in step) {
              if (flow.isPaused) continue; // a paused pty delivers nothing
              sent += step.read;
              flow.received(step.read);
            } else {
              const ack = Math.min(step.ack, sent - acked);
              acked += ack;
              flow.acknowledged(ack);
            }
            expect(flow.unacknowledged).toBe(sent - acked);
            expect(flow.unacknowledged).toBeLessThanOrEqual(100_000 + READ);
            if (flow.unacknowledged > 100_000) expect(flow.isPaused).toBe(true);
          }
        },
      ),
    );
  });
});

/** An adaptive controller on a hand-driven clock. */
function adaptive(window: Partial<Omit<AdaptiveWindow, 'clock'>> = {}): {
  flow: FlowController;
  advance(ms: number): void;
} {
  let now = 1_000;
  const flow = FlowController.adaptive({ ...DEFAULT_WINDOW, ...window, clock: () => now });
  return { flow, advance: (ms) => void (now += ms) };
}

/** One window of a flood: read until the pty pauses, then the view drains to resume at `rate` chars/ms. */
function floodOnce(flow: FlowController, advance: (ms: number) => void, rate: number): void {
  while (flow.received(4_096) !== 'pause');
  for (;;) {
    const ack = Math.min(5_000, flow.unacknowledged);
    advance(ack / rate);
    if (flow.acknowledged(ack) === 'resume') return;
  }
}

describe('FlowController.adaptive', () => {
  it('starts at the fixed high watermark, half of it low, and the bounds come from FLOW_CONTROL', () => {
    const { flow } = adaptive();
    expect(flow.highWatermark).toBe(FLOW_CONTROL.highWatermarkChars);
    expect(flow.lowWatermark).toBe(FLOW_CONTROL.highWatermarkChars / 2);
    expect(DEFAULT_WINDOW.maxChars).toBe(FLOW_CONTROL.maxWindowChars);
    expect(DEFAULT_WINDOW.targetMs).toBe(FLOW_CONTROL.windowTargetMs);
  });

  it('grows towards targetMs of a fast view, at most doubling per pause, up to the maximum', () => {
    const { flow, advance } = adaptive();
    // 10,000 chars/ms (10 MB/s): 100 ms of it is 1,000,000 chars.
    const windows: number[] = [];
    for (let i = 0; i < 8; i++) {
      floodOnce(flow, advance, 10_000);
      windows.push(flow.highWatermark);
    }
    expect(windows[0]).toBe(200_000);
    expect(windows[1]).toBe(400_000);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!).toBeLessThanOrEqual(2 * windows[i - 1]!);
    expect(windows.at(-1)).toBeCloseTo(1_000_000, -4);
    expect(flow.lowWatermark).toBe(Math.floor(flow.highWatermark / 2));

    // A view faster than can be timed (the whole window acknowledged in no time) is capped.
    for (let i = 0; i < 10; i++) floodOnce(flow, advance, Infinity);
    expect(flow.highWatermark).toBe(FLOW_CONTROL.maxWindowChars);
  });

  it('shrinks back, at most halving per pause, when the view slows down, never below the start', () => {
    const { flow, advance } = adaptive();
    for (let i = 0; i < 10; i++) floodOnce(flow, advance, Infinity);
    expect(flow.highWatermark).toBe(FLOW_CONTROL.maxWindowChars);
    floodOnce(flow, advance, 100); // 100 chars/ms: wants 10,000
    expect(flow.highWatermark).toBe(FLOW_CONTROL.maxWindowChars / 2);
    for (let i = 0; i < 10; i++) floodOnce(flow, advance, 100);
    expect(flow.highWatermark).toBe(FLOW_CONTROL.highWatermarkChars);
  });

  it('a stalled view keeps the smallest window: nothing grows without acknowledgements', () => {
    const { flow, advance } = adaptive();
    while (flow.received(4_096) !== 'pause');
    advance(60_000);
    expect(flow.received(50_000)).toBeNull();
    expect(flow.highWatermark).toBe(FLOW_CONTROL.highWatermarkChars);
    expect(flow.isPaused).toBe(true);
  });

  it('a fresh view starts again from the smallest window', () => {
    const { flow, advance } = adaptive();
    for (let i = 0; i < 5; i++) floodOnce(flow, advance, Infinity);
    expect(flow.highWatermark).toBeGreaterThan(FLOW_CONTROL.highWatermarkChars);
    flow.received(flow.highWatermark + 1);
    expect(flow.reset()).toBe('resume');
    expect(flow.highWatermark).toBe(FLOW_CONTROL.highWatermarkChars);
    expect(flow.unacknowledged).toBe(0);
  });

  it('rejects nonsense windows', () => {
    const clock = (): number => 0;
    expect(() => FlowController.adaptive({ minChars: 1, maxChars: 10, targetMs: 100, clock })).toThrow(RangeError);
    expect(() => FlowController.adaptive({ minChars: 100, maxChars: 10, targetMs: 100, clock })).toThrow(RangeError);
    expect(() => FlowController.adaptive({ minChars: 100, maxChars: 1_000, targetMs: 0, clock })).toThrow(RangeError);
  });

  it('never lets unacknowledged output past the maximum window + one read, whatever the timing (property)', () => {
    const READ = 65_536;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ read: fc.integer({ min: 1, max: READ }) }),
            fc.record({ ack: fc.integer({ min: 1, max: 200_000 }) }),
            fc.record({ wait: fc.integer({ min: 0, max: 200 }) }),
          ),
          { maxLength: 300 },
        ),
        (steps) => {
          const { flow, advance } = adaptive({ minChars: 10_000, maxChars: 300_000 });
          let sent = 0;
          let acked = 0;
          for (const step of steps) {
            if ('read' in step) {
              if (flow.isPaused) continue;
              sent += step.read;
              flow.received(step.read);
            } else if ('ack' in step) {
              const ack = Math.min(step.ack, sent - acked);
              acked += ack;
              flow.acknowledged(ack);
            } else {
              advance(step.wait);
            }
            expect(flow.unacknowledged).toBe(sent - acked);
            expect(flow.unacknowledged).toBeLessThanOrEqual(300_000 + READ);
            expect(flow.highWatermark).toBeGreaterThanOrEqual(10_000);
            expect(flow.highWatermark).toBeLessThanOrEqual(300_000);
            expect(flow.lowWatermark).toBeLessThan(flow.highWatermark);
            if (flow.unacknowledged > flow.highWatermark) expect(flow.isPaused).toBe(true);
          }
        },
      ),
    );
  });
});

describe('AckCounter (the view side)', () => {
  it('acknowledges in steps of at least 5,000 characters and loses nothing', () => {
    const acks = new AckCounter();
    let acked = 0;
    let written = 0;
    for (const chunk of [1, 4_998, 1, 10_000, 3, 2_000, 2_997]) {
      written += chunk;
      const n = acks.processed(chunk);
      if (n > 0) expect(n).toBeGreaterThanOrEqual(5_000);
      acked += n;
    }
    expect(written).toBe(20_000);
    expect(acked).toBe(20_000);
    expect(acks.processed(0)).toBe(0);
    acks.processed(10);
    acks.reset();
    expect(acks.processed(4_999)).toBe(0);
  });

  it('drives a FlowController through a flood and back', () => {
    const flow = new FlowController();
    const acks = new AckCounter();
    let paused = false;
    for (let i = 0; i < 100; i++) {
      if (flow.received(4_096) === 'pause') paused = true;
    }
    expect(paused).toBe(true);
    let resumed = false;
    for (let i = 0; i < 100; i++) {
      const n = acks.processed(4_096);
      if (n > 0 && flow.acknowledged(n) === 'resume') resumed = true;
    }
    expect(resumed).toBe(true);
    expect(flow.unacknowledged).toBeLessThan(5_000);
  });
});

describe('safeLinkTarget', () => {
  it.each([
    ['https://status.example.com/incidents/42', 'https://status.example.com/incidents/42'],
    ['http://localhost:9090/graph?g0.expr=up', 'http://localhost:9090/graph?g0.expr=up'],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vscode://file/x', null],
    ['https://user:pw@example.com/', null],
    ['not a url', null],
  ])('%s -> %s', (input, expected) => {
    expect(safeLinkTarget(input)).toBe(expected);
  });
});
