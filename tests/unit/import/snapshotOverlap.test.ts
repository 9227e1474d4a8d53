// The import's safety snapshot is pinned before the first write and copied while the rows are written
// (docs/backup-format.md, "Pinned snapshots while an import writes"): the copy holds exactly the data of
// before the import even though the import committed while it was being made; a copy that fails after
// the import began writing is reported in the result, leaves no backup (nor a partial file) behind, and
// the import's own undo still works.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { startBackups, stopBackups } from '../../../main/services/backup';
import { listBackups } from '../../../main/services/backup/catalog';
import { useImportApp, writeXlsx } from './helpers';
import { commitImport, type CommitTask } from '../../../main/services/import/commit';
import { IMPORT_LIMITS } from '../../../main/services/import/limits';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

/** restart the app's backup service with the pinned copy's test seams */
const withSeams = (pinSeams: { holdAfterPin?: string; failAfterPin?: boolean }) => {
  stopBackups(t.app.context);
  startBackups(t.app.context, { schedule: false, pinSeams });
};

const ROWS = 120;
const sheet = () =>
  writeXlsx(path.join(dir, 'new.xlsx'), [['客户名称', '手机'], ...Array.from({ length: ROWS }, (_, i) => [`导入客户${i}`, `139${String(10_000_000 + i).slice(-8)}`])]);

async function commit(file: string) {
  const p = await t.ok('admin', 'import:preview', { path: file });
  return t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
}

const customers = () => t.app.context.db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
const progressPhases = () =>
  t.events.filter((e) => e.event === 'progress' && (e.payload as { task?: string }).task === 'import').map((e) => e.payload as { phase: string; done: number; total: number });

describe('the import safety snapshot is copied while the import writes', { timeout: 60_000 }, () => {
  it('a snapshot pinned before the first write holds exactly the pre-import data, though the rows were committed while it copied', async () => {
    for (let i = 0; i < 3; i++) await t.ok('admin', 'customers:create', { name: `已有客户${i}` });
    const gate = path.join(dir, 'release-copy');
    withSeams({ holdAfterPin: gate });
    const folder = path.join(t.dataDir, 'backups');
    const running = commit(sheet());
    // the copy is held after its pin: the import must still write all its rows meanwhile
    await vi.waitFor(() => expect(progressPhases().some((p) => p.phase === 'write' && p.done === ROWS)).toBe(true), { timeout: 30_000, interval: 20 });
    expect(customers()).toBe(3 + ROWS);
    expect(listBackups(folder).filter((b) => b.reason === 'import')).toEqual([]); // nothing listed before the copy is whole
    // main wrote nothing for the backup while the import wrote (its audit row waits for the writer's end)
    expect(t.app.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.create'").pluck().get()).toBe(0);
    fs.writeFileSync(gate, '');
    const r = await running;
    expect(r.created).toBe(ROWS);
    expect(r.snapshot).toMatchObject({ ok: true, error: null });
    const [pin] = listBackups(folder).filter((b) => b.reason === 'import');
    expect(pin.path).toBe(r.snapshot!.path);
    expect(pin.counts.customers).toBe(3);
    const copy = new Database(pin.path, { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(3);
      expect(copy.prepare('SELECT count(*) FROM audit_log WHERE batch_id = ?').pluck().get(r.batchId)).toBe(0);
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    // the UI was told the snapshot phase first, then the writes
    const phases = progressPhases().map((p) => p.phase);
    expect(phases.indexOf('snapshot')).toBeLessThan(phases.indexOf('write'));
    expect(phases).toContain('snapshotFinish'); // the copy was still running when the rows were written
    expect(t.app.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.create'").pluck().get()).toBe(1);
  });

  it('a copy that fails after the import began writing is reported, lists no half-written backup, and undo still works', async () => {
    withSeams({ failAfterPin: true });
    const folder = path.join(t.dataDir, 'backups');
    const r = await commit(sheet());
    expect(r.created).toBe(ROWS);
    expect(r.snapshot).toMatchObject({ ok: false, path: null });
    expect(r.snapshot!.error).toContain('安全快照没有完成');
    expect(r.snapshot!.error).toContain('ENOSPC');
    expect(listBackups(folder)).toEqual([]);
    expect(fs.existsSync(folder) ? fs.readdirSync(folder) : []).toEqual([]); // no partial file, no sidecar
    expect(t.app.context.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'backup.create'").pluck().get()).toBe(0);
    const u = await t.ok('admin', 'import:undo', { batchId: r.batchId });
    expect(u).toMatchObject({ removed: ROWS, restored: 0 });
    expect((await t.ok('admin', 'customers:list', {})).total).toBe(0);
  });

  it('a snapshot that cannot be pinned stops the import before it writes anything', async () => {
    // the backup folder is a file: the copy cannot even start
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const settings = path.join(t.dataDir, 'backup-settings.json');
    fs.writeFileSync(settings, JSON.stringify({ folder: path.join(dir, 'not-a-folder', 'sub') }));
    const file = sheet();
    const p = await t.ok('admin', 'import:preview', { path: file });
    const c = await t.call('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false });
    expect(c.ok ? 'ok' : c.error.message).toContain('安全快照没有成功');
    expect(customers()).toBe(0);
  });

  it('while the copy pins the file the writer does not try checkpoints that cannot backfill; once it ends, it does again', async () => {
    const file = sheet();
    const p = await t.ok('admin', 'import:preview', { path: file });
    const task: CommitTask = {
      op: 'commit',
      file,
      sheet: p.sheet,
      headerRow: p.headerRow,
      mapping: p.mapping as never,
      unmapped: 'ignore',
      dbFile: t.app.context.dbFile,
      actor: { id: 1, displayName: '王老板', scope: 'all' },
      locale: 'zh-CN',
      now: '2026-01-05T08:00:00.000Z',
      batchId: 'pin-batch',
      fileName: 'new.xlsx',
      onDuplicate: 'skip',
      allOrNothing: false,
      walCheckpointer: true,
    };
    const db = t.app.context.db;
    const autocheckpoint = () => db.raw.pragma('wal_autocheckpoint', { simple: true }) as number;
    const seen: number[] = [];
    let writes = 0;
    // the copy "ends" after the second transaction
    const res = commitImport(
      db,
      task,
      { pinHeld: () => writes < 2, onProgress: (x) => x.phase === 'write' && (writes++, seen.push(autocheckpoint())) },
      { ...IMPORT_LIMITS, chunkRows: 20, chunkBudgetMs: 0 } as unknown as typeof IMPORT_LIMITS,
    );
    expect(res.created).toBe(ROWS);
    expect(seen).toEqual([0, 0, ...Array(ROWS / 20 - 2).fill(IMPORT_LIMITS.checkpointerWalPages)]);
    expect(autocheckpoint()).toBe(1000);
  });
});
