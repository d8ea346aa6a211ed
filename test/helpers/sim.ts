/**
 * Simulated peers that produce ops the way real ones do (own hybrid clock with skew, contiguous
 * seq, base = the field clocks the author had seen) without a database, so property tests can
 * generate thousands of histories cheaply. Also a reference model of last-writer-wins.
 */
import { emptyMilestones } from '../../src/shared/domain/incident';
import { HybridClock } from '../../src/shared/hlc';
import type { EntryFields, IncidentFields, Op, OpBody } from '../../src/shared/ops';

export const SIM_T0 = Date.UTC(2025, 0, 15, 9, 0, 0);

export function incidentId(i: number): string {
  return `incident-${String(i).padStart(4, '0')}`;
}

export function declareFields(title: string, at: number): IncidentFields {
  return {
    ...emptyMilestones(),
    name: `incident-sim-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    severity: 'SEV3',
    status: 'investigating',
    summary: '',
    services: [],
    declaredAt: at,
    detectedAt: at,
  };
}

type IncidentBody = Extract<OpBody, { type: 'incident.declare' | 'incident.set' }>;
const isIncidentOp = (body: OpBody): body is IncidentBody =>
  body.type === 'incident.declare' || body.type === 'incident.set';
type EntryBody = Extract<OpBody, { type: 'timeline.add' | 'timeline.set' }>;
const isEntryOp = (body: OpBody): body is EntryBody => body.type === 'timeline.add' || body.type === 'timeline.set';

/** The entity an op's fields belong to (incident ops: the incident; timeline ops: the entry), or null. */
function entityOf(op: Op): { key: string; fields: Record<string, unknown> } | null {
  if (isIncidentOp(op.body)) return { key: `incident/${op.incidentId}`, fields: op.body.fields };
  if (isEntryOp(op.body)) return { key: `entry/${op.body.entryId}`, fields: op.body.fields };
  return null;
}

export class SimPeer {
  readonly clock: HybridClock;
  /** Every op this peer has produced or received, keyed by origin/seq. */
  readonly seen = new Map<string, Op>();
  private seq = 0;

  constructor(
    readonly id: string,
    private readonly wall: () => number,
  ) {
    this.clock = new HybridClock(id, wall);
  }

  /** The HLC of the value this peer currently sees for a field (its LWW winner), or null. */
  seenHlc(entityKey: string, field: string): string | null {
    let best: string | null = null;
    for (const op of this.seen.values()) {
      const entity = entityOf(op);
      if (entity?.key !== entityKey || !(field in entity.fields)) continue;
      if (best === null || op.hlc > best) best = op.hlc;
    }
    return best;
  }

  write(incident: string, body: OpBody): Op {
    const op: Op = {
      origin: this.id,
      seq: ++this.seq,
      hlc: this.clock.now(),
      incidentId: incident,
      author: { peerId: this.id, name: `Responder ${this.id}` },
      body,
    };
    this.seen.set(`${op.origin}/${op.seq}`, op);
    return op;
  }

  declare(incident: string, title: string): Op {
    return this.write(incident, { type: 'incident.declare', fields: declareFields(title, this.wall()) });
  }

  /** A set op; with `withBase` the base is what this peer has seen, else empty (an author that saw nothing). */
  set(incident: string, fields: Partial<IncidentFields>, withBase = true): Op {
    const base = withBase
      ? Object.fromEntries(Object.keys(fields).map((f) => [f, this.seenHlc(`incident/${incident}`, f)]))
      : {};
    return this.write(incident, { type: 'incident.set', fields, base });
  }

  addEntry(incident: string, entryId: string, fields: EntryFields): Op {
    return this.write(incident, { type: 'timeline.add', entryId, fields });
  }

  setEntry(incident: string, entryId: string, fields: Partial<EntryFields>, withBase = true): Op {
    const base = withBase
      ? Object.fromEntries(Object.keys(fields).map((f) => [f, this.seenHlc(`entry/${entryId}`, f)]))
      : {};
    return this.write(incident, { type: 'timeline.set', entryId, fields, base });
  }

  /** Learn every op `other` has seen, as a sync would. */
  syncFrom(other: SimPeer): void {
    for (const [key, op] of other.seen) {
      if (this.seen.has(key)) continue;
      this.seen.set(key, op);
      this.clock.receive(op.hlc);
    }
  }
}

/**
 * Reference last-writer-wins: for every entity (`incident/ID`, `entry/ID`) and field, the value of
 * the write with the greatest HLC.
 */
export function lwwModel(ops: readonly Op[]): Map<string, Map<string, unknown>> {
  const winners = new Map<string, Map<string, { hlc: string; value: unknown }>>();
  for (const op of ops) {
    const entity = entityOf(op);
    if (!entity) continue;
    let fields = winners.get(entity.key);
    if (!fields) winners.set(entity.key, (fields = new Map()));
    for (const [field, value] of Object.entries(entity.fields)) {
      const current = fields.get(field);
      if (!current || op.hlc > current.hlc) fields.set(field, { hlc: op.hlc, value });
    }
  }
  return new Map([...winners].map(([id, fields]) => [id, new Map([...fields].map(([f, w]) => [f, w.value]))] as const));
}
