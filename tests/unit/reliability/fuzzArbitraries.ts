// fast-check arbitraries for channel fuzzing: hostile junk (what a compromised renderer could send over
// IPC: anything the structured clone carries, not only JSON), mutations of a valid input, and valid
// inputs generated from the channel's zod schema ("model-based": the shapes the handler must cope with).
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  [k: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def) => ((d.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '   \t\n',
  'x'.repeat(1_000_000),
  '汉'.repeat(20_001),
  '😀👨‍👩‍👧‍👦🇨🇳',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'שלום',
  'a\u0000b',
  '\u0000',
  '\uD800',
  '\uFEFF',
  "'; DROP TABLE customers; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  '%',
  '_',
  '\\',
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '../../../../etc/passwd',
  '/etc/passwd',
  '~/.bashrc',
  '%s%n%x',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '=cmd|/C calc!A1',
  '+1',
  '-1',
  '0',
  'NaN',
  'null',
  'undefined',
  'true',
  '2026-02-30T25:61:61Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01',
  '１３８０００００００',
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, -0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 32, -(2 ** 63), NaN, Infinity, -Infinity, Number.MIN_VALUE),
  fc.integer(),
  fc.double(),
);

/** Values only IPC's structured clone carries (the harness's JSON never does). */
const cloneOnly = fc.oneof(
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constant(new Map([['a', 1]])),
  fc.constant(new Set([1, 2])),
  fc.constant(new Uint8Array([1, 2, 3])),
  fc.constant(/x/g),
);

const pollutionObject = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  JSON.parse('{"__proto__":{"toString":"boom","valueOf":1},"toJSON":"x"}') as unknown,
);

const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant(undefined), cloneOnly);
const key = fc.oneof(fc.constantFrom('id', 'ids', 'name', 'path', 'patch', 'filter', 'version', '__proto__', 'constructor', ''), fc.string({ maxLength: 8 }));

/** Anything at all, nested a little. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 4 }),
    pollutionObject,
  ),
})).v;

type Path = (string | number)[];
function pathsOf(v: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  out.push(prefix);
  if (depth > 4 || v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, Array.isArray(v) ? Number(k) : k], out, depth + 1);
  return out;
}
function setAt(root: unknown, p: Path, f: (parent: Record<string | number, unknown>, k: string | number) => void): unknown {
  const copy = structuredClone(root);
  if (!p.length) return copy;
  let cur = copy as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  f(cur, p[p.length - 1]);
  return copy;
}

/** A valid input with one thing broken: a field replaced by junk, removed, an extra field, wrapped in an array. */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  return fc.tuple(fc.nat({ max: paths.length - 1 }), junk, fc.constantFrom('replace', 'delete', 'extra', 'wrap', 'stringify')).map(([i, j, how]) => {
    const p = paths[i];
    if (!p.length) {
      if (how === 'wrap') return [base];
      if (how === 'stringify') return JSON.stringify(base);
      if (how === 'extra' && base && typeof base === 'object') return { ...(base as object), zzExtra: j };
      return j;
    }
    return setAt(base, p, (parent, k) => {
      if (how === 'delete') delete parent[k];
      else if (how === 'extra' && parent[k] && typeof parent[k] === 'object' && !Array.isArray(parent[k])) (parent[k] as Record<string, unknown>).zzExtra = j;
      else if (how === 'wrap') parent[k] = [parent[k]];
      else if (how === 'stringify') parent[k] = JSON.stringify(parent[k] ?? null);
      else parent[k] = j;
    });
  });
}

// ---------- valid values from a zod schema ----------

function stringArb(d: Def): fc.Arbitrary<string> {
  const checks = checksOf(d);
  const format = (d.format as string | undefined) ?? (checks.find((c) => c.check === 'string_format')?.format as string | undefined);
  const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true });
  if (format === 'datetime') return dates.map((x) => x.toISOString());
  if (format === 'date') return dates.map((x) => x.toISOString().slice(0, 10));
  if (format === 'email') return fc.emailAddress();
  if (format === 'regex') {
    const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp;
    return fc.stringMatching(pattern).filter((s) => s.length <= 200);
  }
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
  const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 10_000;
  const fit = (s: string) => (s.length < min ? s.padEnd(min, '甲') : s.slice(0, max));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 30)) }).map(fit) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(fit) },
    // the longest string the schema allows
    { weight: 1, arbitrary: fc.constantFrom('汉', 'a', '😀').map((c) => fit(c.repeat(Math.max(min, Math.min(max, 1_000_000))))) },
  );
}

function numberArb(d: Def): fc.Arbitrary<number> {
  const checks = checksOf(d);
  const isInt = checks.some((c) => c.check === 'number_format');
  let lo = isInt ? Number.MIN_SAFE_INTEGER : -1e15;
  let hi = isInt ? Number.MAX_SAFE_INTEGER : 1e15;
  for (const c of checks) {
    if (c.check === 'greater_than') lo = Math.max(lo, (c.value as number) + (c.inclusive ? 0 : isInt ? 1 : 1e-9));
    if (c.check === 'less_than') hi = Math.min(hi, (c.value as number) - (c.inclusive ? 0 : isInt ? 1 : 1e-9));
  }
  if (isInt) return fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.constantFrom(Math.ceil(lo), Math.floor(hi)));
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values the schema is meant to accept (refinements aside). */
export function fromSchema(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  if (depth > 8) return fc.constant(undefined);
  switch (d.type) {
    case 'optional':
      return fc.oneof(fc.constant(undefined), fromSchema(d.innerType as z.ZodType, depth + 1));
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(fc.constant(undefined), fromSchema(d.innerType as z.ZodType, depth + 1));
    case 'nullable':
      return fc.oneof(fc.constant(null), fromSchema(d.innerType as z.ZodType, depth + 1));
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const rec = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(rec).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case 'string':
      return stringArb(d);
    case 'number':
      return numberArb(d);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'array': {
      const checks = checksOf(d);
      const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 20;
      return fc.array(fromSchema(d.element as z.ZodType, depth + 1), { minLength: min, maxLength: Math.max(min, Math.min(max, 6)) });
    }
    case 'tuple':
      return fc.tuple(...(d.items as z.ZodType[]).map((s) => fromSchema(s, depth + 1)));
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((s) => fromSchema(s, depth + 1)));
    case 'record':
      return fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor')), fromSchema(d.valueType as z.ZodType, depth + 1), { maxKeys: 4 });
    case 'pipe':
      return fromSchema(d.in as z.ZodType, depth + 1);
    case 'lazy':
      return fromSchema((d.getter as () => z.ZodType)(), depth + 1);
    case 'intersection':
      return fromSchema(d.left as z.ZodType, depth + 1);
    case 'unknown':
    case 'any':
      return junk;
    default:
      return junk;
  }
}
