// A minimal valid value for a zod (v4) schema, so the channel matrix can call a channel whose row does
// not give an input. Not a general generator: it covers the shapes the contract uses; when it produces
// something the schema rejects, the matrix test says so and asks for an explicit `input`.
import type { z } from 'zod';

interface Def {
  type: string;
  [k: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def) => ((d.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);

function sampleString(d: Def): string {
  const checks = checksOf(d);
  const format = (d.format as string | undefined) ?? (checks.find((c) => c.check === 'string_format')?.format as string | undefined);
  if (format === 'datetime') return '2026-01-01T00:00:00.000Z';
  if (format === 'date') return '2026-01-01';
  if (format === 'email') return 'sample@example.cn';
  if (format === 'regex') {
    const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp;
    for (const cand of ['sample', 'sample-1', 'SAMPLE', '12345678', 'a1', '#1677ff']) if (pattern.test(cand)) return cand;
  }
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 1;
  const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 64;
  return 'sample-value'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, 12)));
}

function sampleNumber(d: Def): number {
  const checks = checksOf(d);
  const gt = checks.find((c) => c.check === 'greater_than');
  const lo = gt ? (gt.value as number) + (gt.inclusive ? 0 : 1) : 1;
  const lt = checks.find((c) => c.check === 'less_than');
  return lt ? Math.min(lo, lt.value as number) : Math.max(lo, 1);
}

export function sampleInput(schema: z.ZodType): unknown {
  const d = defOf(schema);
  switch (d.type) {
    case 'optional':
    case 'default':
    case 'prefault':
      return undefined;
    case 'nullable':
      return sampleInput(d.innerType as z.ZodType);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        const val = sampleInput(v);
        if (val !== undefined) out[k] = val;
      }
      return out;
    }
    case 'string':
      return sampleString(d);
    case 'number':
    case 'int':
      return sampleNumber(d);
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>)[0];
    case 'literal':
      return (d.values as unknown[])[0];
    case 'array': {
      const min = (checksOf(d).find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      return Array.from({ length: min }, () => sampleInput(d.element as z.ZodType));
    }
    case 'union':
      return sampleInput((d.options as z.ZodType[])[0]);
    case 'record':
      return {};
    case 'pipe':
      return sampleInput(d.in as z.ZodType);
    case 'lazy':
      return sampleInput((d.getter as () => z.ZodType)());
    default:
      return undefined;
  }
}
