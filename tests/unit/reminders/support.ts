// A real app on a temp SQLite file with a FakeClock and hand-driven timers, for the follow-up, reminder and
// automation tests. Customers and deals are inserted with SQL (their own modules are tested elsewhere);
// every follow-up / reminder / automation call goes through dispatch like the renderer's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type CrmApp } from '../../../main/app/createApp';
import { harnessPlatform, type EventNotifier } from '../../../main/platform/harness';
import type { EventSink } from '../../../main/ipc/context';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../main/contract';
import type { Envelope } from '../../../main/contract/define';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { loadSessionUser, roleIdByKey } from '../../../main/services/auth/roles';
import { reminderSchedulerOf, type Timers } from '../../../main/services/reminders/scheduler';
import { FakeClock, silentLog, ADMIN } from '../../helpers/testApp';

export { FakeClock };

/** Timers the test fires by hand: shows what the scheduler armed and lets the test run it. */
export class FakeTimers implements Timers {
  pending: { fn: () => void; ms: number; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== h);
  }
  /** run the armed timer (the scheduler keeps at most one) */
  fire(): void {
    const p = this.pending.shift();
    if (!p) throw new Error('no timer armed');
    p.fn();
  }
  get armedMs(): number | undefined {
    return this.pending[0]?.ms;
  }
}

export interface World {
  app: CrmApp;
  dataDir: string;
  clock: FakeClock;
  timers: FakeTimers;
  events: { caller: string; event: string; payload: unknown }[];
  notifier: EventNotifier;
  call<C extends ChannelName>(caller: string, channel: C, input?: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  ok<C extends ChannelName>(caller: string, channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** one look of the reminder scheduler */
  tick(): { fired: number };
  sql<T = unknown>(q: string, ...params: unknown[]): T[];
  run(q: string, ...params: unknown[]): number;
  /** insert a user of a built-in role and log them in on caller = username */
  user(username: string, role: 'admin' | 'manager' | 'sales', displayName?: string): number;
  login(caller: string, userId: number): void;
  customer(name: string, ownerId: number | null, extra?: { level?: string; status?: string; createdAt?: string }): number;
  deal(name: string, customerId: number, ownerId: number | null, stageName?: string): number;
  stageId(name: string): number;
  /** close the app but keep the data folder (to reopen it) */
  shutdown(): Promise<void>;
  close(): Promise<void>;
}

export async function openWorld(opts: { dataDir?: string; clock?: FakeClock; admin?: boolean } = {}): Promise<World> {
  setScryptCostForTests(2 ** 10);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zg-follow-'));
  const clock = opts.clock ?? new FakeClock();
  const timers = new FakeTimers();
  const events: World['events'] = [];
  const sink: EventSink = { send: (caller, event, payload) => events.push({ caller, event, payload }) };
  const { platform, notifier } = harnessPlatform(dataDir, sink);
  const app = createApp({ dataDir, platform, events: sink, clock, log: silentLog, scheduler: false, reminders: { timers, arm: true } });
  const db = () => app.context.db;
  const call: World['call'] = (caller, channel, input) => app.dispatch(caller, channel, input) as never;
  const ok: World['ok'] = async (caller, channel, input) => {
    const env = await call(caller, channel, input);
    if (!env.ok) throw new Error(`${channel} failed: ${env.error.code} ${env.error.message} ${JSON.stringify(env.error.details ?? {})}`);
    return env.value;
  };
  const now = () => clock.now().toISOString();
  const w: World = {
    app,
    dataDir,
    clock,
    timers,
    events,
    notifier,
    call,
    ok,
    tick: () => reminderSchedulerOf(app.context)!.tick(),
    sql: (q, ...p) => db().raw.prepare(q).all(...p) as never,
    run: (q, ...p) => db().raw.prepare(q).run(...p).changes,
    user(username, role, displayName = username) {
      const id = Number(
        db()
          .raw.prepare('INSERT INTO users (username, display_name, password_hash, role_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(username, displayName, 'x', roleIdByKey(db(), role), now(), now()).lastInsertRowid,
      );
      w.login(username, id);
      return id;
    },
    login(caller, userId) {
      app.context.sessions.set(caller, loadSessionUser(db(), userId)!, clock.now());
    },
    customer(name, ownerId, extra = {}) {
      const at = extra.createdAt ?? now();
      return Number(
        db()
          .raw.prepare('INSERT INTO customers (name, owner_id, level, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(name, ownerId, extra.level ?? null, extra.status ?? 'potential', at, at).lastInsertRowid,
      );
    },
    deal(name, customerId, ownerId, stageName = '初步接触') {
      const stage = w.stageId(stageName);
      return Number(
        db()
          .raw.prepare('INSERT INTO deals (name, customer_id, stage_id, probability, owner_id, amount_fen, created_at, updated_at) VALUES (?, ?, ?, 10, ?, 100000, ?, ?)')
          .run(name, customerId, stage, ownerId, now(), now()).lastInsertRowid,
      );
    },
    stageId(name) {
      return (db().raw.prepare('SELECT id FROM stages WHERE name = ?').get(name) as { id: number }).id;
    },
    async shutdown() {
      await app.close();
    },
    async close() {
      try {
        await app.close();
      } catch {
        /* already closed */
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.admin !== false) {
    await ok('admin', 'auth:setup', ADMIN);
  }
  return w;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (clock: FakeClock, plusMs: number) => new Date(clock.now().getTime() + plusMs).toISOString();
