// The contract is JSON-shaped (the browser harness can only send JSON), but Electron IPC's structured
// clone also carries BigInt, Map, Set, Date, typed arrays and objects of any depth. A compromised renderer
// could push those through the schema's z.unknown() holes (custom field values, filters) into code that
// calls JSON.stringify or String() on them. Dispatch refuses anything JSON could not have carried.

const MAX_DEPTH = 64;

export function isJsonShaped(v: unknown, depth = 0): boolean {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || depth >= MAX_DEPTH) return false; // bigint, symbol, function, too deep
  if (Array.isArray(v)) return v.every((x) => isJsonShaped(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false; // Date, Map, Set, RegExp, Uint8Array, ...
  return Object.values(v).every((x) => isJsonShaped(x, depth + 1));
}
