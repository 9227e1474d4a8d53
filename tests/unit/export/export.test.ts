// export:run — customers by filter + search (what the list shows), by selection, or all; chosen columns
// with labels; xlsx and csv (UTF-8 with BOM); formula escaping of every dangerous first character;
// deals, follow-ups and the audit log; PDF through the platform printer; audited; paths must be granted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { adminApp, readBack, tempDir } from '../import/helpers';
import { escapeFormula } from '../../../main/services/export/cells';

let t: TestApp;
let dir: string;
const ids: Record<string, number> = {};
beforeAll(async () => {
  t = await adminApp();
  dir = tempDir();
  const mk = async (name: string, extra: object = {}) => (ids[name] = (await t.ok('admin', 'customers:create', { name, ...extra })).id);
  // short region names, stored as the region data names them (浙江省, 北京市)
  await mk('杭州甲科技', { province: '浙江', city: '杭州市', level: 'A', status: 'won', mobile: '13800138000', tags: ['重点', '老客户'] });
  await mk('宁波乙贸易', { province: '浙江', city: '宁波市', level: 'B' });
  await mk('北京丙公司', { province: '北京', notes: '普通' });
  await mk('=1+1', { contactName: '+SUM(A1)', address: '-2', position: '@cmd', wechat: '\tTAB', company: '\rCR', source: '\nLF' });
  const deal = await t.ok('admin', 'deals:create', { name: '=HYPERLINK("x")', customerId: ids['杭州甲科技'], amountFen: 1234567 });
  ids.deal = deal.id;
  await t.ok('admin', 'followUps:create', { customerId: ids['宁波乙贸易'], method: '电话', content: '@提醒 回访' });
});
afterAll(() => t.close());

describe('customers', () => {
  it('exports the filtered + searched list to xlsx with the chosen columns and their labels', async () => {
    const out = path.join(dir, 'zj.xlsx');
    const r = await t.ok('admin', 'export:run', { entity: 'customers', filter: { provinces: ['浙江省'] }, query: 'hz', columns: ['name', 'level', 'status', 'tags', 'ownerName'], format: 'xlsx', path: out });
    expect(r).toMatchObject({ path: out, rows: 1, truncated: false });
    expect(readBack(out)).toEqual([
      ['客户名称', '意向等级', '状态', '标签', '负责人'],
      ['杭州甲科技', 'A', '已成交', '老客户, 重点', '王老板'],
    ]);
    const f = await t.ok('admin', 'export:run', { entity: 'customers', filter: { provinces: ['浙江省'] }, columns: ['name'], format: 'xlsx', path: out });
    expect(f.rows).toBe(2);
  });

  it('exports a selection to CSV in UTF-8 with a BOM', async () => {
    const out = path.join(dir, 'sel.csv');
    await t.ok('admin', 'export:run', { entity: 'customers', ids: [ids['北京丙公司'], ids['宁波乙贸易']], columns: ['name', 'province', 'notes'], format: 'csv', path: out });
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1)).toBe('客户名称,省份,备注\r\n宁波乙贸易,浙江省,\r\n北京丙公司,北京市,普通\r\n');
  });

  it('escapes every cell that starts with = + - @ TAB CR LF, in xlsx and csv', async () => {
    const cols = ['name', 'contactName', 'address', 'position', 'wechat', 'company', 'source'];
    const x = path.join(dir, 'f.xlsx');
    const c = path.join(dir, 'f.csv');
    await t.ok('admin', 'export:run', { entity: 'customers', ids: [ids['=1+1']], columns: cols, format: 'xlsx', path: x });
    await t.ok('admin', 'export:run', { entity: 'customers', ids: [ids['=1+1']], columns: cols, format: 'csv', path: c });
    // stored normalized (trimmed) by the customers service: what is left still starts dangerously
    const row = readBack(x)[1] as string[];
    for (const cell of row) expect(cell === null || /^[=+\-@\t\r\n]/.test(String(cell)), String(cell)).toBe(false);
    expect(row[0]).toBe("'=1+1");
    expect(row[1]).toBe("'+SUM(A1)");
    const csv = fs.readFileSync(c, 'utf8').slice(1).split('\r\n')[1];
    expect(csv.startsWith("'=1+1,'+SUM(A1),'-2,'@cmd")).toBe(true);
    expect(escapeFormula('\tTAB')).toBe("'\tTAB");
    expect(['\rCR', '\nLF', '李雷', ''].map(escapeFormula)).toEqual(["'\rCR", "'\nLF", '李雷', '']);
  });

  it('uses the user\'s language for labels and refuses unknown columns', async () => {
    const cols = await t.ok('admin', 'export:columns', { entity: 'customers' });
    expect(cols.columns.find((c) => c.key === 'mobile')).toEqual({ key: 'mobile', label: '手机', default: true });
    const bad = await t.call('admin', 'export:run', { entity: 'customers', columns: ['name', 'password_hash'], format: 'csv', path: path.join(dir, 'x.csv') });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
  });

  it('audits the export', async () => {
    const out = path.join(dir, 'audited.csv');
    await t.ok('admin', 'export:run', { entity: 'customers', format: 'csv', path: out });
    const row = t.app.context.db.prepare("SELECT entity, summary FROM audit_log WHERE action = 'export.run' ORDER BY id DESC LIMIT 1").get() as { entity: string; summary: string };
    expect(row.entity).toBe('customers');
    expect(JSON.parse(row.summary)).toMatchObject({ format: 'csv', path: out, rows: 4 });
  });
});

