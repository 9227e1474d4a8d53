// The post-purge scrub merges the FTS segments until a merge statement does no work. The INSERT of a 'merge'
// command always counts one change, so "no work" is a move of total_changes() below 2; counting any move as
// work ran 100,000 autocommit writes per index after every purge (10-45 s on a small database, CI session 11).
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mergeFtsSegments } from '../../../main/services/recycleBin/ftsMerge';
import { runScrub } from '../../../main/services/recycleBin/scrub';
import { makeBinWorld, type BinWorld } from './binWorld';

describe('FTS merge after a purge', () => {
  let w: BinWorld | undefined;
  afterEach(() => w?.t.close());

  it('merges many segments down to one and stops at the first statement that does nothing', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5(a); INSERT INTO f(f, rank) VALUES ('automerge', 0)");
    // one segment per autocommit insert; deletes leave the tokens in the old segments
    for (let i = 0; i < 40; i++) db.prepare('INSERT INTO f (rowid, a) VALUES (?, ?)').run(i + 1, `词${i} shared`);
    for (let i = 0; i < 20; i++) db.prepare('DELETE FROM f WHERE rowid = ?').run(i + 1);
    const segments = () => (db.prepare("SELECT count(*) FROM f_data WHERE id > 10").pluck().get() as number);
    const before = segments();
    const n = mergeFtsSegments(db, 'f', 4);
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(100);
    expect(segments()).toBeLessThan(before);
    // nothing left: one statement, which finds no work
    expect(mergeFtsSegments(db, 'f', 4)).toBe(1);
    // the old tokens are gone: the index answers only for live rows
    expect(db.prepare("SELECT count(*) FROM f WHERE f MATCH 'shared'").pluck().get()).toBe(20);
    db.close();
  });

  it("the app's scrub on a small database runs a handful of merge statements, not the cap", async () => {
    w = await makeBinWorld();
    const c = await w.t.ok('admin', 'customers:create', { name: '要清除的客户' });
    await w.t.ok('admin', 'customers:delete', { ids: [c.id] });
    await w.t.ok('admin', 'recycleBin:purge', { ids: [`customer:${c.id}`] });
    const r = await runScrub(w.t.app.context.dbFile, w.t.app.context.nativeBinding, w.t.app.context);
    expect(r.merges).toBeGreaterThanOrEqual(2);
    expect(r.merges).toBeLessThan(50);
  });
});
