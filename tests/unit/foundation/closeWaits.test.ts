// app.close() resolves only after every worker thread the app started has exited and main's connection is
// closed: nothing in the data folder changes after it (CI once saw a worker's connection delete -shm under a
// test that walked the folder right after a close that did not wait).
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { ftsMergerOf } from '../../../main/app/ftsMerger';
import { checkpointerOf } from '../../../main/app/walCheckpointer';
import { startTextFill } from '../../../main/services/followUps/textFill';
import { liveWorkers } from '../../../main/platform/appWorkers';

/** every worker thread started in this process meanwhile, and whether it has exited */
let started: { worker: Worker; exited: boolean }[] = [];
const onWorker = (worker: Worker) => {
  const entry = { worker, exited: false };
  worker.once('exit', () => (entry.exited = true));
  started.push(entry);
};
let t: TestApp;
beforeEach(async () => {
  started = [];
  process.on('worker', onWorker);
  t = await makeTestApp();
  await t.setupAdmin();
});
afterEach(async () => {
  process.off('worker', onWorker);
  await t.close();
});

const sidecars = (dir: string) => fs.readdirSync(dir).filter((f) => /-(wal|shm)$/.test(f));

it('waits for the checkpoint, merge, text-fill and backup workers, then closes the database last', { timeout: 60_000 }, async () => {
  const ctx = t.app.context;
  for (let i = 0; i < 300; i++) await t.ok('admin', 'customers:create', { name: `关闭测试客户${i}`, phone: `1391234${String(i).padStart(4, '0')}` });
  const c = (await t.ok('admin', 'customers:list', { limit: 1 })).rows[0];
  for (let i = 0; i < 30; i++) await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: `回访记录${i}` });
  // each background service has a thread running when close() is called:
  await t.ok('admin', 'backup:create', {}); // its background check (a worker) starts now
  void ftsMergerOf(ctx)!.tick(true); // a merge round in flight
  void checkpointerOf(ctx)!.tick();
  // the follow-up text fill, as after an upgrade with old follow-ups (the index emptied, every row pending)
  const raw = ctx.db.raw;
  raw.exec("INSERT INTO follow_up_text (follow_up_text) VALUES ('delete-all'); INSERT INTO follow_up_grams (follow_up_grams) VALUES ('delete-all')");
  raw.exec('UPDATE follow_up_text_fill SET next_id = (SELECT min(id) FROM follow_ups), end_id = (SELECT max(id) + 1 FROM follow_ups)');
  expect(startTextFill(ctx)).not.toBeNull();
  // and a backup still copying
  const copying = t.call('admin', 'backup:create', {});
  // at least the merge round and the text fill are running (the backups' threads may or may not be yet)
  expect(liveWorkers(ctx).length).toBeGreaterThanOrEqual(2);
  expect(started.filter((s) => !s.exited).length).toBeGreaterThanOrEqual(2);

  const closing = t.app.close();
  expect(t.app.close()).toBe(closing); // idempotent: the same promise
  await closing;
  expect(started.filter((s) => !s.exited)).toEqual([]);
  expect(liveWorkers(ctx)).toEqual([]);
  expect(raw.open).toBe(false);
  // main's connection closed last: it checkpointed and removed the log and the shared-memory file
  expect(sidecars(t.dataDir)).toEqual([]);
  expect(fs.existsSync(ctx.dbFile)).toBe(true);
  await copying; // answered (done or stopped), not left hanging
});

it('a second close after the first has finished resolves at once', async () => {
  await t.app.close();
  await t.app.close();
  expect(t.app.context.db.raw.open).toBe(false);
});