describe('other entities', () => {
  it('exports deals with money in yuan', async () => {
    const out = path.join(dir, 'deals.xlsx');
    await t.ok('admin', 'export:run', { entity: 'deals', columns: ['name', 'customerName', 'amount', 'status'], format: 'xlsx', path: out });
    expect(readBack(out)).toEqual([
      ['商机名称', '客户', '金额（元）', '状态'],
      ["'=HYPERLINK(\"x\")", '杭州甲科技', 12345.67, '进行中'],
    ]);
  });

  it('exports follow-ups and the audit log', async () => {
    const fu = path.join(dir, 'fu.csv');
    await t.ok('admin', 'export:run', { entity: 'followUps', columns: ['customerName', 'method', 'content'], format: 'csv', path: fu });
    expect(fs.readFileSync(fu, 'utf8').slice(1)).toBe("客户,方式,内容\r\n宁波乙贸易,电话,'@提醒 回访\r\n");
    const au = path.join(dir, 'audit.xlsx');
    const r = await t.ok('admin', 'export:run', { entity: 'audit', filter: { action: 'customer.' }, columns: ['action', 'entity'], format: 'xlsx', path: au });
    expect(r.rows).toBeGreaterThanOrEqual(4);
    expect(readBack(au).slice(1).every((x) => String(x[0]).startsWith('customer.'))).toBe(true);
  });

  it('audit:export (the 操作日志 page) writes the filtered entries in the export worker, changes one line each', async () => {
    const id = ids['宁波乙贸易'];
    const cur = await t.ok('admin', 'customers:get', { id });
    await t.ok('admin', 'customers:update', { id, version: cur.customer.version, patch: { level: 'A', contactName: '=cmd' } });
    const out = path.join(dir, 'log.xlsx');
    t.app.context.platform.paths.grant('admin', out, 'write');
    const r = await t.ok('admin', 'audit:export', { entity: 'customer', entityId: id, path: out });
    const sheet = readBack(out);
    expect(r).toEqual({ path: out, rows: sheet.length - 1 });
    const header = sheet[0].map(String);
    expect(header).toHaveLength(9); // id, time, user, action, entity, entity id, batch id, changes, summary
    const update = sheet.find((x) => x.includes('customer.update'))!;
    const changes = String(update[header.findIndex((h) => /变更|changes/i.test(h))]);
    expect(changes.split('\n')).toEqual(expect.arrayContaining(['level: "B" → "A"', 'contactName: null → "=cmd"']));
    // every entry of that customer, newest first, and nothing else
    const expected = t.app.context.db.prepare("SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id DESC").pluck().all(id);
    expect(sheet.slice(1).map((x) => x[0])).toEqual(expected);
  });

  it('prints a list to PDF through the platform printer', async () => {
    const out = path.join(dir, 'list.pdf');
    const r = await t.ok('admin', 'export:run', { entity: 'customers', columns: ['name', 'province', 'status'], format: 'pdf', path: out });
    expect(r.rows).toBe(4);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
