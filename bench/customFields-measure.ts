// Custom field filter and sort timings over a seeded database (issue 13), with a raw better-sqlite3
// baseline of the same SQL in the same run. Adds a single-select field 客户类型 (5 options, ~85% of
// customers filled, one option rare) with a bulk insert of its values, then lists through dispatch.
// Usage: npx tsx bench/customFields-measure.ts <dataDir>   (seed it first: node $CRM_DIST/seed/cli.js --customers N --data DIR)
import { openMeasureApp, time } from './lib/adhoc';
import { listCustomers } from '../main/services/customers/list';

const { app, raw, call } = openMeasureApp('customFields-measure.ts');

const OPTIONS = ['经销商', '终端客户', '代理商', '集团客户', '政府机构'];

async function main() {
  await call('auth:login', { username: 'owner', password: 'owner-pass-1' });
  const total = ((await call('customers:list', { limit: 1 })) as { total: number }).total;
  console.log(`customers: ${total}`);
  let field = ((await call('fields:list', { entity: 'customer' })) as { fields: { id: number; key: string; label: { zh: string } }[] }).fields.find((f) => f.label.zh === '客户类型');
  if (!field) {
    let t = performance.now();
    field = (await call('fields:create', { entity: 'customer', label: { zh: '客户类型' }, type: 'singleSelect', options: OPTIONS })) as { id: number; key: string; label: { zh: string } };
    console.log(`fields:create on ${total} customers: ${(performance.now() - t).toFixed(1)} ms (no table rewrite)`);
    t = performance.now();
    // bulk values: weights 40/25/15/4.9/0.1 %, 15% without a value
    raw.exec(`
      INSERT INTO customer_field_values (field_id, customer_id, value)
      SELECT ${field.id}, id, CASE WHEN r < 40 THEN '经销商' WHEN r < 65 THEN '终端客户' WHEN r < 80 THEN '代理商' WHEN r < 84.9 THEN '集团客户' ELSE '政府机构' END
      FROM (SELECT id, (abs(random()) % 1000) / 10.0 AS r FROM customers WHERE deleted_at IS NULL) WHERE r < 85;
      UPDATE customers SET custom = json_object('${field.key}', (SELECT value FROM customer_field_values v WHERE v.field_id = ${field.id} AND v.customer_id = customers.id))
        WHERE id IN (SELECT customer_id FROM customer_field_values WHERE field_id = ${field.id});
    `);
    console.log(`bulk insert of values + cache: ${(performance.now() - t).toFixed(0)} ms`);
  }
  const key = field.key;
  const counts = raw.prepare('SELECT value, count(*) AS n FROM customer_field_values WHERE field_id = ? GROUP BY value ORDER BY n DESC').all(field.id);
  console.log('values:', JSON.stringify(counts));

  const rawFilterPage = raw.prepare(
    `SELECT c.id FROM customers c INDEXED BY customers_sort_created WHERE c.deleted_at IS NULL AND EXISTS (SELECT 1 FROM customer_field_values v WHERE v.field_id = ? AND v.customer_id = c.id AND v.value IN ('经销商')) ORDER BY c.created_at DESC, c.id DESC LIMIT 101`,
  );
  const rawSortPage = raw.prepare(
    `SELECT c.id FROM customer_field_values v INDEXED BY customer_field_values_value CROSS JOIN customers c ON c.id = v.customer_id WHERE v.field_id = ? AND c.deleted_at IS NULL ORDER BY v.value ASC, v.customer_id ASC LIMIT 101`,
  );
  const rawFilterSortPage = raw.prepare(
    `SELECT c.id FROM customer_field_values v INDEXED BY customer_field_values_value CROSS JOIN customers c ON c.id = v.customer_id WHERE v.field_id = ? AND c.deleted_at IS NULL AND v.value IN ('代理商') ORDER BY v.value ASC, v.customer_id ASC LIMIT 101`,
  );
  const f = (vals: string[]) => ({ custom: { [key]: vals } });
  // control: the built-in list page through the same dispatch (zod output check, rows, tags) without custom fields
  await time('control: list 100 newest first, no filter, withTotal false', 30, () => call('customers:list', { limit: 100, withTotal: false }));
  await time('control: list 100 filtered level A, withTotal false', 30, () => call('customers:list', { filter: { levels: ['A'] }, limit: 100, withTotal: false }));
  await time('filter 经销商 (40%), newest first, withTotal false', 30, () => call('customers:list', { filter: f(['经销商']), limit: 100, withTotal: false }), () => rawFilterPage.all(field!.id));
  await time('filter 经销商 (40%), newest first, + capped total', 20, () => call('customers:list', { filter: f(['经销商']), limit: 100 }));
  await time('filter 集团客户 (4.9%), newest first, withTotal false', 20, () => call('customers:list', { filter: f(['集团客户']), limit: 100, withTotal: false }));
  await time('filter 政府机构 (0.1%), newest first, withTotal false', 10, () => call('customers:list', { filter: f(['政府机构']), limit: 100, withTotal: false }));
  // rare options (issue 13 gap 6): read from the values index and sorted when the option is rare
  await time('filter 政府机构 (rare), newest first, + total', 20, () => call('customers:list', { filter: f(['政府机构']), limit: 100 }));
  await time('filter 政府机构 (rare), sorted by name, + total', 20, () => call('customers:list', { filter: f(['政府机构']), sort: { field: 'name', dir: 'asc' }, limit: 100 }));
  await time('filter 集团客户 (3%), newest first, + total', 20, () => call('customers:list', { filter: f(['集团客户']), limit: 100 }));
  await time('filter 政府机构 + level A, newest first, + total', 20, () => call('customers:list', { filter: { ...f(['政府机构']), levels: ['A'] }, limit: 100 }));
  const cs = { key, dir: 'asc' as const };
  await time('sort by 客户类型 asc, first page, withTotal false', 30, () => call('customers:list', { customSort: cs, limit: 100, withTotal: false }), () => rawSortPage.all(field!.id));
  const mid = (await call('customers:list', { customSort: cs, limit: 100, withTotal: false, offset: total >> 1 })) as { nextCursor: string };
  await time('sort by 客户类型 asc, next page by cursor (middle)', 30, () => call('customers:list', { customSort: cs, limit: 100, withTotal: false, cursor: mid.nextCursor }));
  await time('sort by 客户类型 desc, offset to the middle', 5, () => call('customers:list', { customSort: { key, dir: 'desc' }, limit: 100, withTotal: false, offset: total >> 1 }));
  await time('filter 代理商 + sort by 客户类型, first page', 30, () => call('customers:list', { customSort: cs, filter: f(['代理商']), limit: 100, withTotal: false }), () => rawFilterSortPage.all(field!.id));
  await time('filter 经销商 + sort by 客户类型 desc, + total', 10, () => call('customers:list', { customSort: { key, dir: 'desc' }, filter: f(['经销商']), limit: 100 }));
  // the sorted field filtered to a rare option: the walk is narrowed to that option (fields/customerSort.ts)
  await time('filter 政府机构 (rare) + sort by 客户类型 asc, first page', 20, () => call('customers:list', { customSort: cs, filter: f(['政府机构']), limit: 100, withTotal: false }));
  await time('filter 政府机构 (rare) + sort by 客户类型 desc, first page', 20, () => call('customers:list', { customSort: { key, dir: 'desc' }, filter: f(['政府机构']), limit: 100, withTotal: false }));
  await time('filter 集团客户 (3%) + sort by 客户类型 asc, + total', 20, () => call('customers:list', { customSort: cs, filter: f(['集团客户']), limit: 100 }));
  // contains on a custom text field: search-index candidates (fields/rareFilter.ts containsMatch) vs the
  // values walk (listCustomers, what the handler ran before), same process, same data
  let code = ((await call('fields:list', { entity: 'customer' })) as { fields: { key: string; label: { zh: string } }[] }).fields.find((x) => x.label.zh === '合同编号');
  if (!code) {
    code = (await call('fields:create', { entity: 'customer', label: { zh: '合同编号' }, type: 'text' })) as { key: string; label: { zh: string } };
    // through customers:update, so the search index holds the values (300 customers spread over the ids)
    const targets = raw.prepare('SELECT id, version FROM customers WHERE deleted_at IS NULL AND id % 331 = 7 ORDER BY id LIMIT 300').all() as { id: number; version: number }[];
    for (const [i, c] of targets.entries()) {
      await call('customers:update', { id: c.id, version: c.version, patch: { custom: { [code.key]: `HT-2026-${String(i).padStart(4, '0')}` } } });
    }
  }
  const user = app.context.sessions.get('bench')!.user;
  const walk = (input: object) => listCustomers(app.context.db, user, input as never, new Date(), 'bad');
  for (const [label, term] of [
    ['contains HT-2026-01 (100 of 300 values)', 'HT-2026-01'],
    ['contains HT-2026-0123 (1 value)', 'HT-2026-0123'],
    ['contains nothing-matches', 'ZZ-9999'],
  ] as const) {
    const input = { filter: { custom: { [code.key]: { contains: term } } }, limit: 100 };
    await time(`${label}, + total, values walk (before)`, 10, () => walk(input));
    await time(`${label}, + total, search index (after)`, 20, () => call('customers:list', input));
  }
  const plan = raw.prepare(`EXPLAIN QUERY PLAN ${rawSortPage.source}`).all(field.id) as { detail: string }[];
  console.log('sort plan:', plan.map((p) => p.detail).join(' | '));
  await app.close();
}
void main();
