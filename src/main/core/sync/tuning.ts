/** Timing and limits of the sync engine; tests shorten the timers, nothing else should need to. */
import { MAX_BATCH } from './protocol';
import type { Wire } from './wire';

export interface SyncTuning {
  /** Ops per batch (at most MAX_BATCH). */
  readonly batchSize: number;
  /** Approximate JSON characters per batch: big entries go in smaller batches. */
  readonly batchChars: number;
  /**
   * Batches in flight per link: 2 keeps a catch-up streaming (the receiver applies one while the
   * next is on the wire). More does not go faster, the receiver's apply is the limit, but costs
   * the host memory: batches held for their acks survive young-generation GCs, and with 4 the
   * host serving 100,000 ops peaked ~90 MB higher (heap 189 MB against 64-119 MB with 2).
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
  /**
   * Missed acks in a row, per batch of the window, before the link is dropped (and
   * re-established): a batch whose ack is missed is sent again from the log.
   */
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
  maxInFlight: 2,
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
