/**
 * Derive one valid value from a zod 4 schema, filling every optional field too, so contract tests
 * can mutate each field of every method, including methods added after the tests were written.
 */
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly options?: readonly z.ZodType[];
  readonly in?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly pattern?: RegExp } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const STRING_CANDIDATES = ['incident-0000-0000', 'Checkout 500s', 'a', 'SEV1', '14:00 UTC'];
const NUMBER_CANDIDATES = [Date.UTC(2025, 2, 3, 14, 0, 0), 10, 1, 0, 100];

function firstValid(schema: z.ZodType, candidates: readonly unknown[]): unknown {
  return candidates.find((c) => schema.safeParse(c).success);
}

/**
 * A value `schema` accepts, or undefined when none could be derived. `hints` gives values for
 * object keys by name (ids that must point at existing rows, for instance).
 */
export function sampleValid(schema: z.ZodType, hints: Record<string, unknown> = {}, key?: string): unknown {
  if (key !== undefined && key in hints && schema.safeParse(hints[key]).success) return hints[key];
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, field] of Object.entries(def.shape ?? {})) out[k] = sampleValid(field, hints, k);
      if (schema.safeParse(out).success) return out;
      // A refinement such as "exactly one of a or b": drop optional fields until it holds.
      const optional = Object.keys(out).filter((k) => def.shape![k]!.safeParse(undefined).success);
      const without = (drop: readonly string[]): Record<string, unknown> =>
        Object.fromEntries(Object.entries(out).filter(([k]) => !drop.includes(k)));
      const variants = [
        ...optional.map((k) => without([k])),
        ...optional.map((keep) => without(optional.filter((k) => k !== keep))),
        without(optional),
      ];
      return variants.find((v) => schema.safeParse(v).success) ?? out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      return sampleValid(def.innerType!, hints, key);
    case 'pipe':
      return sampleValid(def.in!, hints, key);
    case 'array': {
      const element = sampleValid(def.element!, hints);
      return schema.safeParse([element]).success ? [element] : [];
    }
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'number': {
      // zod's number schemas expose the bounds their checks imply: try them when no common value fits.
      const { minValue, maxValue } = schema as unknown as { minValue: number | null; maxValue: number | null };
      const bounds = [minValue, maxValue].filter((n): n is number => n !== null && Number.isFinite(n));
      const mid = bounds.length === 2 ? Math.floor((bounds[0]! + bounds[1]!) / 2) : undefined;
      return firstValid(schema, [...NUMBER_CANDIDATES, mid, ...bounds.flatMap((b) => [b, b + 1, b - 1, Math.ceil(b)])]);
    }
    case 'union':
      for (const option of def.options ?? []) {
        const v = sampleValid(option, hints, key);
        if (schema.safeParse(v).success) return v;
      }
      return undefined;
    case 'record':
      return {};
    case 'string': {
      const simple = firstValid(schema, STRING_CANDIDATES);
      if (simple !== undefined) return simple;
      for (const check of def.checks ?? []) {
        const pattern = check._zod.def.pattern;
        if (!pattern) continue;
        const found = fc
          .sample(fc.stringMatching(pattern), { numRuns: 200, seed: 1 })
          .find((s) => schema.safeParse(s).success);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
