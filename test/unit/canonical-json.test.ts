import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/shared/canonical-json';
import { OpSchema } from '../../src/shared/ops';

/** The definition: rebuild every object with its keys inserted in sorted order, then stringify. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[key];
      if (x !== undefined) out[key] = sort(x);
    }
    return out;
  };
  return JSON.stringify(sort(value));
}

/** The same value with every object's keys inserted in a shuffled order. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const shuffled = keys.map((k, i) => ({ k, r: Math.sin(seed * 31 + i * 17) })).sort((a, b) => a.r - b.r);
  return Object.fromEntries(shuffled.map(({ k }) => [k, reorder((value as Record<string, unknown>)[k], seed + 1)]));
}

const keys = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '1', '2', '10', '01', '4294967295', '-1'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('gives the sorted-key text of any value, whatever order its keys were built in', () => {
    fc.assert(
      fc.property(json, fc.integer(), (value, seed) => {
        const text = reference(value);
        expect(canonicalJson(value)).toBe(text);
        expect(canonicalJson(reorder(value, seed))).toBe(text);
        // A value already in canonical order (as parsed from canonical text) takes the fast path.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('orders integer-like keys as an object built in sorted order does', () => {
    expect(canonicalJson({ b: 1, 10: 2, 2: 3, a: 4 })).toBe('{"2":3,"10":2,"a":4,"b":1}');
    expect(canonicalJson({ '01': 1, '1': 2 })).toBe('{"1":2,"01":1}');
    expect(canonicalJson({ a: undefined, b: [undefined, { d: 1, c: undefined }] })).toBe('{"b":[null,{"d":1}]}');
  });

  it('stores the same text for an op body whether its author built it or a peer parsed it', () => {
    const body = {
      type: 'timeline.set',
      entryId: 'entry-00000001',
      fields: { text: 'rolled back', pinned: true },
      base: { text: null, pinned: '001795391744513:000001:peer-a' },
    };
    const op = {
      origin: 'peer-a',
      seq: 2,
      hlc: '001795391744600:000000:peer-a',
      incidentId: 'incident-0001',
      author: { peerId: 'peer-a', name: 'Ana' },
      body,
    };
    const parsed = OpSchema.parse(JSON.parse(JSON.stringify(op)));
    expect(Object.keys(parsed.body)).toEqual(['base', 'entryId', 'fields', 'type']);
    expect(canonicalJson(parsed.body)).toBe(canonicalJson(body));
    expect(canonicalJson(parsed.body)).toBe(reference(body));
  });
});
