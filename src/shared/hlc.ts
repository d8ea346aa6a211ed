/**
 * Hybrid logical clock: wall millis + counter + peer id.
 *
 * Timestamps are encoded as fixed-width strings so that plain string comparison (and SQLite's
 * TEXT ordering) is the total order of ops: later wall time first, then counter, then peer id as
 * the deterministic tie-break. The peer part is the op's origin (see origin.ts).
 */
import { ORIGIN_SOURCE } from './origin';

export interface Hlc {
  readonly wall: number;
  readonly counter: number;
  readonly peer: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 999_999;
export const HLC_PATTERN = new RegExp(`^\\d{15}:\\d{6}:${ORIGIN_SOURCE}$`);

/** Default bound on how far ahead of our wall clock a remote clock may be before we refuse it. */
export const DEFAULT_MAX_DRIFT_MS = 60 * 60 * 1000;

export class ClockDriftError extends Error {
  constructor(
    readonly driftMs: number,
    readonly maxDriftMs: number,
  ) {
    super(
      `Clock drift of ${Math.round(driftMs / 1000)} s exceeds the ${Math.round(maxDriftMs / 1000)} s bound: check the system clock of this machine or of the sending peer`,
    );
    this.name = 'ClockDriftError';
  }
}

export function encodeHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_WIDTH, '0')}:${String(h.counter).padStart(COUNTER_WIDTH, '0')}:${h.peer}`;
}

export function decodeHlc(s: string): Hlc {
  if (!HLC_PATTERN.test(s)) throw new Error(`Malformed HLC timestamp: ${s.slice(0, 80)}`);
  const first = s.indexOf(':');
  const second = s.indexOf(':', first + 1);
  return {
    wall: Number(s.slice(0, first)),
    counter: Number(s.slice(first + 1, second)),
    peer: s.slice(second + 1),
  };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The wall time (ms since epoch) an encoded timestamp carries. */
export function hlcWall(s: string): number {
  return Number(s.slice(0, WALL_WIDTH));
}

export class HybridClock {
  private last: Hlc;

  constructor(
    readonly peer: string,
    private readonly wallClock: () => number = Date.now,
    private readonly maxDriftMs: number = DEFAULT_MAX_DRIFT_MS,
  ) {
    this.last = { wall: 0, counter: 0, peer };
  }

  /**
   * A fresh timestamp for a local event, strictly greater than every timestamp seen so far.
   * `origin` names the op sequence it stamps (one of this console's origins); the wall time and
   * counter are shared by all of them, so the order holds across origins.
   */
  now(origin: string = this.peer): string {
    const wall = this.wallClock();
    this.last =
      wall > this.last.wall ? { wall, counter: 0, peer: this.peer } : this.bump(this.last.wall, this.last.counter + 1);
    return encodeHlc(origin === this.peer ? this.last : { ...this.last, peer: origin });
  }

  /**
   * Merge a timestamp received from a peer so our next local timestamp orders after it.
   * Throws ClockDriftError when the remote clock runs further ahead of ours than the bound.
   */
  receive(remote: string): void {
    const r = decodeHlc(remote);
    const wall = this.wallClock();
    if (r.wall - wall > this.maxDriftMs) throw new ClockDriftError(r.wall - wall, this.maxDriftMs);
    const maxWall = Math.max(wall, this.last.wall, r.wall);
    let counter = 0;
    if (maxWall === this.last.wall && maxWall === r.wall) counter = Math.max(this.last.counter, r.counter) + 1;
    else if (maxWall === this.last.wall) counter = this.last.counter + 1;
    else if (maxWall === r.wall) counter = r.counter + 1;
    this.last = this.bump(maxWall, counter);
  }

  /** Restore the clock from the greatest timestamp persisted, so a restart never goes backwards. */
  observePersisted(stamp: string): void {
    const h = decodeHlc(stamp);
    if (h.wall > this.last.wall || (h.wall === this.last.wall && h.counter > this.last.counter)) {
      this.last = { wall: h.wall, counter: h.counter, peer: this.peer };
    }
  }

  private bump(wall: number, counter: number): Hlc {
    // Counter overflow means > 1M events in one millisecond: borrow the next millisecond.
    return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0, peer: this.peer } : { wall, counter, peer: this.peer };
  }
}
