/**
 * JSON with object keys sorted, so the same value always has the same text whatever order its
 * keys were built in. Peers re-create op bodies through zod (which emits keys in schema order),
 * so plain JSON.stringify of one op differs between its author and everyone else.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
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
