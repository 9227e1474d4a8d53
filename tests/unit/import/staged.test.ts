// The commit reuses the rows the preview read (staged.ts, rowSource.ts) only while the file and the
// request are unchanged; anything else reads the file again. The safety snapshot is taken only once the
// file has been read and checked and something will be written (docs/reliability.md open finding 2).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { useImportApp, writeXlsx } from './helpers';
import { loadRows } from '../../../main/services/import/rowSource';
import { stagedFileFor } from '../../../main/services/import/staged';
import type { ColumnMapping } from '../../../main/services/import/fields';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

const ROWS = [
  ['客户名称', '手机号', '城市'],
  ['甲公司', '13800000001', '杭州'],
  ['乙公司', '13800000002', '上海'],
];
const actor = { id: 1, displayName: '王老板', scope: 'all' as const };
const staging = () => path.join(t.app.context.dataDir, 'staging');
const stagedFiles = () => (fs.existsSync(staging()) ? fs.readdirSync(staging()).filter((f) => f.startsWith('import-')) : []);
const snapshots = () => (t.app.context.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'backup.%'").get() as { n: number }).n;
const customers = () => (t.app.context.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;

/** Same size, other content, the old mtime: only the hash tells them apart. */
function rewriteKeepingSizeAndMtime(file: string, rows: unknown[][]): void {
  const st = fs.statSync(file);
  const tmp = writeXlsx(path.join(dir, 'tmp.xlsx'), rows);
  expect(fs.statSync(tmp).size).toBe(st.size);
  fs.copyFileSync(tmp, file);
  fs.utimesSync(file, st.atime, st.mtime);
}

describe('loadRows', () => {
  it('takes the staged rows for the same file and request, and reads the file for anything else', () => {
    const db = t.app.context.db;
    const file = writeXlsx(path.join(dir, 'a.xlsx'), ROWS);
    const stage = stagedFileFor(t.app.context.dataDir, 'test-preview');
    const opts = { actor, locale: 'zh-CN' as const, today: '2026-01-05' };
    const first = loadRows(db, { file, unmapped: 'ignore' }, { ...opts, stageTo: stage });
    expect(first.reused).toBe(false);
    expect(fs.existsSync(stage)).toBe(true);
    const req = { file, sheet: first.sheet.sheet, headerRow: first.sheet.headerRow, mapping: first.sheet.mapping, unmapped: 'ignore' as const };

    const again = loadRows(db, req, { ...opts, stagedFrom: stage });
    expect(again.reused).toBe(true);
    expect(again.rows).toEqual(first.rows);
    expect(again.sheet.data).toEqual(first.sheet.data);

    // another mapping, unmapped policy, language, day or importer: the file is read again
    const noCity: ColumnMapping[] = first.sheet.mapping.map((m) => (m.field === 'city' ? { ...m, field: null } : m));
    expect(loadRows(db, { ...req, mapping: noCity }, { ...opts, stagedFrom: stage }).reused).toBe(false);
    expect(loadRows(db, { ...req, unmapped: 'notes' }, { ...opts, stagedFrom: stage }).reused).toBe(false);
    expect(loadRows(db, req, { ...opts, locale: 'en', stagedFrom: stage }).reused).toBe(false);
    expect(loadRows(db, req, { ...opts, today: '2026-01-06', stagedFrom: stage }).reused).toBe(false);
    expect(loadRows(db, req, { ...opts, actor: { ...actor, scope: 'own' }, stagedFrom: stage }).reused).toBe(false);
    // a user added since the preview (owner names resolve differently): read again
    db.raw.prepare("INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) SELECT 'stagednew', '新同事', password_hash, role_id, created_at, updated_at FROM users WHERE id = 1").run();
    expect(loadRows(db, req, { ...opts, stagedFrom: stage }).reused).toBe(false);
  });

  it('reads the file again when it changed after the preview, even with the same size and mtime', () => {
    const db = t.app.context.db;
    const file = writeXlsx(path.join(dir, 'b.xlsx'), ROWS);
    const stage = stagedFileFor(t.app.context.dataDir, 'test-preview-2');
    const opts = { actor, locale: 'zh-CN' as const, today: '2026-01-05' };
    const first = loadRows(db, { file, unmapped: 'ignore' }, { ...opts, stageTo: stage });
    rewriteKeepingSizeAndMtime(file, [ROWS[0], ['丙公司', '13800000001', '杭州'], ROWS[2]]);
    const req = { file, sheet: first.sheet.sheet, headerRow: first.sheet.headerRow, mapping: first.sheet.mapping, unmapped: 'ignore' as const };
    const after = loadRows(db, req, { ...opts, stagedFrom: stage });
    expect(after.reused).toBe(false);
    expect(after.rows.map((r) => r.values.name)).toEqual(['丙公司', '乙公司']);
    // a damaged staging file is ignored, not trusted
    fs.writeFileSync(stage, 'not a staging file');
    expect(loadRows(db, req, { ...opts, stagedFrom: stage }).reused).toBe(false);
  });
});

describe('import:preview -> import:commit', () => {
  it('a file changed after the preview (same size and mtime) is imported as it is now; the staging file goes with the commit', async () => {
    const file = writeXlsx(path.join(dir, 'c.xlsx'), ROWS);
    const p = await t.ok('admin', 'import:preview', { path: file });
    expect(p.previewId).toBeTruthy();
    expect(stagedFiles()).toEqual([`import-${p.previewId}.v8`]);
    const input = { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'ignore' as const, onDuplicate: 'skip' as const, allOrNothing: false, previewId: p.previewId };
    rewriteKeepingSizeAndMtime(file, [ROWS[0], ['丙公司', '13800000003', '杭州'], ROWS[2]]);
    const r = await t.ok('admin', 'import:commit', input);
    expect(r).toMatchObject({ created: 2, failed: 0 });
    const names = (await t.ok('admin', 'customers:list', {})).rows.map((c) => c.name).sort();
    expect(names).toEqual(['丙公司', '乙公司'].sort());
    expect(stagedFiles()).toEqual([]);
    // a second preview replaces the user's first staging
    const p2 = await t.ok('admin', 'import:preview', { path: file });
    const p3 = await t.ok('admin', 'import:preview', { path: file });
    expect(stagedFiles()).toEqual([`import-${p3.previewId}.v8`]);
    expect(p2.previewId).not.toBe(p3.previewId);
  });

  it('a file gone after the preview: the commit is refused, writes nothing and takes no snapshot', async () => {
    const file = writeXlsx(path.join(dir, 'd.xlsx'), ROWS);
    const p = await t.ok('admin', 'import:preview', { path: file });
    fs.rmSync(file);
    const before = { snaps: snapshots(), customers: customers() };
    const r = await t.call('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false, previewId: p.previewId });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    expect({ snaps: snapshots(), customers: customers() }).toEqual(before);
  });

  it('an all-or-nothing import with an invalid row, or one with nothing valid, takes no snapshot', async () => {
    const file = writeXlsx(path.join(dir, 'e.xlsx'), [...ROWS, ['', '13800000009', '杭州']]);
    const p = await t.ok('admin', 'import:preview', { path: file });
    const before = snapshots();
    const r = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: true });
    expect(r).toMatchObject({ rolledBack: true, created: 0, failed: 1 });
    const bad = writeXlsx(path.join(dir, 'f.xlsx'), [ROWS[0], ['', '13800000009', '杭州']]);
    const pb = await t.ok('admin', 'import:preview', { path: bad });
    const rb = await t.ok('admin', 'import:commit', { path: bad, sheet: pb.sheet, headerRow: pb.headerRow, mapping: pb.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
    expect(rb).toMatchObject({ created: 0, failed: 1 });
    expect(snapshots()).toBe(before);
    // and one that writes takes exactly one
    const ok = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
    expect(ok.created).toBe(2);
    expect(snapshots()).toBeGreaterThan(before);
    expect(customers()).toBe(2);
  });
});
