// A list sorted by a custom field walks that field's values index (field_id, value, record_id). When the
// filter also puts a condition on the sorted field, the same condition on `v.value` narrows the walk to
// the wanted options / range (a rare option would otherwise walk every value of the field before it,
// testing each row's EXISTS probe), and the records without a value can never match, so that second
// phase is skipped. Used by customers (fields/customerSort.ts) and deals (deals/customSort.ts).
// The narrowing only repeats conditions the filter applies anyway, so the rows are the same.

type Scalar = string | number;
/** Values SQLite can bind for a value comparison; booleans as 1/0 like the filters; '' means "no bound". */
const scalar = (v: unknown): Scalar | undefined =>
  typeof v === 'boolean' ? Number(v) : typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' ? v : undefined;

export interface SortNarrowing {
  /** conditions on `v.value` ('1=1' when none) */
  sql: string;
  params: unknown[];
  /** the filter restricts the sorted field: records without a value cannot match */
  filtered: boolean;
}

/**
 * Conditions on `v.value` from the filter of the sorted field (filter shapes of fields/customerFilter.ts).
 * `filtered` is the caller's answer to "does the list filter put any condition on this field?" (the
 * filter builders' own test), so the without-value phase is skipped exactly when the filter excludes it.
 */
export function narrowSortWalk(cond: unknown, filtered: boolean): SortNarrowing {
  const parts: string[] = ['1=1'];
  const params: unknown[] = [];
  if (Array.isArray(cond)) {
    const list = cond.map(scalar).filter((x): x is Scalar => x !== undefined);
    if (list.length) {
      parts.push('v.value IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(list));
    }
  } else if (cond && typeof cond === 'object') {
    const { from, to } = cond as { from?: unknown; to?: unknown };
    const lo = scalar(from);
    const hi = scalar(to);
    if (lo !== undefined) {
      parts.push('v.value >= ?');
      params.push(lo);
    }
    if (hi !== undefined) {
      parts.push('v.value <= ?');
      params.push(hi);
    }
  } else {
    const v = scalar(cond);
    if (v !== undefined) {
      parts.push('v.value = ?');
      params.push(v);
    }
  }
  return { sql: parts.join(' AND '), params, filtered };
}
