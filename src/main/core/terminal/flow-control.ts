/**
 * Flow control between a pty and the terminal view, as a pure state machine. The session counts
 * every character it takes from the pty; the view acknowledges characters once xterm.js has
 * parsed them. Above the high watermark the pty is paused, so a runaway producer (`yes`) blocks
 * in the kernel instead of filling our memory; below the low watermark it resumes. Nothing is
 * ever dropped: pausing only stops reading.
 *
 * An adaptive controller sizes the window from the view's own speed. Each pause is a
 * measurement: the view drained (unacknowledged at pause - unacknowledged at resume) characters
 * in the time between, which is its parse rate plus one ack round trip. The next window holds
 * `targetMs` of that rate, at most twice or half the previous one, within [min, max]; the low
 * watermark is half the window, so the view always has half a window queued while the next
 * half travels.
 */
import { FLOW_CONTROL } from '../../../shared/domain/terminal';

export type FlowAction = 'pause' | 'resume' | null;

export interface AdaptiveWindow {
  /** The starting and smallest window: a slow or new view gets no more than this. */
  readonly minChars: number;
  /** Bounds what one terminal can have in flight, whatever the view's speed. */
  readonly maxChars: number;
  /** How much of the view's throughput may be in flight: also how long Ctrl-C takes to show. */
  readonly targetMs: number;
  /** Monotonic milliseconds. */
  readonly clock: () => number;
}

export const DEFAULT_WINDOW: Omit<AdaptiveWindow, 'clock'> = {
  minChars: FLOW_CONTROL.highWatermarkChars,
  maxChars: FLOW_CONTROL.maxWindowChars,
  targetMs: FLOW_CONTROL.windowTargetMs,
};

export class FlowController {
  private unacked = 0;
  private paused = false;
  private high: number;
  private low: number;
  private pausedAt = 0;
  private unackedAtPause = 0;

  constructor(
    highWatermark: number = FLOW_CONTROL.highWatermarkChars,
    lowWatermark: number = FLOW_CONTROL.lowWatermarkChars,
    private readonly window: AdaptiveWindow | null = null,
  ) {
    if (!(lowWatermark >= 0 && highWatermark > lowWatermark)) {
      throw new RangeError(`flow control needs 0 <= low < high (got low ${lowWatermark}, high ${highWatermark})`);
    }
    this.high = highWatermark;
    this.low = lowWatermark;
  }

  /** A controller whose window follows the view's speed (see the module comment). */
  static adaptive(window: AdaptiveWindow): FlowController {
    if (!(window.minChars >= 2 && window.maxChars >= window.minChars && window.targetMs > 0)) {
      throw new RangeError('adaptive flow control needs 2 <= min <= max and a positive target');
    }
    return new FlowController(window.minChars, Math.floor(window.minChars / 2), window);
  }

  get highWatermark(): number {
    return this.high;
  }

  get lowWatermark(): number {
    return this.low;
  }

  get unacknowledged(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Characters read from the pty, on their way to the view. */
  received(chars: number): FlowAction {
    if (chars <= 0) return null;
    this.unacked += chars;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      if (this.window) {
        this.pausedAt = this.window.clock();
        this.unackedAtPause = this.unacked;
      }
      return 'pause';
    }
    return null;
  }

  /**
   * Characters the view has processed. A view cannot acknowledge more than was sent: the excess
   * is ignored (a confused or hostile client must not be able to unpause a flood forever).
   */
  acknowledged(chars: number): FlowAction {
    if (!(chars > 0)) return null;
    this.unacked = Math.max(0, this.unacked - chars);
    if (!this.paused || this.unacked >= this.low) return null;
    this.paused = false;
    this.resize();
    return 'resume';
  }

  /**
   * A fresh view attached (page reload, new window): nothing is in flight towards it any more,
   * and what the old view could take says nothing about the new one.
   */
  reset(): FlowAction {
    this.unacked = 0;
    if (this.window) {
      this.high = this.window.minChars;
      this.low = Math.floor(this.high / 2);
    }
    if (!this.paused) return null;
    this.paused = false;
    return 'resume';
  }

  private resize(): void {
    const window = this.window;
    if (!window) return;
    const elapsed = window.clock() - this.pausedAt;
    const drained = this.unackedAtPause - this.unacked;
    // Drained within the clock's resolution: as fast as can be told, so grow as far as allowed.
    const wanted = elapsed > 0 ? (drained / elapsed) * window.targetMs : Infinity;
    const floor = Math.max(window.minChars, this.high / 2);
    const ceiling = Math.min(window.maxChars, this.high * 2);
    this.high = Math.round(Math.min(ceiling, Math.max(floor, wanted)));
    this.low = Math.floor(this.high / 2);
  }
}
