import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClockDriftError,
  DEFAULT_MAX_DRIFT_MS,
  HybridClock,
  compareHlc,
  decodeHlc,
  encodeHlc,
  hlcWall,
  type Hlc,
} from '../../src/shared/hlc';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const MIN = 60_000;

/** A wall clock the test moves by hand. */
function manualClock(start = T0): { now: () => number; set: (t: number) => void } {
  let t = start;
  return { now: () => t, set: (v) => (t = v) };
}

const peerArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const hlcArb: fc.Arbitrary<Hlc> = fc.record({
  wall: fc.integer({ min: 0, max: 999_999_999_999_999 }),
  counter: fc.integer({ min: 0, max: 999_999 }),
  peer: peerArb,
});

function tupleOrder(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return Math.sign(a.wall - b.wall);
  if (a.counter !== b.counter) return Math.sign(a.counter - b.counter);
  return a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0;
}

describe('HybridClock.now', () => {
  it('is strictly increasing while the wall clock stands still', () => {
    const clock = new HybridClock('a', () => T0);
    let prev = clock.now();
    for (let i = 0; i < 5_000; i++) {
      const next = clock.now();
      expect(compareHlc(next, prev)).toBe(1);
      prev = next;
    }
    expect(decodeHlc(prev)).toEqual({ wall: T0, counter: 5_000, peer: 'a' });
  });

  it('is strictly increasing whatever the wall clock does, and follows it when it moves ahead', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10 * MIN, max: 10 * MIN }), { minLength: 1, maxLength: 200 }),
        (jumps) => {
          const wall = manualClock();
          const clock = new HybridClock('p1', wall.now);
          let prev = '';
          let highestWall = 0;
          for (const jump of jumps) {
            wall.set(wall.now() + jump);
            const stamp = clock.now();
            expect(stamp > prev).toBe(true);
            highestWall = Math.max(highestWall, wall.now());
            // Never behind the wall clock, never ahead of the highest wall time seen.
            expect(hlcWall(stamp)).toBe(highestWall);
            prev = stamp;
          }
        },
      ),
    );
  });

  it('borrows the next millisecond when the counter overflows', () => {
    const clock = new HybridClock('a', () => T0);
    clock.observePersisted(encodeHlc({ wall: T0, counter: 999_998, peer: 'a' }));
    const last = clock.now();
    expect(decodeHlc(last)).toEqual({ wall: T0, counter: 999_999, peer: 'a' });
    const overflow = clock.now();
    expect(decodeHlc(overflow)).toEqual({ wall: T0 + 1, counter: 0, peer: 'a' });
    expect(overflow > last).toBe(true);
    // The wall clock catching up to the borrowed millisecond must not repeat a timestamp.
    const after = clock.now();
    expect(after > overflow).toBe(true);
  });

  it('borrows the next millisecond when merging a remote counter at its maximum', () => {
    const clock = new HybridClock('a', () => T0);
    const remote = encodeHlc({ wall: T0, counter: 999_999, peer: 'b' });
    clock.receive(remote);
    const next = clock.now();
    expect(next > remote).toBe(true);
    expect(decodeHlc(next).wall).toBe(T0 + 1);
  });
});

