// Saved list views (named query + filter + columns + sort), private to each user.
import type { z } from 'zod';
import { customerFilterSchema, customerSortSchema } from '../../contract/customers';
import type { UserCallContext } from '../../ipc/context';
import { notFound } from '../../ipc/errors';
import { actor } from '../audit/actor';
import { recordAudit } from '../audit/record';

type Filter = z.infer<typeof customerFilterSchema>;
type Sort = z.infer<typeof customerSortSchema>;
interface ViewRow {
  id: number;
  name: string;
  query: string | null;
  filter: string;
  columns: string;
  sort: string | null;
}

function toView(r: ViewRow) {
  // stored JSON is re-validated: a view saved by an older version must not break the list
  const filter = customerFilterSchema.safeParse(JSON.parse(r.filter));
  const sort = r.sort ? customerSortSchema.safeParse(JSON.parse(r.sort)) : null;
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    filter: filter.success ? filter.data : {},
    columns: (JSON.parse(r.columns) as unknown[]).filter((c): c is string => typeof c === 'string'),
    sort: sort?.success ? sort.data : null,
  };
}

export function listViews(ctx: UserCallContext) {
  const rows = ctx.app.db.prepare('SELECT id, name, query, filter, columns, sort FROM saved_views WHERE user_id = ? ORDER BY name').all(ctx.user.id) as ViewRow[];
  return { views: rows.map(toView) };
}

export function saveView(ctx: UserCallContext, input: { name: string; query?: string | null; filter: Filter; columns: string[]; sort?: Sort | null }) {
  const { db } = ctx.app;
  const now = ctx.app.clock.now().toISOString();
  return db.tx(() => {
    const id = Number(
      (
        db
          .prepare(
            `INSERT INTO saved_views (user_id, name, query, filter, columns, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(user_id, name) DO UPDATE SET query = excluded.query, filter = excluded.filter, columns = excluded.columns,
               sort = excluded.sort, updated_at = excluded.updated_at
             RETURNING id`,
          )
          .get(ctx.user.id, input.name, input.query ?? null, JSON.stringify(input.filter), JSON.stringify(input.columns), input.sort ? JSON.stringify(input.sort) : null, now, now) as {
          id: number;
        }
      ).id,
    );
    recordAudit(db, { ...actor(ctx), action: 'view.save', entity: 'savedView', entityId: id, summary: input.name });
    const row = db.prepare('SELECT id, name, query, filter, columns, sort FROM saved_views WHERE id = ?').get(id) as ViewRow;
    return toView(row);
  });
}

export function deleteView(ctx: UserCallContext, id: number) {
  const { db } = ctx.app;
  return db.tx(() => {
    const row = db.prepare('SELECT name FROM saved_views WHERE id = ? AND user_id = ?').get(id, ctx.user.id) as { name: string } | undefined;
    if (!row) throw notFound(ctx.t('customers.errors.viewNotFound'));
    db.prepare('DELETE FROM saved_views WHERE id = ?').run(id);
    recordAudit(db, { ...actor(ctx), action: 'view.delete', entity: 'savedView', entityId: id, summary: row.name });
    return { deleted: true };
  });
}
