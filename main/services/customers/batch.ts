// customers:batchPreview / customers:batchUpdate — one change applied to explicit ids or to everything
// matching a filter (+ query), within the caller's scope. One transaction, one batch id, one audit row
// per customer that actually changed (with its field changes).
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { batchPatchSchema, customerTargetSchema } from '../../contract/customers';
import type { UserCallContext } from '../../ipc/context';
import { invalid } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import type { SessionUser } from '../../contract/auth';
import { actor } from '../audit/actor';
import { newBatchId, recordAudit, type FieldChange } from '../audit/record';
import { targetSql } from './list';
import { emitDomainEvent } from '../automation/events';
import { normalizeTags, normalizeText } from './normalize';
import { regionInput } from './regions';
import { parseCustom, tagsOf } from './rows';
import { reindexCustomers, touchesCustomSearch } from './searchIndex';
import { versionMark } from './write';
import { withAttributesRekeyed, type Dim } from '../../../db/rollupSuspend';
import { planCustomValues, prepareBatchCustom, writeCustomValues, type CustomPlan, type PreparedValue } from '../fields/values';

type BatchPatch = z.infer<typeof batchPatchSchema>;
type Target = z.infer<typeof customerTargetSchema>;

const PATCH_COLUMNS = {
  level: 'level',
  status: 'status',
  industry: 'industry',
  province: 'province',
  city: 'city',
  source: 'source',
  nextFollowUpAt: 'next_follow_up_at',
  custom: 'custom',
} as const;
type PatchField = keyof typeof PATCH_COLUMNS;
/** patch fields the report rollups count → the attribute dimension their deals / follow-ups are keyed by */
const ROLLUP_DIMS: Partial<Record<PatchField, Dim | null>> = { status: null, level: 'l', industry: 'i', province: 'p', source: 's' };

interface CurrentRow {
  id: number;
  version: number;
  level: string | null;
  status: string;
  industry: string | null;
  province: string | null;
  city: string | null;
  source: string | null;
  next_follow_up_at: string | null;
  custom: string | null;
}

/** Ids of live customers in scope that the target names (ids and/or filter + query). */
export function resolveTargets(db: Db, user: SessionUser, target: Target, now: Date): number[] {
  const where = targetSql(db, user, target.filter, target.query, now);
  if (!where) return [];
  if (target.ids) {
    return (
      db
        .prepare(`SELECT c.id FROM customers c WHERE c.id IN (SELECT value FROM json_each(?)) AND ${where.sql} ORDER BY c.id`)
        .all(JSON.stringify([...new Set(target.ids)]), ...where.params) as { id: number }[]
    ).map((r) => r.id);
  }
  return (db.prepare(`SELECT c.id FROM customers c WHERE ${where.sql} ORDER BY c.id`).all(...where.params) as { id: number }[]).map((r) => r.id);
}

interface Planned {
  id: number;
  version: number;
  values: Partial<Record<PatchField, unknown>>;
  changes: FieldChange[];
  tagsAdd: string[];
  tagsRemove: string[];
  custom: CustomPlan | null;
}

function normalizePatch(p: BatchPatch, t: TFunction) {
  const values: Partial<Record<PatchField, unknown>> = {};
  if (p.level !== undefined) values.level = p.level;
  if (p.status !== undefined) values.status = p.status;
  for (const f of ['industry', 'province', 'city', 'source'] as const) if (p[f] !== undefined) values[f] = normalizeText(p[f]);
  if (p.province !== undefined || p.city !== undefined) {
    // mapped to the region data's names as in the form (浙江 -> 浙江省); a city given alone fills in its province
    const r = regionInput(t, (values.province as string | null | undefined) ?? null, (values.city as string | null | undefined) ?? null);
    if (r.errors.province || r.errors.city) {
      throw invalid(t('customers.errors.invalid', { fields: Object.keys(r.errors).join(', ') }), r.errors);
    }
    if (p.province !== undefined || r.province) values.province = r.province;
    if (p.city !== undefined) values.city = r.city;
  }
  if (p.nextFollowUpAt !== undefined) values.nextFollowUpAt = p.nextFollowUpAt === null ? null : new Date(p.nextFollowUpAt).toISOString();
  return { values, custom: p.custom, tagsAdd: normalizeTags(p.tagsAdd), tagsRemove: normalizeTags(p.tagsRemove) };
}

