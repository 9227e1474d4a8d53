// Hostile, broken and real-world files: each is previewed or refused with its reason; a refused commit
// writes nothing; Object.prototype stays clean after importing prototype-pollution payloads.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { REAL_FIXTURES, useImportApp } from './helpers';
import { writeHostileCorpus, type HostileFile } from './hostile';

let t: TestApp;
let dir: string;
let corpus: HostileFile[];
useImportApp((w) => ({ t, dir } = w), { once: true });
beforeAll(() => {
  corpus = writeHostileCorpus(dir);
});

const counts = () => {
  const db = t.app.context.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  // snapshots too: a refused file takes no safety snapshot (it is taken once the file is read and checked)
  return {
    customers: n('SELECT count(*) AS n FROM customers'),
    audit: n("SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'backup.%'"),
    snapshots: n("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'backup.%'"),
    tags: n('SELECT count(*) AS n FROM customer_tags'),
  };
};

describe('hostile corpus', () => {
  it('previews each file or refuses it with its reason, and a refused commit writes nothing', async () => {
    const seen: string[] = [];
    for (const h of corpus) {
      const r = await t.call('admin', 'import:preview', { path: h.file });
      if (h.reason) {
        expect(r.ok, `${h.name} should be refused`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code, h.name).toBe('INVALID_INPUT');
        expect((r.error.details as { reason: string }).reason, h.name).toBe(h.reason);
        expect(r.error.message.length, h.name).toBeGreaterThan(5);
        const before = counts();
        const c = await t.call('admin', 'import:commit', { path: h.file, sheet: 'S', headerRow: 1, mapping: [{ column: 0, field: 'name' }], unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
        expect(c.ok, h.name).toBe(false);
        expect(counts(), h.name).toEqual(before);
      } else {
        expect(r.ok ? 'ok' : `${r.error.code} ${r.error.message}`, h.name).toBe('ok');
      }
      seen.push(h.name);
    }
    expect(seen.length).toBe(corpus.length);
  });

  it('messages say what to do', async () => {
    const big = corpus.find((h) => h.name === 'million-rows.csv')!;
    const r = await t.call('admin', 'import:preview', { path: big.file });
    expect(r.ok ? '' : r.error.message).toBe('工作表超过单次导入上限 200000 行。请拆分成几个文件（每个不超过 200000 行）分别导入。');
    const enc = await t.call('admin', 'import:preview', { path: corpus.find((h) => h.name === 'encrypted.xlsx')!.file });
    expect(enc.ok ? '' : enc.error.message).toContain('取消密码');
  });

  it('keeps Object.prototype clean after importing prototype-pollution payloads', async () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const name of ['proto.xlsx', 'proto.csv']) {
      const file = corpus.find((h) => h.name === name)!.file;
      const p = await t.ok('admin', 'import:preview', { path: file, unmapped: 'notes' });
      expect(p.headers.slice(0, 3)).toEqual(['__proto__', 'constructor', 'prototype']);
      expect(p.mapping.find((m) => m.field === 'name')?.column).toBe(3);
      const r = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'notes', onDuplicate: 'create', allOrNothing: false });
      expect(r.created).toBe(2);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    const c = await t.ok('admin', 'customers:list', { query: '原型客户' });
    const detail = await t.ok('admin', 'customers:get', { id: c.rows[0].id });
    expect(detail.customer.notes).toContain('__proto__: {"polluted":1}');
    // a mapping naming a field that does not exist is refused by the contract
    const bad = await t.call('admin', 'import:preview', { path: corpus[0].file, mapping: [{ column: 0, field: '__proto__' as never }] });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
  });

  it('imports the cached values of formula cells and keeps formula-like text as text', async () => {
    const file = corpus.find((h) => h.name === 'formulas.xlsx')!.file;
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.sample.map((s) => [s.values.name, s.values.mobile])).toEqual([
      ['公式客户', '13800138000'],
      ["=cmd|' /C calc'!A0", '13900139000'],
    ]);
  });
});

describe('real spreadsheets from other office suites', () => {
  const files = fs.existsSync(REAL_FIXTURES) ? fs.readdirSync(REAL_FIXTURES).filter((f) => !/^(LICENSE|README)/.test(f)) : [];
  it('finds the fixture folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  it('previews every real file or refuses it with a clear reason', async () => {
    const outcome: Record<string, string> = {};
    for (const f of files) {
      const r = await t.call('admin', 'import:preview', { path: path.join(REAL_FIXTURES, f) });
      if (r.ok) {
        expect(r.value.sheets.length, f).toBeGreaterThan(0);
        expect(r.value.headers.length, f).toBeGreaterThan(0);
        outcome[f] = `ok ${r.value.sheet} rows=${r.value.stats.rows}`;
      } else {
        expect(r.error.code, f).toBe('INVALID_INPUT');
        expect((r.error.details as { reason?: string }).reason, f).toBeTruthy();
        outcome[f] = `refused ${(r.error.details as { reason: string }).reason}`;
      }
    }
    // the blank-sheets workbook has no data to import; the rest are read
    expect(outcome['BlankSheetTypes.xlsm']).toBe('refused emptySheet');
    expect(Object.values(outcome).filter((o) => o.startsWith('ok')).length).toBeGreaterThanOrEqual(files.length - 2);
  });
  it('reads the 1904 date system', async () => {
    const p = await t.ok('admin', 'import:preview', { path: path.join(REAL_FIXTURES, '1904_1904.xlsx'), headerRow: 1, mapping: [{ column: 1, field: 'birthday' }, { column: 2, field: 'name' }] });
    // B1 is serial 1 in a 1904 workbook = 1904-01-02; the text column says the same
    expect(p.headers[1]).toBe('1');
    const row = p.sample[0];
    expect(row.values.birthday).toBe(row.values.name);
  });
});
