import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowController } from '../../src/main/core/terminal/flow-control';
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
