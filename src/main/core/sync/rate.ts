/** Limits on what one peer may send: a token bucket for rates and a strike counter for garbage. */

export class TokenBucket {
  private tokens: number;
  private stamp: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.stamp = now();
  }

  /** Take `n` tokens; false when the bucket cannot cover them (the caller decides what a flood costs). */
  take(n = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.stamp) / 1000) * this.perSecond);
    this.stamp = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/** Counts offences in a sliding window; `strike` says when the limit is reached. */
export class StrikeCounter {
  private strikes: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Record one offence; true when the limit within the window is reached. */
  strike(): boolean {
    const now = this.now();
    this.strikes = this.strikes.filter((t) => now - t < this.windowMs);
    this.strikes.push(now);
    return this.strikes.length >= this.limit;
  }
}
