// Automation rules on "customer created" run for imported customers as for ones created in the form
// (after the worker's commit, in main, in chunks); rows that update existing customers do not trigger them,
// and an import without such a rule reads nothing extra.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { useImportApp, writeXlsx } from './helpers';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w), { once: true });

async function importFile(file: string, onDuplicate: 'skip' | 'update' | 'create' = 'update') {
  const p = (await t.ok('admin', 'import:preview', { path: file })) as unknown as { sheet: string; headerRow: number; mapping: unknown };
  return t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate, allOrNothing: false });
}
const tagsOf = (name: string) =>
  t.app.context.db.raw.prepare('SELECT t.tag FROM customer_tags t JOIN customers c ON c.id = t.customer_id WHERE c.name = ? ORDER BY t.tag').pluck().all(name);

describe('import and automation', () => {
  it('a "customer created" rule tags imported customers that meet its conditions; updated rows are left alone', async () => {
    await t.ok('admin', 'customers:create', { name: '已有客户', mobile: '13800000011', source: '展会' });
    await t.ok('admin', 'automations:create', {
      name: '展会客户打标签',
      trigger: { type: 'customer.created' },
      conditions: [{ field: 'customer.source', op: 'eq', value: '展会' }],
      actions: [{ type: 'addTag', tag: '展会线索' }],
    });
    const file = writeXlsx(path.join(dir, 'auto.xlsx'), [
      ['客户名称', '手机', '来源'],
      ['导入甲', '13800000012', '展会'],
      ['导入乙', '13800000013', '网络'],
      ['已有客户', '13800000011', '转介绍'], // matches by mobile: updated, not created
    ]);
    const events: unknown[] = [];
    const before = t.events.length;
    const r = await importFile(file);
    expect(r).toMatchObject({ created: 2, updated: 1 });
    expect(tagsOf('导入甲')).toEqual(['展会线索']);
    expect(tagsOf('导入乙')).toEqual([]);
    expect(tagsOf('已有客户')).toEqual([]); // the form-created customer existed before the rule; the import only updated it
    // the rules' phase reports progress like the write phase
    events.push(...t.events.slice(before).map((e) => e.payload as { phase?: string; done?: number; total?: number }).filter((p) => p.phase === 'automation'));
    expect(events.at(-1)).toMatchObject({ phase: 'automation', done: 2, total: 2 });
    // the rule ran once, for the imported customer it matched
    const runs = t.app.context.db.raw.prepare("SELECT r.outcome, c.name FROM automation_runs r JOIN customers c ON c.id = r.entity_id WHERE r.entity = 'customer'").all();
    expect(runs).toEqual([{ outcome: 'done', name: '导入甲' }]);
  });
});
