/**
 * Flow control between a pty and the terminal view, as a pure state machine. The session counts
 * every character it takes from the pty; the view acknowledges characters once xterm.js has
 * parsed them. Above the high watermark the pty is paused, so a runaway producer (`yes`) blocks
 * in the kernel instead of filling our memory; below the low watermark it resumes. Nothing is
 * ever dropped: pausing only stops reading.
 */
import { FLOW_CONTROL } from '../../../shared/domain/terminal';

export type FlowAction = 'pause' | 'resume' | null;

export class FlowController {
  private unacked = 0;
  private paused = false;

  constructor(
    readonly highWatermark: number = FLOW_CONTROL.highWatermarkChars,
    readonly lowWatermark: number = FLOW_CONTROL.lowWatermarkChars,
  ) {
    if (!(lowWatermark >= 0 && highWatermark > lowWatermark)) {
      throw new RangeError(`flow control needs 0 <= low < high (got low ${lowWatermark}, high ${highWatermark})`);
    }
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
    if (!this.paused && this.unacked > this.highWatermark) {
      this.paused = true;
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
    return this.maybeResume();
  }

  /** A fresh view attached (page reload, new window): nothing is in flight towards it any more. */
  reset(): FlowAction {
    this.unacked = 0;
    return this.maybeResume();
  }

  private maybeResume(): FlowAction {
    if (this.paused && this.unacked < this.lowWatermark) {
      this.paused = false;
      return 'resume';
    }
    return null;
  }
}
