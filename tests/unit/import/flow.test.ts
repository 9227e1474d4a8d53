// The import flow through dispatch: preview (header detection past title rows, auto-mapping, cleansing,
// per-cell errors, duplicates), commit with each duplicate policy, all-or-nothing, error report, undo.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { MESSY, readBack, useImportApp, writeXlsx } from './helpers';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

const field = (p: { headers: string[]; mapping: { column: number; field: string | null }[] }, header: string) =>
  p.mapping[p.headers.indexOf(header)]?.field;

describe('import:preview', () => {
  it('skips title rows, maps Chinese headers, cleanses values and reports cell errors and duplicates', async () => {
    const file = writeXlsx(path.join(dir, 'messy.xlsx'), MESSY);
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.headerRow).toBe(4);
    expect(p.sheets).toEqual(['客户']);
    expect(field(p, '客户名称')).toBe('name');
    expect(field(p, '手机号')).toBe('mobile');
    expect(field(p, '邮箱')).toBe('email');
    expect(field(p, '负责人')).toBe('owner');
    expect(field(p, '生日')).toBe('birthday');
    expect(field(p, '微信群')).toBe(null);
    expect(p.stats.rows).toBe(6);
    const first = p.sample[0];
    expect(first.row).toBe(5);
    expect(first.values).toMatchObject({ name: '上海甲乙贸易有限公司', mobile: '13800138000', email: 'buyer@example.com', birthday: '2024-01-02', level: 'A', tags: ['老客户', '重点'], ownerId: 1 });
    expect(first.issues).toEqual([]);
    const second = p.sample[1];
    expect(second.values).toMatchObject({ mobile: '13900139000', birthday: '2024-01-02', level: 'B', ownerId: 1 });
    const bad = p.sample[2];
    const codes = bad.issues.map((i) => `${i.level}:${i.code}:${p.headers[i.column!]}`);
    expect(codes).toEqual(expect.arrayContaining(['error:mobile:手机号', 'error:email:邮箱', 'warning:ownerUnknown:负责人', 'warning:unknownOption:级别']));
    expect(bad.issues.find((i) => i.code === 'email')!.message).toBe('邮箱格式不正确：not-an-email');
    expect(p.sample[2].values.birthday).toBe('1990-05-01');
    // the row with only a mobile has no name
    expect(p.sample[3].issues.map((i) => i.code)).toEqual(['nameRequired']);
    // the second 上海甲乙 row duplicates the first one (same mobile)
    expect(p.sample[4].duplicate).toMatchObject({ source: 'file', by: 'mobile', row: 5 });
    expect(p.stats).toMatchObject({ rows: 6, valid: 4, withErrors: 2, duplicatesInFile: 1, duplicatesInDb: 0 });
    // a formula-looking text is kept as text, never evaluated
    expect(p.sample[5].values.name).toBe('=HYPERLINK("http://evil")');
  });

  it('finds duplicates against the database by mobile, email and name', async () => {
    await t.ok('admin', 'customers:create', { name: '上海甲乙贸易', mobile: '13800138000' });
    await t.ok('admin', 'customers:create', { name: '别的公司', email: 'bj@example.com' });
    await t.ok('admin', 'customers:create', { name: '广州戊己有限公司' });
    const file = writeXlsx(path.join(dir, 'messy.xlsx'), MESSY);
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.sample[0].duplicate).toMatchObject({ source: 'db', by: 'mobile', name: '上海甲乙贸易' });
    expect(p.sample[1].duplicate).toMatchObject({ source: 'db', by: 'email', name: '别的公司' });
    expect(p.stats.duplicatesInDb).toBe(2);
    expect(p.stats.duplicatesBy).toEqual({ mobile: 2, email: 1, name: 0 });
  });

  it('answers a clear INVALID_INPUT for a file that is not a spreadsheet', async () => {
    const file = path.join(dir, 'x.xlsx');
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 0, 0, 0, 9]));
    const r = await t.call('admin', 'import:preview', { path: file });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toBe('文件已损坏，或不是电子表格文件，无法读取。');
    }
  });
});

