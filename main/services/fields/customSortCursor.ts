// The keyset cursor of a list sorted by one custom field (customers and deals): phase v walks the records
// with a value (k = the last value), phase n the records without one (k unused); i = the last record id.
// Bound to the sort it was made for, so a cursor from another sort or direction is refused.
import { AppError } from '../../ipc/errors';

export interface CustomSort {
  key: string;
  dir: 'asc' | 'desc';
}

export interface CustomSortCursor {
  s: string;
  d: 'asc' | 'desc';
  p: 'v' | 'n';
  k: string | number | null;
  i: number;
}

/** `message`: the domain's "bad cursor" sentence in the caller's language. */
export function decodeCustomSortCursor(cursor: string, sort: CustomSort, message: string): CustomSortCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CustomSortCursor;
    if (c && c.s === sort.key && c.d === sort.dir && (c.p === 'v' || c.p === 'n') && Number.isSafeInteger(c.i)) {
      if (c.p === 'n' || typeof c.k === 'string' || typeof c.k === 'number') return c;
    }
  } catch {
    /* fall through */
  }
  throw new AppError('INVALID_INPUT', message, { fieldErrors: { cursor: message } });
}

/** The cursor after a page's last row (`sortKey` null = the row has no value). */
export function encodeCustomSortCursor(sort: CustomSort, sortKey: string | number | null, id: number): string {
  const c: CustomSortCursor = { s: sort.key, d: sort.dir, p: sortKey === null ? 'n' : 'v', k: sortKey, i: id };
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}
