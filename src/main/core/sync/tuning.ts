/** Timing and limits of the sync engine; tests shorten the timers, nothing else should need to. */
import { MAX_BATCH } from './protocol';
import type { Wire } from './wire';

export interface SyncTuning {
  /** Ops per batch (at most MAX_BATCH). */
  readonly batchSize: number;
  /** Approximate JSON characters per batch: big entries go in smaller batches. */
  readonly batchChars: number;
  /**
   * Batches in flight per link: enough to keep a catch-up streaming across the round trip,
   * few enough that a stalled peer holds at most this many batches in the sender's memory.
   */
  readonly maxInFlight: number;
  /**
   * Fresh ops (the steady state) are pushed without an ack, every this-many-th push excepted:
   * half the messages on every link, while the acked one bounds what an unread link can queue.
   * 0 acknowledges every batch.
   */
  readonly pushesPerAck: number;
  /** How long a batch, hello or digest may wait for its acknowledgement. */
  readonly ackTimeoutMs: number;
  /** Unacknowledged sends of one batch before the link is dropped (and re-established). */
  readonly maxSendAttempts: number;
  /** Idle interval between digest cross-checks; doubles up to the max while mismatches persist. */
  readonly digestIntervalMs: number;
  readonly maxDigestIntervalMs: number;
  /** Joiner reconnect backoff: base * 2^attempt with jitter, capped. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** A joiner that has been failing this long shows "offline" instead of "reconnecting". */
  readonly offlineAfterMs: number;
  /** socket.io heartbeat: a silent peer is dropped after interval + timeout. */
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  /** Sustained messages and ops per second from one peer before it counts as a flood. */
  readonly floodMessages: number;
  readonly floodOps: number;
  /** Bad messages within a minute before a peer is disconnected. */
  readonly garbageStrikes: number;
  /** Test seam: wrap every link (fault injection). */
  readonly wrapWire?: (wire: Wire) => Wire;
}

export const DEFAULT_TUNING: SyncTuning = {
  batchSize: MAX_BATCH,
  batchChars: 2_000_000,
  maxInFlight: 4,
  pushesPerAck: 32,
  ackTimeoutMs: 15_000,
  maxSendAttempts: 3,
  digestIntervalMs: 30_000,
  maxDigestIntervalMs: 10 * 60_000,
  backoffBaseMs: 250,
  backoffMaxMs: 5_000,
  offlineAfterMs: 30_000,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 10_000,
  floodMessages: 5_000,
  floodOps: 100_000,
  garbageStrikes: 10,
};