const commitInput = (p: { sheet: string; headerRow: number; mapping: { column: number; field: string | null }[] }, file: string, extra: object = {}) => ({
  path: file,
  sheet: p.sheet,
  headerRow: p.headerRow,
  mapping: p.mapping as never,
  unmapped: 'ignore' as const,
  onDuplicate: 'skip' as const,
  allOrNothing: false,
  ...extra,
});

describe('import:commit', () => {
  it('imports the valid rows, skips duplicates, reports failures, audits one batch and can be undone', async () => {
    const file = writeXlsx(path.join(dir, 'messy.xlsx'), MESSY);
    const p = await t.ok('admin', 'import:preview', { path: file });
    // main lets its page cache go in steps while the writer thread works (platform/pageCache.ts)
    const db = t.app.context.db.raw;
    const limits = new Set<number>();
    let watching = true;
    const watch = () => {
      if (!watching) return;
      limits.add(db.pragma('cache_size', { simple: true }) as number);
      setImmediate(watch);
    };
    setImmediate(watch);
    const r = await t.ok('admin', 'import:commit', commitInput(p, file, { unmapped: 'notes' }));
    watching = false;
    expect([...limits].some((v) => v > 0)).toBe(true);
    expect(r).toMatchObject({ total: 6, created: 3, updated: 0, skipped: 1, failed: 2, rolledBack: false, cancelled: false, errorReport: { rows: 3 } });
    const list = await t.ok('admin', 'customers:list', { sort: { field: 'createdAt', dir: 'asc' } });
    expect(list.rows.map((c) => c.name).sort()).toEqual(['=HYPERLINK("http://evil")', '上海甲乙贸易有限公司', '北京丙丁科技'].sort());
    const sh = list.rows.find((c) => c.name === '上海甲乙贸易有限公司')!;
    const detail = await t.ok('admin', 'customers:get', { id: sh.id });
    expect(detail.customer).toMatchObject({ mobile: '13800138000', email: 'buyer@example.com', birthday: '2024-01-02', level: 'A', tags: ['老客户', '重点'], ownerId: 1 });
    // unmapped columns went into the notes
    expect(detail.customer.notes).toBe('年底回访\n微信群: 群1');
    // the new customers are searchable at once (search index kept in step)
    expect((await t.ok('admin', 'customers:list', { query: 'shjy' })).rows.map((c) => c.name)).toContain('上海甲乙贸易有限公司');
    expect((await t.ok('admin', 'customers:list', { query: '0013900' })).rows.map((c) => c.name)).toEqual(['北京丙丁科技']);
    // one audit batch: three creates + the import entry
    const audit = t.app.context.db.prepare('SELECT action FROM audit_log WHERE batch_id = ? ORDER BY id').all(r.batchId) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['customer.create', 'customer.create', 'customer.create', 'import.commit']);
    // a pinned snapshot was taken before
    const snap = t.app.context.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'backup.%'").get() as { n: number };
    expect(snap.n).toBeGreaterThan(0);

    // error report: row, column, reason, then the original cells
    const report = path.join(dir, 'errors.xlsx');
    expect(await t.ok('admin', 'import:errorReport', { jobId: r.jobId, path: report })).toEqual({ path: report, rows: 3 });
    const rows = readBack(report);
    expect(rows[0].slice(0, 5)).toEqual(['行号', '出错列', '原因', '客户名称', '手机号']);
    expect(rows.slice(1).map((x) => x.slice(0, 3))).toEqual([
      [7, '手机号', '手机号格式不正确：12345'],
      [7, '邮箱', '邮箱格式不正确：not-an-email'],
      [8, '客户名称', '缺少客户名称'],
    ]);
    expect(rows[1][3]).toBe('广州戊己');

    // undo: the created customers go to the recycle bin, in one new batch
    const u = await t.ok('admin', 'import:undo', { batchId: r.batchId });
    expect(u).toMatchObject({ removed: 3, restored: 0, conflicts: 0 });
    expect((await t.ok('admin', 'customers:list', {})).total).toBe(0);
    const again = await t.call('admin', 'import:undo', { batchId: r.batchId });
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
  });

  it('update policy changes the existing customer; undo restores its previous values', async () => {
    const existing = await t.ok('admin', 'customers:create', { name: '上海甲乙贸易', mobile: '13800138000', province: '浙江省', tags: ['旧'] });
    const file = writeXlsx(path.join(dir, 'u.xlsx'), [
      ['客户名称', '手机', '省份', '标签', '行业'],
      ['上海甲乙贸易', '13800138000', '上海', '新', '贸易'],
    ]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const r = await t.ok('admin', 'import:commit', commitInput(p, file, { onDuplicate: 'update' }));
    expect(r).toMatchObject({ created: 0, updated: 1, skipped: 0, failed: 0 });
    const after = (await t.ok('admin', 'customers:get', { id: existing.id })).customer;
    expect(after).toMatchObject({ province: '上海市', industry: '贸易', version: 2 }); // 上海 as the region data names it
    expect(after.tags.sort()).toEqual(['新', '旧'].sort());
    const u = await t.ok('admin', 'import:undo', { batchId: r.batchId });
    expect(u).toMatchObject({ removed: 0, restored: 1 });
    const back = (await t.ok('admin', 'customers:get', { id: existing.id })).customer;
    expect(back).toMatchObject({ province: '浙江省', industry: null, tags: ['旧'] });
  });

  it('an import undone through the audit log cannot be undone again here', async () => {
    const file = writeXlsx(path.join(dir, 'a.xlsx'), [['客户名称', '手机'], ['甲', '13800138000']]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const r = await t.ok('admin', 'import:commit', commitInput(p, file));
    await t.ok('admin', 'audit:undoBatch', { batchId: r.batchId, force: true });
    expect((await t.ok('admin', 'customers:list', {})).total).toBe(0);
    const again = await t.call('admin', 'import:undo', { batchId: r.batchId });
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
  });

  it('create policy creates the duplicate anyway', async () => {
    await t.ok('admin', 'customers:create', { name: '甲', mobile: '13800138000' });
    const file = writeXlsx(path.join(dir, 'c.xlsx'), [['客户名称', '手机'], ['甲', '13800138000']]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const r = await t.ok('admin', 'import:commit', commitInput(p, file, { onDuplicate: 'create' }));
    expect(r.created).toBe(1);
    expect((await t.ok('admin', 'customers:list', {})).total).toBe(2);
  });

  it('all-or-nothing writes nothing when a row fails', async () => {
    const file = writeXlsx(path.join(dir, 'messy.xlsx'), MESSY);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const before = (t.app.context.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const r = await t.ok('admin', 'import:commit', commitInput(p, file, { allOrNothing: true }));
    expect(r).toMatchObject({ created: 0, rolledBack: true, failed: 2 });
    expect((await t.ok('admin', 'customers:list', {})).total).toBe(0);
    const after = (t.app.context.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'backup.%'").get() as { n: number }).n;
    expect(after).toBeLessThanOrEqual(before);
    // fix the mapping: leave the broken columns out and drop bad rows' columns -> all rows valid but one without name
    const ok = writeXlsx(path.join(dir, 'ok.xlsx'), [['客户名称', '手机'], ['甲', '13800138000'], ['乙', '13900139000']]);
    const p2 = await t.ok('admin', 'import:preview', { path: ok });
    const r2 = await t.ok('admin', 'import:commit', commitInput(p2, ok, { allOrNothing: true }));
    expect(r2).toMatchObject({ created: 2, rolledBack: false });
  });

});
