// The 'quick' content check (main/services/backup/quickCheck.ts): quick_check of each ordinary table,
// FTS5 shadow tables included, without FTS5's own index-against-content check, plus the freelist and a
// page census. Each case damages a real backup file the way a failing disk or a broken writer would,
// keeps its sidecar checksum consistent with the damaged bytes (so the content check, not the hash, has
// to catch it) and expects backup:verify, the restore gate and the background check to refuse it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { backupService } from '../../../main/services/backup';
import { readMeta } from '../../../main/services/backup/catalog';
import { runTask } from '../../../main/services/backup/tasks';
import { ordinaryTables, pageCensus, quickCheckTables } from '../../../main/services/backup/quickCheck';
import { addCustomers, customerCount, hashFile, sqliteShellWrite } from './helpers';

let t: TestApp;
afterEach(() => t?.close());

const DAMAGED = '备份文件已损坏（完整性检查未通过），无法使用。';

async function appWithCheckedBackup() {
  t = await makeTestApp();
  await t.setupAdmin();
  // long names: the customers table and its search tables span many pages
  addCustomers(t.app.context.db, 3000, '上海市浦东新区张江高科技园区客户公司名称很长的一家企业');
  // follow-ups: their text index (FTS5, kept by triggers) spans many pages of its shadow tables
  const db = t.app.context.db;
  const now = new Date().toISOString();
  const ins = db.prepare("INSERT INTO follow_ups (customer_id, at, method, content, result, created_at, updated_at) VALUES (?, ?, 'phone', ?, ?, ?, ?)");
  db.tx(() => {
    for (let i = 1; i <= 1500; i++) ins.run(i, now, `第${i}次电话沟通：客户询价 ${(i * 7919) % 100003} 型号 A${i % 97}-${i}，约定下周${i % 7}上门演示`, `结果${i * 31}`, now, now);
  });
  const b = await t.ok('admin', 'backup:create', {});
  await backupService(t.app.context).settled();
  expect(readMeta(b.path)).toMatchObject({ verified: true, checks: 'quick' });
  return b;
}

/** Copy of the backup, changed by `damage`, with a sidecar whose checksum matches the changed bytes. */
function damagedCopy(src: string, name: string, damage: (file: string) => void, meta: Record<string, unknown> = {}): string {
  const p = path.join(path.dirname(src), name);
  fs.copyFileSync(src, p);
  damage(p);
  const side = JSON.parse(fs.readFileSync(`${src}.json`, 'utf8'));
  fs.writeFileSync(`${p}.json`, JSON.stringify({ ...side, file: name, size: fs.statSync(p).size, sha256: hashFile(p), ...meta }));
  return p;
}

