import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowController } from '../../src/main/core/terminal/flow-control';
import { FLOW_CONTROL } from '../../src/shared/domain/terminal';

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
