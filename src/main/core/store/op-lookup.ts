/**
 * Finding ops by HLC through the log's primary key (origin, seq), without an index on the HLC:
 * that index cost a sixth of every remote apply (migration 10 dropped it) and served only the two
 * reads below. An HLC names its origin, and an origin stamps its ops in seq order with HLCs that
 * only grow (its clock resumes from its greatest HLC after a restart), so within an origin the
 * seq order is the HLC order.
 */
import type { Database, Statement } from 'better-sqlite3';
import { decodeHlc } from '../../../shared/hlc';

export interface OpRow {
  origin: string;
  seq: number;
  hlc: string;
  incident_id: string;
  body: string;
  author_id: string;
  author_name: string;
}

interface SeqHlc {
  seq: number;
  hlc: string;
}

/** The columns of an OpRow. */
export const OP_COLUMNS = 'origin, seq, hlc, incident_id, body, author_id, author_name';

export class OpLookup {
  private readonly nextOrigin: Statement;
  private readonly lastOf: Statement;
  private readonly atOrAfter: Statement;
  private readonly bySeq: Statement;
  private readonly scanOrigin: Statement;

  constructor(db: Database) {
    this.nextOrigin = db.prepare(`SELECT origin FROM ops WHERE origin > ? ORDER BY origin LIMIT 1`).pluck();
    this.lastOf = db.prepare(`SELECT seq, hlc FROM ops WHERE origin = ? ORDER BY seq DESC LIMIT 1`);
    this.atOrAfter = db.prepare(`SELECT seq, hlc FROM ops WHERE origin = ? AND seq >= ? ORDER BY seq LIMIT 1`);
    this.bySeq = db.prepare(`SELECT ${OP_COLUMNS} FROM ops WHERE origin = ? AND seq = ?`);
    this.scanOrigin = db.prepare(`SELECT ${OP_COLUMNS} FROM ops WHERE origin = ? AND hlc = ?`);
  }

  /** The greatest HLC in the log: the greatest of each origin's last op (one seek per origin). */
  maxHlc(): string | undefined {
    let max: string | undefined;
    for (let origin = this.nextOrigin.get('') as string | undefined; origin !== undefined;) {
      const { hlc } = this.lastOf.get(origin) as SeqHlc;
      if (max === undefined || hlc > max) max = hlc;
      origin = this.nextOrigin.get(origin) as string | undefined;
    }
    return max;
  }

  /**
   * The stored op stamped `hlc`: a binary search over its origin's seqs (~17 seeks in 100,000
   * ops). Should an origin's HLCs ever not grow with its seqs, the search can miss, and a scan
   * of that origin's ops settles it.
   */
  byHlc(hlc: string): OpRow | undefined {
    const origin = decodeHlc(hlc).peer;
    const last = this.lastOf.get(origin) as SeqHlc | undefined;
    if (!last) return undefined;
    let lo = 1;
    let hi = last.seq;
    while (lo <= hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const probe = this.atOrAfter.get(origin, mid) as SeqHlc | undefined;
      if (!probe || probe.seq > hi) {
        hi = mid - 1;
      } else if (probe.hlc === hlc) {
        return this.bySeq.get(origin, probe.seq) as OpRow;
      } else if (probe.hlc < hlc) {
        lo = probe.seq + 1;
      } else {
        hi = mid - 1;
      }
    }
    return this.scanOrigin.get(origin, hlc) as OpRow | undefined;
  }
}