function ro<T>(file: string, f: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

/** The last leaf page of `table` (dbstat; may be its root), and the page size. */
function leafPage(file: string, table: string): { pageno: number; pageSize: number } {
  return ro(file, (db) => {
    const pageno = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' AND ncell > 0 ORDER BY pageno DESC LIMIT 1").pluck().get(table) as number | undefined;
    expect(pageno, `${table} has a leaf page`).toBeGreaterThan(0);
    return { pageno: pageno!, pageSize: db.pragma('page_size', { simple: true }) as number };
  });
}

/** Point the first cell of a b-tree leaf page outside the page, as garbage written over it would. */
function breakLeaf(file: string, table: string): void {
  const { pageno, pageSize } = leafPage(file, table);
  const fd = fs.openSync(file, 'r+');
  try {
    // leaf page header: 8 bytes, then the cell pointer array (2-byte offsets into the page)
    fs.writeSync(fd, Buffer.from([0xff, 0xf0]), 0, 2, (pageno - 1) * pageSize + 8);
  } finally {
    fs.closeSync(fd);
  }
}

describe('quick content check', { timeout: 180_000 }, () => {
  it('checks every ordinary table, FTS shadow tables and sqlite_schema included, and no virtual table', async () => {
    const b = await appWithCheckedBackup();
    const names = ro(b.path, ordinaryTables);
    expect(names).toEqual(expect.arrayContaining(['customers', 'follow_ups', 'customer_fts_data', 'customer_fts_idx', 'follow_up_text_data', 'follow_up_grams_docsize', 'sqlite_schema']));
    expect(names).not.toContain('customer_fts');
    expect(names).not.toContain('follow_up_text');
    expect(ro(b.path, (db) => quickCheckTables(db))).toEqual([]);
  });

  for (const table of ['customers', 'follow_up_text_data', 'follow_up_grams_docsize', 'follow_up_text_idx']) {
    it(`a damaged b-tree page of ${table} is refused by verify, the restore gate and the background check`, async () => {
      const b = await appWithCheckedBackup();
      // not checked after its backup: the gate runs the quick check
      const bad = damagedCopy(b.path, `bad-${table}.db`, (f) => breakLeaf(f, table), { verified: false, verifiedAt: null, checks: null });
      const problems = ro(bad, (db) => quickCheckTables(db));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toContain(`${table}:`);

      const v = await t.call('admin', 'backup:verify', { path: bad });
      expect(!v.ok && v.error.message).toBe(DAMAGED);
      const g = await t.call('admin', 'backup:inspect', { path: bad });
      expect(!g.ok && g.error.message).toBe(DAMAGED);
      expect(customerCount(t.app.context.db)).toBe(3000); // the live data is untouched (restore.test.ts compares its bytes)

      // the background check records the problem in the sidecar (the list shows 发现问题)
      // (op 'check' is what the service's worker runs after a plain backup)
      const r = (await runTask({ op: 'check', file: bad, at: new Date().toISOString() }, () => {})) as { problem: string | null };
      expect(r.problem).toContain(table);
      expect(readMeta(bad)).toMatchObject({ verified: false, checks: null, problem: expect.stringContaining(table) });
    });
  }

  it('pages in two tables or in none are found by the page census (the per-table checks cannot see them)', async () => {
    const b = await appWithCheckedBackup();
    // two tables on the same b-tree: each one alone is a sound tree; the second one's own root is lost
    const shared = damagedCopy(b.path, 'cross-linked.db', (f) =>
      sqliteShellWrite(
        f,
        "CREATE TABLE zz1 (a); CREATE TABLE zz2 (a); INSERT INTO zz1 VALUES (1), (2); PRAGMA writable_schema = ON; UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema WHERE name = 'zz1') WHERE name = 'zz2';",
      ),
    );
    // a table forgotten by the schema: its pages belong to nothing
    const lost = damagedCopy(b.path, 'lost-pages.db', (f) =>
      sqliteShellWrite(f, "CREATE TABLE zz (a); INSERT INTO zz VALUES (randomblob(20000)); PRAGMA writable_schema = ON; DELETE FROM sqlite_schema WHERE name = 'zz';"),
    );
    for (const file of [shared, lost]) {
      ro(file, (db) => {
        for (const name of ordinaryTables(db)) expect(db.prepare(`PRAGMA quick_check("${name}")`).pluck().all(), name).toEqual(['ok']);
        expect(db.prepare('PRAGMA quick_check').pluck().all()).not.toEqual(['ok']); // the whole-file form sees it
        expect(pageCensus(db).length).toBeGreaterThan(0);
      });
      const v = await t.call('admin', 'backup:verify', { path: file });
      expect(!v.ok && v.error.message).toBe(DAMAGED);
    }
  });

  it('a damaged freelist is found (quick_check of sqlite_schema checks it)', async () => {
    const b = await appWithCheckedBackup();
    const bad = damagedCopy(b.path, 'bad-freelist.db', (f) => {
      sqliteShellWrite(f, 'CREATE TABLE zz (a); INSERT INTO zz VALUES (randomblob(50000)); DROP TABLE zz;');
      expect(ro(f, (db) => db.pragma('freelist_count', { simple: true }))).toBeGreaterThan(2);
      // the first freelist trunk page's "next trunk" pointer: a page number past the end of the file
      const head = Buffer.alloc(100);
      const fd = fs.openSync(f, 'r+');
      try {
        fs.readSync(fd, head, 0, 100, 0);
        const trunk = head.readUInt32BE(32);
        const pageSize = head.readUInt16BE(16);
        fs.writeSync(fd, Buffer.from([0x7f, 0xff, 0xff, 0xff]), 0, 4, (trunk - 1) * pageSize);
      } finally {
        fs.closeSync(fd);
      }
    });
    expect(ro(bad, (db) => quickCheckTables(db)).join('\n')).toMatch(/sqlite_schema: .*Freelist: invalid page number/is);
    const v = await t.call('admin', 'backup:verify', { path: bad });
    expect(!v.ok && v.error.message).toBe(DAMAGED);
  });

  it('what quick does not read: an FTS index that disagrees with its rows passes it, the full check and the checksum catch it', async () => {
    const b = await appWithCheckedBackup();
    // a segment leaf of the follow-up text index rewritten with other bytes of the same length: sound pages and records
    const tamper = (f: string) => sqliteShellWrite(f, 'UPDATE follow_up_text_data SET block = randomblob(length(block)) WHERE id = (SELECT max(id) FROM follow_up_text_data);');
    const consistent = damagedCopy(b.path, 'fts-consistent-hash.db', tamper);
    expect(ro(consistent, (db) => quickCheckTables(db))).toEqual([]);
    expect((await t.ok('admin', 'backup:verify', { path: consistent })).level).toBe('quick');
    const deep = await t.call('admin', 'backup:verify', { path: consistent, deep: true });
    expect(!deep.ok && deep.error.message).toBe(DAMAGED);
    // the same change under the backup's own sidecar: its checksum no longer matches
    const stale = path.join(path.dirname(b.path), 'fts-stale-hash.db');
    fs.copyFileSync(b.path, stale);
    tamper(stale);
    fs.writeFileSync(`${stale}.json`, JSON.stringify({ ...JSON.parse(fs.readFileSync(`${b.path}.json`, 'utf8')), file: 'fts-stale-hash.db' }));
    const v = await t.call('admin', 'backup:verify', { path: stale });
    expect(!v.ok && v.error.message).toBe(DAMAGED);
    const g = await t.call('admin', 'backup:inspect', { path: stale });
    expect(!g.ok && g.error.message).toBe(DAMAGED);
    // the background check after a backup reads the written bytes back against the same checksum
    const r = (await runTask({ op: 'check', file: stale, at: new Date().toISOString() }, () => {})) as { problem: string | null };
    expect(r.problem).toMatch(/checksum/);
    expect(readMeta(stale)).toMatchObject({ verified: false, problem: expect.stringMatching(/checksum/) });
  });
});