/** What would change for each target customer (nothing is written). */
function plan(ctx: UserCallContext, ids: number[], patch: BatchPatch, custom: PreparedValue[]): Planned[] {
  const { db } = ctx.app;
  const np = normalizePatch(patch, ctx.t);
  const needTags = np.tagsAdd.length > 0 || np.tagsRemove.length > 0;
  const out: Planned[] = [];
  const select = db.prepare(
    `SELECT id, version, level, status, industry, province, city, source, next_follow_up_at, custom
     FROM customers WHERE id IN (SELECT value FROM json_each(?))`,
  );
  // chunks keep the JSON parameter and the tag lookups small
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = select.all(JSON.stringify(chunk)) as CurrentRow[];
    const tags = needTags ? tagsOf(db, chunk) : new Map<number, string[]>();
    for (const r of rows) {
      const changes: FieldChange[] = [];
      const values: Partial<Record<PatchField, unknown>> = {};
      for (const [f, v] of Object.entries(np.values) as [PatchField, unknown][]) {
        const old = r[PATCH_COLUMNS[f] as keyof CurrentRow] ?? null;
        if (old !== v) {
          values[f] = v;
          changes.push({ field: f, old, new: v });
        }
      }
      // custom fields (issue 13): typed values rows + cache column, audit field `custom.<key>`
      let customPlan: CustomPlan | null = null;
      if (custom.length) {
        customPlan = planCustomValues(db, 'customer', r.id, custom, parseCustom(r.custom), ctx.t);
        if (customPlan.changes.length) {
          values.custom = Object.keys(customPlan.next).length ? JSON.stringify(customPlan.next) : null;
          changes.push(...customPlan.changes);
        } else customPlan = null;
      }
      const have = tags.get(r.id) ?? [];
      const tagsAdd = np.tagsAdd.filter((t) => !have.includes(t) && !np.tagsRemove.includes(t));
      const tagsRemove = np.tagsRemove.filter((t) => have.includes(t));
      if (tagsAdd.length || tagsRemove.length) {
        const after = [...have.filter((t) => !tagsRemove.includes(t)), ...tagsAdd].sort();
        changes.push({ field: 'tags', old: have, new: after });
      }
      if (changes.length) out.push({ id: r.id, version: r.version, values, changes, tagsAdd, tagsRemove, custom: customPlan });
    }
  }
  return out;
}

function checkPatch(ctx: UserCallContext, patch: BatchPatch): void {
  const np = normalizePatch(patch, ctx.t);
  if (!Object.keys(np.values).length && !np.tagsAdd.length && !np.tagsRemove.length && !(patch.custom && Object.keys(patch.custom).length)) {
    throw invalid(ctx.t('customers.errors.nothingToChange'), { patch: ctx.t('customers.errors.nothingToChange') });
  }
}

export function batchPreview(ctx: UserCallContext, input: Target & { patch: BatchPatch }) {
  checkPatch(ctx, input.patch);
  const { db, clock } = ctx.app;
  const ids = resolveTargets(db, ctx.user, input, clock.now());
  return { matched: ids.length, willChange: plan(ctx, ids, input.patch, prepareBatchCustom(ctx, input.patch.custom)).length };
}

export function batchUpdate(ctx: UserCallContext, input: Target & { patch: BatchPatch }) {
  checkPatch(ctx, input.patch);
  const { db, clock } = ctx.app;
  const batchId = newBatchId();
  const now = clock.now().toISOString();
  return db.tx(() => {
    const ids = resolveTargets(db, ctx.user, input, clock.now());
    const planned = plan(ctx, ids, input.patch, prepareBatchCustom(ctx, input.patch.custom));
    const who = actor(ctx);
    const addTag = db.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)');
    const delTag = db.prepare('DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?');
    const write = () => {
      for (const p of planned) {
        const fields = Object.keys(p.values) as PatchField[];
        const sets = [...fields.map((f) => `${PATCH_COLUMNS[f]} = ?`), 'version = version + 1', 'updated_at = ?', 'updated_by = ?'];
        db.prepare(`UPDATE customers SET ${sets.join(', ')} WHERE id = ?`).run(...fields.map((f) => p.values[f]), now, ctx.user.id, p.id);
        for (const t of p.tagsAdd) addTag.run(p.id, t);
        for (const t of p.tagsRemove) delTag.run(p.id, t);
        if (p.custom) writeCustomValues(db, p.id, p.custom, { writeCache: false });
        if (touchesCustomSearch(p.custom)) reindexCustomers(db, [p.id]); // custom text is searchable (issue 13)
      }
    };
    // Fields the report rollups count (status, and the attributes their deals / follow-ups are keyed by):
    // many rows re-key set-based, one GROUP BY per rollup table (db/rollupSuspend.ts, migration 0012)
    // instead of per-row triggers (level of 10,000 at 1M: ~1.8 s of trigger CPU).
    // A batch edit sets the same status / attribute values on every planned customer (those that already held
    // one are planned for another field): their rollup rows are re-keyed in place (withAttributesRekeyed).
    const rollupFields = [...new Set(planned.flatMap((p) => Object.keys(p.values)))].filter((f): f is keyof typeof ROLLUP_DIMS => f in ROLLUP_DIMS);
    if (rollupFields.length) {
      const next = normalizePatch(input.patch, ctx.t).values;
      const values = Object.fromEntries(rollupFields.map((f) => [ROLLUP_DIMS[f] ?? 'status', next[f]])) as Partial<Record<Dim, string | null>> & { status?: string };
      withAttributesRekeyed(db, planned.map((p) => p.id), values, write);
    } else write();
    recordAudit(
      db,
      planned.map((p) => ({
        ...who,
        action: 'customer.batchUpdate',
        entity: 'customer',
        entityId: p.id,
        batchId,
        changes: p.changes,
        summary: versionMark(p.version + 1),
      })),
    );
    // automation (issue 7): a status set by batch edit triggers rules like a single edit does
    for (const p of planned) {
      const s = p.changes.find((c) => c.field === 'status');
      if (s) emitDomainEvent(ctx, { type: 'customer.statusChanged', customerId: p.id, fromStatus: String(s.old), toStatus: String(s.new) });
    }
    return { matched: ids.length, updated: planned.length, batchId };
  });
}