describe('HybridClock.receive', () => {
  it('orders local events after remote ones from clocks skewed by up to 10 minutes, and stays monotonic', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
      fc.record({ kind: fc.constant('local' as const) }),
      fc.record({
        kind: fc.constant('remote' as const),
        peer: fc.constantFrom('r1', 'r2', 'r3'),
        skew: fc.integer({ min: -10 * MIN, max: 10 * MIN }),
        counter: fc.integer({ min: 0, max: 999_999 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const wall = manualClock();
        const clock = new HybridClock('local', wall.now);
        let lastLocal = '';
        let maxSeen = '';
        for (const s of steps) {
          if (s.kind === 'tick') wall.set(wall.now() + s.ms);
          else if (s.kind === 'remote') {
            const remote = encodeHlc({ wall: wall.now() + s.skew, counter: s.counter, peer: s.peer });
            clock.receive(remote);
            if (remote > maxSeen) maxSeen = remote;
          } else {
            const stamp = clock.now();
            expect(stamp > lastLocal).toBe(true);
            expect(stamp > maxSeen).toBe(true);
            // Bounded: a local stamp never runs ahead of max(wall, remote walls) by more than a borrowed ms.
            expect(hlcWall(stamp)).toBeLessThanOrEqual(Math.max(wall.now(), hlcWall(maxSeen || '0')) + 1);
            lastLocal = stamp;
          }
        }
      }),
    );
  });

  it('a remote clock 10 minutes ahead pulls the local clock forward; one behind does not pull it back', () => {
    const wall = manualClock();
    const local = new HybridClock('local', wall.now);
    const ahead = new HybridClock('ahead', () => wall.now() + 10 * MIN);
    const behind = new HybridClock('behind', () => wall.now() - 10 * MIN);

    const before = local.now();
    const fromAhead = ahead.now();
    local.receive(fromAhead);
    const afterAhead = local.now();
    expect(afterAhead > fromAhead).toBe(true);
    expect(hlcWall(afterAhead)).toBe(T0 + 10 * MIN);

    const fromBehind = behind.now();
    local.receive(fromBehind);
    const afterBehind = local.now();
    expect(afterBehind > afterAhead).toBe(true);
    expect(afterBehind > fromBehind).toBe(true);
    expect(afterAhead > before).toBe(true);
  });

  it('refuses a remote clock beyond the drift bound with a clear error and keeps its own state', () => {
    const wall = manualClock();
    const clock = new HybridClock('local', wall.now);
    const before = clock.now();
    const farAhead = encodeHlc({ wall: T0 + 2 * 60 * MIN, counter: 0, peer: 'remote' });

    let error: unknown;
    try {
      clock.receive(farAhead);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClockDriftError);
    const drift = error as ClockDriftError;
    expect(drift.name).toBe('ClockDriftError');
    expect(drift.driftMs).toBe(2 * 60 * MIN);
    expect(drift.maxDriftMs).toBe(DEFAULT_MAX_DRIFT_MS);
    expect(drift.message).toBe(
      'Clock drift of 7200 s exceeds the 3600 s bound: check the system clock of this machine or of the sending peer',
    );

    // The refused timestamp did not leak into the clock.
    const after = clock.now();
    expect(after > before).toBe(true);
    expect(hlcWall(after)).toBe(T0);
  });

  it('honours a custom drift bound, accepts exactly the bound, and never bounds clocks that are behind', () => {
    const wall = manualClock();
    const clock = new HybridClock('local', wall.now, 5_000);
    expect(() => clock.receive(encodeHlc({ wall: T0 + 5_000, counter: 0, peer: 'r' }))).not.toThrow();
    expect(() => clock.receive(encodeHlc({ wall: T0 + 5_001, counter: 0, peer: 'r' }))).toThrow(ClockDriftError);
    expect(() => clock.receive(encodeHlc({ wall: T0 - 365 * 24 * 60 * MIN, counter: 0, peer: 'r' }))).not.toThrow();
  });

  it('rejects malformed remote timestamps', () => {
    const clock = new HybridClock('local', () => T0);
    for (const bad of [
      '',
      'garbage',
      '1:2:3',
      `${T0}:000000:peer`,
      '000000000000001:0000001:p',
      '000000000000001:000001:bad peer',
    ]) {
      expect(() => clock.receive(bad)).toThrow(/Malformed HLC timestamp/);
    }
  });
});

describe('encoding', () => {
  it('round-trips through encode/decode', () => {
    fc.assert(
      fc.property(hlcArb, (h) => {
        expect(decodeHlc(encodeHlc(h))).toEqual(h);
      }),
    );
  });

  it('orders encoded strings exactly as (wall, counter, peer)', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const ea = encodeHlc(a);
        const eb = encodeHlc(b);
        expect(compareHlc(ea, eb)).toBe(tupleOrder(a, b));
        expect(Math.sign(Buffer.compare(Buffer.from(ea), Buffer.from(eb)))).toBe(tupleOrder(a, b)); // SQLite BINARY order
        expect(hlcWall(ea)).toBe(a.wall);
      }),
      { numRuns: 1_000 },
    );
  });

  it('orders stamps that differ only in the counter or the peer', () => {
    fc.assert(
      fc.property(hlcArb, fc.integer({ min: 0, max: 999_999 }), peerArb, (a, counter, peer) => {
        const b = { ...a, counter };
        const c = { ...a, peer };
        expect(compareHlc(encodeHlc(a), encodeHlc(b))).toBe(tupleOrder(a, b));
        expect(compareHlc(encodeHlc(a), encodeHlc(c))).toBe(tupleOrder(a, c));
      }),
    );
  });
});

describe('HybridClock.observePersisted', () => {
  it('never moves the clock backwards, and later local stamps order after everything observed', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('observe' as const),
        offset: fc.integer({ min: -60 * MIN, max: 60 * MIN }),
        counter: fc.integer({ min: 0, max: 999_999 }),
        peer: peerArb,
      }),
      fc.record({ kind: fc.constant('local' as const) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: -MIN, max: MIN }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const wall = manualClock();
        const clock = new HybridClock('me', wall.now);
        let floor = '';
        for (const s of steps) {
          if (s.kind === 'tick') wall.set(wall.now() + s.ms);
          else if (s.kind === 'observe') {
            const stamp = encodeHlc({ wall: T0 + s.offset, counter: s.counter, peer: s.peer });
            clock.observePersisted(stamp);
            if (stamp > floor) floor = stamp;
          } else {
            const stamp = clock.now();
            expect(stamp > floor).toBe(true);
            floor = stamp;
          }
        }
      }),
    );
  });

  it('restores a restarted clock whose wall clock went backwards', () => {
    const persisted = encodeHlc({ wall: T0, counter: 41, peer: 'me' });
    const restarted = new HybridClock('me', () => T0 - 30 * MIN);
    restarted.observePersisted(persisted);
    restarted.observePersisted(encodeHlc({ wall: T0 - 50 * MIN, counter: 7, peer: 'me' }));
    expect(decodeHlc(restarted.now())).toEqual({ wall: T0, counter: 42, peer: 'me' });
  });
});
