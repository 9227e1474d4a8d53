// reports:export writes xlsx / csv / pdf of the visible table, escapes formulas, checks permission, audits.
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, NOV, type Dataset } from './dataset';
import { escapeFormula } from '../../../main/services/reports/export/cells';

let d: Dataset;
beforeAll(async () => {
  d = await makeDataset();
});
afterAll(() => d.t.close());

const perfColumns = [
  { key: 'ownerName', title: '负责人' },
  { key: 'wonAmountFen', title: '赢单金额' },
  { key: 'wonCount', title: '赢单数' },
  { key: 'winRate', title: '赢率' },
];

describe('reports:export', () => {
  it('xlsx: chosen columns in the chosen order and sort, money in yuan, formulas escaped', async () => {
    const file = path.join(d.t.dataDir, 'perf.xlsx');
    const r = await d.t.ok('admin', 'reports:export', {
      report: 'salesPerformance',
      params: NOV,
      format: 'xlsx',
      columns: perfColumns,
      sort: { key: 'wonAmountFen', dir: 'asc' },
      title: '销售业绩',
      path: file,
    });
    expect(r).toEqual({ path: file, rows: 5 });
    const wb = XLSX.read(fs.readFileSync(file), { cellNF: true });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true });
    expect(rows[0]).toEqual(['负责人', '赢单金额', '赢单数', '赢率']);
    // ascending by won amount: the last two are 李雷 (¥1000) and 韩梅 (¥2000)
    expect(rows.slice(-2)).toEqual([
      ['李雷', 1000, 1, 1],
      ['韩梅', 2000, 1, 0.5],
    ]);
    const names = rows.slice(1).map((x) => x[0]);
    expect(names).toContain("'=cmd|1");
    expect(names).toContain('公海（无负责人）');
    expect(names.some((n) => typeof n === 'string' && /^[=+\-@]/.test(n))).toBe(false);
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(ws['B6'].z).toContain('¥');

    const audit = d.t.app.context.db.raw.prepare("SELECT action, user_id, summary FROM audit_log WHERE action = 'report.export'").all() as { summary: string; user_id: number }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBe(d.admin);
    expect(JSON.parse(audit[0].summary)).toMatchObject({ report: 'salesPerformance', format: 'xlsx', rows: 5, path: file });
  });

  it('csv: UTF-8 with BOM, status labels translated, formula-looking text escaped', async () => {
    const file = path.join(d.t.dataDir, 'status.csv');
    await d.t.ok('admin', 'reports:export', {
      report: 'customerAnalysis',
      params: NOV,
      table: 'byStatus',
      format: 'csv',
      columns: [
        { key: 'key', title: '状态' },
        { key: 'count', title: '客户数' },
        { key: 'share', title: '占比' },
      ],
      title: '客户分析',
      path: file,
    });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\r\n')).toEqual(['\ufeff状态,客户数,占比', '潜在,2,40.0%', '已成交,2,40.0%', '跟进中,1,20.0%', '']);
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(['+a', '-a', '@a', '\ta', '\ra', '\na'].map(escapeFormula)).toEqual(["'+a", "'-a", "'@a", "'\ta", "'\ra", "'\na"]);
    expect(escapeFormula('李雷')).toBe('李雷');
  });

  it('pdf: a real PDF made by headless Chromium from the table and an SVG chart', async () => {
    const file = path.join(d.t.dataDir, 'trend.pdf');
    const r = await d.t.ok('admin', 'reports:export', {
      report: 'salesTrend',
      params: { ...NOV, groupBy: 'day' },
      format: 'pdf',
      columns: [
        { key: 'bucket', title: '日期' },
        { key: 'wonAmountFen', title: '赢单金额' },
        { key: 'prevWonAmountFen', title: '上期赢单金额' },
      ],
      title: '销售趋势',
      path: file,
    });
    expect(r.rows).toBe(30);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('without a path main asks with the save dialog; a cancelled dialog writes nothing', async () => {
    const r = await d.t.ok('admin', 'reports:export', { report: 'funnel', params: NOV, format: 'csv', columns: [{ key: 'stageName', title: '阶段' }], title: '销售漏斗' });
    expect(r.path).toBe(path.join(d.t.dataDir, 'exports', '销售漏斗_2026-11-01_2026-11-30.csv'));
    expect(fs.existsSync(r.path!)).toBe(true);
  });

  it('a sales rep (no export permission) is refused', async () => {
    const r = await d.t.call('repA', 'reports:export', { report: 'funnel', params: NOV, format: 'csv', columns: [{ key: 'stageName', title: '阶段' }], title: 'x', path: path.join(d.t.dataDir, 'no.csv') });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(d.t.dataDir, 'no.csv'))).toBe(false);
  });
});
