/**
 * The host's side of the challenge: single-use nonces with a short life, and a per-address
 * throttle that locks out addresses that keep presenting wrong proofs. Pure bookkeeping over an
 * injected clock, so it is tested without sockets.
 */
import { newNonce } from './keys';

export class NonceBook {
  private readonly issued = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
    private readonly capacity = 10_000,
  ) {}

  issue(): string {
    this.prune();
    // A flood of nonce requests must not grow memory: the oldest challenge is dropped.
    if (this.issued.size >= this.capacity) {
      const oldest = this.issued.keys().next();
      if (!oldest.done) this.issued.delete(oldest.value);
    }
    const nonce = newNonce();
    this.issued.set(nonce, this.now() + this.ttlMs);
    return nonce;
  }

  /** True when the nonce was issued here and has not expired; it can never be used again either way. */
  consume(nonce: string): boolean {
    const expires = this.issued.get(nonce);
    this.issued.delete(nonce);
    return expires !== undefined && expires >= this.now();
  }

  get size(): number {
    return this.issued.size;
  }

  private prune(): void {
    const now = this.now();
    // Insertion order is expiry order (constant TTL): stop at the first live one.
    for (const [nonce, expires] of this.issued) {
      if (expires >= now) break;
      this.issued.delete(nonce);
    }
  }
}

export interface ThrottleOptions {
  /** Failures allowed before the first lockout. */
  readonly freeFailures: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  /** A failure record is forgotten after this long without failures. */
  readonly forgetAfterMs: number;
}

const DEFAULT_THROTTLE: ThrottleOptions = {
  freeFailures: 3,
  baseLockMs: 1_000,
  maxLockMs: 5 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface FailureRecord {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Exponential lockout per remote address: 1 s, 2 s, 4 s ... up to 5 min after the free failures. */
export class FailureThrottle {
  private readonly records = new Map<string, FailureRecord>();
  private readonly options: ThrottleOptions;

  constructor(
    private readonly now: () => number,
    options: Partial<ThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
  }

  /** Milliseconds this address must still wait; 0 when it may try. */
  retryAfter(address: string): number {
    const record = this.records.get(address);
    if (!record) return 0;
    const now = this.now();
    if (now - record.lastFailure > this.options.forgetAfterMs) {
      this.records.delete(address);
      return 0;
    }
    return Math.max(0, record.lockedUntil - now);
  }

  /** Record a wrong proof; returns the lockout it starts (0 while failures are still free). */
  fail(address: string): number {
    const now = this.now();
    const record = this.records.get(address) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    record.failures++;
    record.lastFailure = now;
    const over = record.failures - this.options.freeFailures;
    const lock = over > 0 ? Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** (over - 1)) : 0;
    record.lockedUntil = now + lock;
    this.records.set(address, record);
    if (this.records.size > 10_000) this.forgetOld();
    return lock;
  }

  succeed(address: string): void {
    this.records.delete(address);
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [address, record] of this.records) {
      if (now - record.lastFailure > this.options.forgetAfterMs) this.records.delete(address);
    }
  }
}
