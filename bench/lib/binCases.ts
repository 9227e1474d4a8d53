// The recycle bin at scale: delete, restore and purge of 10,000 customers (with their deals and follow-ups)
// through the channels. These run on main's connection in short steps (main/platform/inSteps.ts), so the
// figure is the whole operation's time and the longest event-loop block it caused (every window stays
// responsive while it runs). The data ends as it was: the deleted customers are restored, and the purged ones
// are throwaway customers this section writes first.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CrmApp } from '../../main/app/createApp';
import type { BenchContext } from './types';
import type { caller } from './customerCases';

type Call = ReturnType<typeof caller>;
const N = 10_000;
const BLOCK_MS = 100;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number; blockMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  h.disable();
  const c = process.cpuUsage(c0);
  return { value, ms, cpu: (c.user + c.system) / 1000, blockMs: h.max / 1e6 };
}

/** N throwaway customers owned by the admin, each with a deal and a follow-up (raw rows: setup, not measured). */
function throwaway(app: CrmApp, n: number): number[] {
  const db = app.context.db;
  const admin = (db.prepare("SELECT id FROM users WHERE username = 'owner'").get() as { id: number }).id;
  const at = new Date().toISOString();
  const ins = db.prepare('INSERT INTO customers (name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const deal = db.prepare(
    "INSERT INTO deals (name, customer_id, stage_id, probability, owner_id, amount_fen, created_at, updated_at) VALUES ('基准清除单', ?, (SELECT id FROM stages WHERE kind = 'open' ORDER BY position LIMIT 1), 10, ?, 100, ?, ?)",
  );
  const fu = db.prepare("INSERT INTO follow_ups (customer_id, owner_id, at, method, content, created_at, updated_at) VALUES (?, ?, ?, '电话', '基准清除', ?, ?)");
  const ids: number[] = [];
  db.tx(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(ins.run(`基准清除客户${i}`, admin, at, at).lastInsertRowid);
      deal.run(id, admin, at, at);
      fu.run(id, admin, at, at, at);
      ids.push(id);
    }
  });
  return ids;
}

export async function binCases(bc: BenchContext, app: CrmApp, call: Call) {
  const db = app.context.db;
  const target = `app stays responsive: event loop never blocked > ${BLOCK_MS} ms`;
  const push = (name: string, r: { ms: number; cpu: number; blockMs: number }, rows: number, extra = '') => {
    const note = `longest event-loop block ${r.blockMs.toFixed(0)} ms; CPU ${r.cpu.toFixed(0)} ms, load ${os.loadavg()[0].toFixed(1)}${extra}`;
    bc.figures.push({ section: 'recycle bin', name, who: 'admin', totalMs: r.ms, rows, rowsPerSec: (rows / r.ms) * 1000, target, meets: r.blockMs <= BLOCK_MS, note });
    bc.log(`bin | ${name}: ${r.ms.toFixed(0)} ms (${note})`);
  };
  // 10,000 live customers from the middle of the id range (with the deals and follow-ups they have)
  const mid = (db.prepare('SELECT max(id) AS m FROM customers').get() as { m: number }).m >> 1;
  const ids = (db.prepare('SELECT id FROM customers WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?').all(mid, N) as { id: number }[]).map((r) => r.id);
  const del = await timed(() => call('admin', 'customers:delete', { ids }) as Promise<{ deleted: number; batchId: string }>);
  push(`customers:delete of ${ids.length} (with their deals and follow-ups; in chunks on a writer thread)`, del, del.value.deleted);
  const keys = ids.map((id) => `customer:${id}`);
  const back = await timed(() => call('admin', 'recycleBin:restore', { ids: keys, onClash: 'restore' }) as Promise<{ restored: number }>);
  push(`recycleBin:restore of ${ids.length} (in chunks on a writer thread)`, back, back.value.restored);

  const gone = throwaway(app, N);
  await call('admin', 'customers:delete', { ids: gone });
  const purge = await timed(() => call('admin', 'recycleBin:purge', { ids: gone.map((id) => `customer:${id}`) }) as Promise<{ purged: number }>);
  push(`recycleBin:purge of ${gone.length} (each with a deal and a follow-up; in steps, then the scrub in a worker)`, purge, purge.value.purged);
}
