/**
 * Per-origin digest of the op log: how many ops of each origin are stored, the highest seq, and
 * an order-independent hash (XOR of a 64-bit hash of each op). Two peers holding the same ops of
 * an origin have the same digest whatever order they received them in; the sync engine compares
 * digests to catch ops lost despite acknowledgements (and ops that differ under the same id).
 *
 * Built lazily from the log on first use (one scan), then kept up to date from each commit.
 */
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Op } from '../../../shared/ops';

export interface OriginDigest {
  readonly count: number;
  readonly max: number;
  /** 16 hex digits. */
  readonly hash: string;
}

interface Accumulator {
  count: number;
  max: number;
  hi: number;
  lo: number;
}

interface DigestRow {
  origin: string;
  seq: number;
  hlc: string;
  incident_id: string;
  author_id: string;
  author_name: string;
  body: string;
}

export class OriginDigests {
  private table: Map<string, Accumulator> | undefined;

  constructor(private readonly db: Database) {}

  /** Account for ops just committed, with their bodies as stored (no-op until the table is built). */
  add(ops: readonly Op[], bodies: readonly string[]): void {
    if (!this.table) return;
    ops.forEach((op, i) => {
      const body = bodies[i] ?? '';
      this.fold(
        op.origin,
        op.seq,
        hashInput(op.origin, op.seq, op.hlc, op.incidentId, op.author.peerId, op.author.name, body),
      );
    });
  }

  snapshot(): Record<string, OriginDigest> {
    if (!this.table) this.build();
    const out: Record<string, OriginDigest> = {};
    for (const [origin, a] of this.table ?? []) {
      out[origin] = { count: a.count, max: a.max, hash: hex32(a.hi) + hex32(a.lo) };
    }
    return out;
  }

  private build(): void {
    this.table = new Map();
    const rows = this.db
      .prepare(`SELECT origin, seq, hlc, incident_id, author_id, author_name, body FROM ops`)
      .iterate() as IterableIterator<DigestRow>;
    for (const r of rows) {
      this.fold(r.origin, r.seq, hashInput(r.origin, r.seq, r.hlc, r.incident_id, r.author_id, r.author_name, r.body));
    }
  }

  private fold(origin: string, seq: number, input: string): void {
    const table = this.table;
    if (!table) return;
    let a = table.get(origin);
    if (!a) table.set(origin, (a = { count: 0, max: 0, hi: 0, lo: 0 }));
    const h = crypto.createHash('sha256').update(input).digest();
    a.count++;
    a.max = Math.max(a.max, seq);
    a.hi = (a.hi ^ h.readUInt32BE(0)) >>> 0;
    a.lo = (a.lo ^ h.readUInt32BE(4)) >>> 0;
  }
}

function hashInput(...fields: readonly (string | number)[]): string {
  return fields.join('\u0000');
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}
