/**
 * JSON with object keys sorted, so the same value always has the same text whatever order its
 * keys were built in. Peers re-create op bodies through zod (which emits keys in schema order),
 * so plain JSON.stringify of one op differs between its author and everyone else.
 */
export function canonicalJson(value: unknown): string {
  // Bodies parsed from peers are usually in order already (ops/common.ts canonicalObject):
  // checking is a third of the cost of rebuilding every object.
  return JSON.stringify(isCanonical(value) ? value : sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/**
 * Whether JSON.stringify(value) already equals JSON.stringify(sortKeys(value)): every object a
 * plain one whose own keys enumerate in strictly ascending order (undefined values are dropped
 * either way). (Integer-like keys enumerate first, in numeric order; where that differs from text order the
 * check fails and sortKeys decides, so both paths give the same bytes.)
 */
function isCanonical(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonical(item)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (previous !== undefined && !(previous < key)) return false;
    if (!isCanonical((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}
