// The other lists a user pages through at scale: deals (every sort the list offers, the kanban, a name
// search) and follow-ups (newest first, the filters of the 跟进 page). Same method as the customer list:
// through dispatch with a real session, as the renderer asks (first page with its total, later pages by
// cursor), against the statements each call ran, replayed raw.
import type { CrmApp } from '../../main/app/createApp';
import { DEAL_SORT_FIELDS } from '../../main/contract/deals';
import type { SqlRecorder } from './measure';
import type { BenchContext } from './types';
import { readFigure, type Call } from './customerCases';

const LIST = { p95: 3, ratio: 1.5 };
const TARGET = 'p95 ≤ 3 ms, ≤ 1.5× raw';

/** Two characters and four characters of a real value in the middle of the table (a realistic query). */
function queryFrom(app: CrmApp, sql: string): string[] {
  const v = (app.context.db.prepare(sql).pluck().get() as string | undefined) ?? '';
  const chars = [...v.replace(/\s/g, '')];
  return [chars.slice(0, 2).join(''), chars.slice(0, 4).join('')].filter((q, i, a) => q && a.indexOf(q) === i);
}

/**
 * Deal name queries from a real name (seeded as 产品-客户号, e.g. 批量订货-000123): 1, 2 and 4 汉字, the
 * 6-digit number (a handful of matches), its last 3 digits (~1k matches), its last digit (dense).
 */
function dealSearchQueries(name: string): string[] {
  const chars = [...name.replace(/\s/g, '')];
  const digits = name.match(/\d+/)?.[0] ?? '';
  const out = [chars.slice(0, 1).join(''), chars.slice(0, 2).join(''), chars.slice(0, 4).join(''), digits, digits.slice(-3), digits.slice(-1)];
  return out.filter((q, i, a) => q && a.indexOf(q) === i);
}

export async function otherListCases(bc: BenchContext, app: CrmApp, rec: SqlRecorder, call: Call) {
  const dealName = (app.context.db.prepare('SELECT name FROM deals WHERE id >= (SELECT max(id) / 2 FROM deals) AND deleted_at IS NULL ORDER BY id LIMIT 1').pluck().get() as string | undefined) ?? '';
  const dealQueries = dealSearchQueries(dealName);
  const fuQueries = queryFrom(app, 'SELECT content FROM follow_ups WHERE id >= (SELECT max(id) / 2 FROM follow_ups) AND deleted_at IS NULL ORDER BY id LIMIT 1');
  const method = (app.context.db.prepare('SELECT method FROM follow_ups WHERE id >= (SELECT max(id) / 2 FROM follow_ups) ORDER BY id LIMIT 1').pluck().get() as string | undefined) ?? '电话';
  const rareName = app.context.db
    .prepare('SELECT c.name FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.id >= (SELECT max(id) / 3 FROM follow_ups) AND f.deleted_at IS NULL ORDER BY f.id LIMIT 1')
    .pluck()
    .get() as string | undefined;
  const fuRare = rareName ? [rareName.trim()] : [];
  const monthAgo = new Date(app.context.clock.now().getTime() - 30 * 86_400_000).toISOString();
  for (const who of ['admin', 'rep'] as const) {
    const deals = { section: 'deals list', who, target: TARGET } as const;
    for (const field of DEAL_SORT_FIELDS) {
      for (const dir of field === 'name' ? (['asc', 'desc'] as const) : (['desc'] as const)) {
        const sort = { field, dir };
        await readFigure(bc, rec, call, { ...deals, name: `${field} ${dir}: first page (+total)` }, 'deals:list', { sort, limit: 50, withTotal: true }, LIST);
        let cursor: string | null = null;
        for (let i = 0; i < 4; i++) cursor = ((await call(who, 'deals:list', { sort, limit: 50, cursor })) as { nextCursor: string | null }).nextCursor;
        if (cursor) await readFigure(bc, rec, call, { ...deals, name: `${field} ${dir}: page 5 by cursor` }, 'deals:list', { sort, limit: 50, cursor }, LIST);
      }
    }
    await readFigure(bc, rec, call, { ...deals, name: 'kanban (deals:board)' }, 'deals:board', {}, LIST);
    // name search (issue 11, deals6): 1, 2, 3+ characters of 汉字 and digits, newest first, other sorts, a cursor page
    for (const q of dealQueries) {
      const name = `name search "${q}" (${[...q].length})`;
      await readFigure(bc, rec, call, { ...deals, name: `${name}: first page (+total)` }, 'deals:list', { query: q, limit: 50, withTotal: true }, LIST, Math.max(5, bc.runs >> 1));
    }
    for (const q of dealQueries.slice(1, 5)) {
      for (const sort of [{ field: 'amountFen', dir: 'desc' }, { field: 'name', dir: 'asc' }] as const) {
        const name = `name search "${q}" (${[...q].length}) by ${sort.field} ${sort.dir}`;
        await readFigure(bc, rec, call, { ...deals, name: `${name}: first page (+total)` }, 'deals:list', { query: q, sort, limit: 50, withTotal: true }, LIST, Math.max(5, bc.runs >> 1));
      }
      const first = (await call(who, 'deals:list', { query: q, limit: 50 })) as { nextCursor: string | null };
      if (first.nextCursor) await readFigure(bc, rec, call, { ...deals, name: `name search "${q}" (${[...q].length}): page 2 by cursor` }, 'deals:list', { query: q, limit: 50, cursor: first.nextCursor }, LIST, Math.max(5, bc.runs >> 1));
    }
    const fu = { section: 'follow-ups list', who, target: TARGET } as const;
    const first = async (name: string, filter: object) => {
      await readFigure(bc, rec, call, { ...fu, name: `${name}: first page (+total)` }, 'followUps:list', { filter, limit: 50, withTotal: true }, LIST);
    };
    await first('newest first', {});
    let cursor: string | null = null;
    for (let i = 0; i < 4; i++) cursor = ((await call(who, 'followUps:list', { limit: 50, cursor })) as { nextCursor: string | null }).nextCursor;
    if (cursor) await readFigure(bc, rec, call, { ...fu, name: 'newest first: page 5 by cursor' }, 'followUps:list', { limit: 50, cursor }, LIST);
    await first(`method ${method}`, { methods: [method] });
    await first('last 30 days', { from: monthAgo });
    // the page's queries, then a word found nowhere (2 and 5 characters: the whole table is the answer) and a rare
    // one (a customer's full name: the few follow-ups of one customer)
    for (const q of [...fuQueries, '查无', '查无此词Q', ...fuRare]) {
      await readFigure(bc, rec, call, { ...fu, name: `text "${q}" (${[...q].length}): first page (+total)`, target: 'p95 ≤ 5 ms, ≤ 1.5× raw' }, 'followUps:list', { filter: { query: q }, limit: 50, withTotal: true }, { p95: 5, ratio: 1.5 }, Math.max(5, bc.runs >> 1));
    }
    if (fuRare[0]) await first(`text "${fuRare[0]}" + method ${method}`, { query: fuRare[0], methods: [method] });
  }
}
