// Filter choices for reports. Values in use come from the monthly rollup (tiny), not from a scan of customers.
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import { reportTz } from './period';

export function reportOptions(db: Db, user: SessionUser) {
  const own = user.scope === 'own';
  const owners = db
    .prepare(`SELECT id, display_name AS displayName FROM users WHERE disabled_at IS NULL ${own ? 'AND id = ?' : ''} ORDER BY display_name`)
    .all(...(own ? [user.id] : [])) as { id: number; displayName: string }[];
  const values = (dim: string) =>
    db
      .prepare(`SELECT DISTINCT value FROM rpt_customers_monthly WHERE dim = ? AND value <> '' ${own ? 'AND owner_id = ?' : ''} AND n > 0 ORDER BY value`)
      .pluck()
      .all(dim, ...(own ? [user.id] : [])) as string[];
  return { owners, provinces: values('p'), industries: values('i'), sources: values('s'), tzOffsetMinutes: reportTz(db).offsetMin };
}
