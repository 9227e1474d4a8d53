// The seed and the follow-up text index: the seed writes follow-ups with the text triggers off (bulk mode;
// a fresh seed copies the side-built table in) and indexes them in one pass at the end. Both ways the index
// must hold exactly what a fresh fill holds, follow-ups written before the seed included, and the triggers
// must be back for the app's next write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../db/seed/seed';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { textFillState } from '../../../main/services/followUps/textIndex';
import { makeTestApp, type TestApp } from '../../helpers/testApp';
import { indexContents, refill } from './textIndexHelpers';

const NOW = new Date('2026-11-22T00:00:00.000Z');
const triggers = (t: TestApp) =>
  t.app.context.db.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'follow_up_text%' ORDER BY name").pluck().all();

describe('seed and the follow-up text index', () => {
  beforeAll(() => setScryptCostForTests(2 ** 10));
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  for (const mode of ['fresh (side-built follow-ups)', 'with a follow-up written before']) {
    it(`${mode}: the index equals a fresh fill, and the triggers are back`, async () => {
      const t = await makeTestApp();
      apps.push(t);
      await t.setupAdmin();
      if (mode.startsWith('with')) {
        const c = await t.ok('admin', 'customers:create', { name: '种子之前的客户' });
        await t.ok('admin', 'followUps:create', { customerId: c.id, method: '电话', content: '种子之前的跟进' });
      }
      const before = triggers(t);
      expect(before).toHaveLength(4);
      await seedDatabase(t.app.context.db, { customers: 300, deals: 200, followUps: 1500, users: 4, seed: 'fu-text', now: NOW });
      const db = t.app.context.db.raw;
      expect(triggers(t)).toEqual(before);
      expect(textFillState(db).complete).toBe(true);
      const seeded = indexContents(db);
      expect((db.prepare('SELECT count(*) FROM follow_up_text_docsize').pluck().get() as number)).toBe(db.prepare('SELECT count(*) FROM follow_ups').pluck().get());
      refill(db, 500);
      expect(indexContents(db)).toEqual(seeded);
      // the next write goes through the triggers again
      const [c] = db.prepare('SELECT id FROM customers ORDER BY id DESC LIMIT 1').pluck().all() as number[];
      const f = await t.ok('admin', 'followUps:create', { customerId: c, method: '微信', content: '种子之后的独特记录' });
      const found = await t.ok('admin', 'followUps:list', { filter: { query: '之后的独特' }, withTotal: true });
      expect(found.rows.map((r) => r.id)).toEqual([f.id]);
    }, 120_000);
  }
});
