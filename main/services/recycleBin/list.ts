// recycleBin:list — top-level bin items newest first: deleted customers (carrying the deals, follow-ups
// and reminders of their delete batch) and deals / follow-ups deleted on their own. Keyset pages on
// (deleted_at, entity, id); scope own sees what it owns.
import type { UserCallContext } from '../../ipc/context';
import { AppError } from '../../ipc/errors';
import type { BinItem } from '../../contract/recycleBin';
import { daysLeft, retentionDays } from './retention';
import { keyOf } from './keys';

interface Input {
  entity?: 'customer' | 'deal' | 'followUp';
  query?: string;
  cursor?: string | null;
  limit?: number;
}

interface Row {
  entity: 'customer' | 'deal' | 'followUp';
  id: number;
  name: string;
  customer_name: string | null;
  deleted_at: string;
  deleted_by: number | null;
  deleted_by_name: string | null;
  batch_id: string | null;
  owner_id: number | null;
}

const ORDER = { customer: 0, deal: 1, followUp: 2 } as const;

// a deal / follow-up is its own item unless it went to the bin together with its customer
const ROOTS = `
  SELECT 'customer' AS entity, c.id, c.name, NULL AS customer_name, c.deleted_at, c.deleted_by, c.delete_batch_id AS batch_id, c.owner_id, 0 AS ord
    FROM customers c WHERE c.deleted_at IS NOT NULL
  UNION ALL
  SELECT 'deal', d.id, d.name, c.name, d.deleted_at, d.deleted_by, d.delete_batch_id, d.owner_id, 1
    FROM deals d JOIN customers c ON c.id = d.customer_id
    WHERE d.deleted_at IS NOT NULL AND (c.delete_batch_id IS NULL OR c.delete_batch_id IS NOT d.delete_batch_id)
  UNION ALL
  SELECT 'followUp', f.id, substr(f.content, 1, 60), c.name, f.deleted_at, f.deleted_by, f.delete_batch_id, f.owner_id, 2
    FROM follow_ups f JOIN customers c ON c.id = f.customer_id
    WHERE f.deleted_at IS NOT NULL AND (c.delete_batch_id IS NULL OR c.delete_batch_id IS NOT f.delete_batch_id)`;

function decodeCursor(cursor: string): [string, number, number] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1]) && Number.isInteger(v[2])) return v as [string, number, number];
  } catch {
    /* answered below */
  }
  return null;
}

export function listBin(ctx: UserCallContext, input: Input = {}): { rows: BinItem[]; nextCursor: string | null; retentionDays: number | null } {
  const { db } = ctx.app;
  const limit = input.limit ?? 50;
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.entity) {
    where.push('x.entity = ?');
    params.push(input.entity);
  }
  const q = input.query?.trim();
  if (q) {
    where.push("(x.name LIKE ? ESCAPE '\\' OR x.customer_name LIKE ? ESCAPE '\\')");
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    params.push(like, like);
  }
  if (ctx.user.scope !== 'all') {
    where.push('x.owner_id = ?');
    params.push(ctx.user.id);
  }
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    if (!c) throw new AppError('INVALID_INPUT', ctx.t('recycleBin.errors.badCursor'), { fieldErrors: { cursor: ctx.t('recycleBin.errors.badCursor') } });
    where.push('(x.deleted_at < ? OR (x.deleted_at = ? AND (x.ord > ? OR (x.ord = ? AND x.id < ?))))');
    params.push(c[0], c[0], c[1], c[1], c[2]);
  }
  const rows = db
    .prepare(
      `SELECT x.*, u.display_name AS deleted_by_name FROM (${ROOTS}) x LEFT JOIN users u ON u.id = x.deleted_by
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY x.deleted_at DESC, x.ord ASC, x.id DESC LIMIT ?`,
    )
    .all(...params, limit + 1) as Row[];
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const days = retentionDays(db);
  const now = ctx.app.clock.now();
  const deals = db.prepare('SELECT id, name FROM deals WHERE delete_batch_id = ? AND customer_id = ? ORDER BY id');
  const fus = db.prepare('SELECT id, substr(content, 1, 60) AS name FROM follow_ups WHERE delete_batch_id = ? AND customer_id = ? ORDER BY id');
  const rems = db.prepare('SELECT id, substr(content, 1, 60) AS name FROM reminders WHERE delete_batch_id = ? AND customer_id = ? ORDER BY id');
  const out: BinItem[] = page.map((r) => {
    const related: BinItem['related'] = [];
    if (r.entity === 'customer' && r.batch_id) {
      for (const d of deals.all(r.batch_id, r.id) as { id: number; name: string }[]) related.push({ key: keyOf('deal', d.id), entity: 'deal', id: d.id, name: d.name });
      for (const f of fus.all(r.batch_id, r.id) as { id: number; name: string }[]) related.push({ key: keyOf('followUp', f.id), entity: 'followUp', id: f.id, name: f.name });
      for (const m of rems.all(r.batch_id, r.id) as { id: number; name: string }[]) related.push({ key: `reminder:${m.id}`, entity: 'reminder', id: m.id, name: m.name });
    }
    return {
      key: keyOf(r.entity, r.id),
      entity: r.entity,
      id: r.id,
      name: r.name,
      customerName: r.customer_name,
      deletedAt: r.deleted_at,
      deletedBy: r.deleted_by,
      deletedByName: r.deleted_by_name,
      batchId: r.batch_id,
      daysLeft: daysLeft(r.deleted_at, days, now),
      related,
    };
  });
  const last = page[page.length - 1];
  return {
    rows: out,
    nextCursor: more && last ? Buffer.from(JSON.stringify([last.deleted_at, ORDER[last.entity], last.id])).toString('base64url') : null,
    retentionDays: days,
  };
}
