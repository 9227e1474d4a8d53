// Custom field filter and sort timings on DEALS over a seeded database (issue 13), with a raw
// better-sqlite3 baseline of the same probe in the same run. Adds a single-select field 合同类型 (4 options,
// ~80% of deals filled, one option rare at ~1%) and a number field 评分 with a bulk insert of their
// values, then lists through dispatch (deals:list with filter.custom / customSort).
// Usage: npx tsx bench/dealCustomFields-measure.ts <dataDir>   (seed it first: node $CRM_DIST/seed/cli.js --deals N --data DIR)
import { openMeasureApp, time } from './lib/adhoc';

const { app, raw, call } = openMeasureApp('dealCustomFields-measure.ts');

const OPTIONS = ['框架合同', '单次采购', '年度续约', '战略合作'];
type Field = { id: number; key: string; label: { zh: string } };

async function ensureField(label: string, input: Record<string, unknown>, fill: (dealId: number) => unknown): Promise<Field> {
  const list = ((await call('fields:list', { entity: 'deal' })) as { fields: Field[] }).fields;
  const found = list.find((f) => f.label.zh === label);
  if (found) return found;
  const field = (await call('fields:create', { entity: 'deal', label: { zh: label }, ...input })) as Field;
  const ins = raw.prepare('INSERT INTO deal_field_values (field_id, deal_id, value) VALUES (?, ?, ?)');
  const ids = raw.prepare('SELECT id FROM deals').pluck().all() as number[];
  const t = performance.now();
  raw.transaction(() => {
    for (const id of ids) {
      const v = fill(id);
      if (v !== null && v !== undefined) ins.run(field.id, id, v);
    }
  })();
  console.log(`filled ${label} on ${ids.length} deals in ${(performance.now() - t).toFixed(0)} ms (bulk, outside the services)`);
  return field;
}

async function main() {
  await call('auth:login', { username: 'owner', password: 'owner-pass-1' });
  const deals = (raw.prepare('SELECT count(*) AS n FROM deals WHERE deleted_at IS NULL').get() as { n: number }).n;
  console.log(`deals: ${deals}`);
  // ~80% filled: ids ending 0-7; the rare option on ids ≡ 3 (mod 100)
  const kind = await ensureField('合同类型', { type: 'singleSelect', options: OPTIONS }, (id) =>
    id % 10 >= 8 ? null : id % 100 === 3 ? '战略合作' : OPTIONS[id % 3],
  );
  const score = await ensureField('评分', { type: 'number' }, (id) => (id % 5 === 0 ? null : BigInt((id * 7919) % 1000)));
  raw.exec('ANALYZE');

  const probe = raw.prepare(
    `SELECT d.id FROM deals d WHERE d.deleted_at IS NULL AND EXISTS (SELECT 1 FROM deal_field_values v WHERE v.field_id = ? AND v.deal_id = d.id AND v.value IN ('框架合同'))
     ORDER BY d.id DESC LIMIT 51`,
  );
  await time('filter common option (≈27%), first page (raw: ids-only probe)', 30, () => call('deals:list', { filter: { custom: { [kind.key]: ['框架合同'] } } }), () => probe.all(kind.id));
  await time('filter rare option (1%), first page', 30, () => call('deals:list', { filter: { custom: { [kind.key]: ['战略合作'] } } }));
  await time('filter number range 100..200, first page', 30, () => call('deals:list', { filter: { custom: { [score.key]: { from: 100, to: 200 } } } }));
  await time('filter common option with total (capped 10,000)', 10, () => call('deals:list', { filter: { custom: { [kind.key]: ['框架合同'] } }, withTotal: true }));
  const sortRaw = raw.prepare(
    `SELECT d.id, v.value FROM deal_field_values v INDEXED BY deal_field_values_value CROSS JOIN deals d ON d.id = v.deal_id
     WHERE v.field_id = ? AND d.deleted_at IS NULL ORDER BY v.value ASC, v.deal_id ASC LIMIT 51`,
  );
  await time('customSort 评分 asc, first page (raw: ids-only walk)', 30, () => call('deals:list', { customSort: { key: score.key, dir: 'asc' } }), () => sortRaw.all(score.id));
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) cursor = ((await call('deals:list', { customSort: { key: score.key, dir: 'desc' }, cursor })) as { nextCursor: string | null }).nextCursor;
  const deep = cursor;
  await time('customSort 评分 desc, 21st page (keyset cursor)', 30, () => call('deals:list', { customSort: { key: score.key, dir: 'desc' }, cursor: deep }));
  await time('customSort 合同类型 + filter rare option', 10, () => call('deals:list', { customSort: { key: kind.key, dir: 'asc' }, filter: { custom: { [kind.key]: ['战略合作'] } } }));
  await app.close();
}

void main();
