/**
 * A controllable clock for time-dependent code: `advance` moves time forward firing every
 * interval on the way (as a running machine would), `jump` moves wall time at once and fires each
 * interval a single time (as after a laptop's sleep, when timers resume late, once).
 */
import type { SchedulerClock } from '../../src/main/core/cadence/scheduler';

interface Timer {
  readonly ms: number;
  readonly fn: () => void;
  next: number;
}

export class ManualClock implements SchedulerClock {
  private readonly timers = new Set<Timer>();

  constructor(public t: number) {}

  now = (): number => this.t;

  every(ms: number, fn: () => void): () => void {
    const timer: Timer = { ms, fn, next: this.t + ms };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  get activeTimers(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      let due: Timer | null = null;
      for (const timer of this.timers) if (timer.next <= target && (!due || timer.next < due.next)) due = timer;
      if (!due) break;
      this.t = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.t = target;
  }

  /** Wall time changes by `ms` (either way); pending intervals fire once. */
  jump(ms: number): void {
    this.t += ms;
    for (const timer of [...this.timers]) {
      timer.next = this.t + timer.ms;
      timer.fn();
    }
  }
}
