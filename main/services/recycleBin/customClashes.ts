// Restoring a record brings its custom values back. A value of a unique custom field may have been taken
// by another live record while this one was in the bin (or two records restored together hold the same
// value); restoring would then make a duplicate that a create or an update refuses. These clashes are
// "blocking": unlike a shared mobile/email (allowed by a setting), "restore anyway" cannot override them,
// the caller can only skip those items (or change the other record first).
import type { UserCallContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import type { CustomField, FieldEntity } from '../../contract/fields';
import type { RestoreClash } from '../../contract/recycleBin';
import { canSeeOwner } from '../auth/scope';
import { activeFields, fieldLabel, STORAGE } from '../fields/definitions';
import type { Stored } from '../fields/valueRules';
import { keyOf } from './keys';

const IN = 'IN (SELECT value FROM json_each(?))';

/** A record that a restore would bring back, and the bin item (key) it comes back with. */
export interface RevivedRecord {
  entity: FieldEntity;
  id: number;
  /** bin item whose restore brings this record back (skipping that item leaves this one in the bin) */
  itemKey: string;
  itemName: string;
}

/** Name of a record as the clash list shows it; the owner that decides whether the caller may see it. */
const HOLDER_SQL: Record<FieldEntity, string> = {
  customer: 'SELECT r.name AS name, r.owner_id AS owner FROM customers r WHERE r.id = ?',
  deal: 'SELECT r.name AS name, r.owner_id AS owner FROM deals r WHERE r.id = ?',
  followUp: "SELECT '#' || r.id || ' ' || substr(r.content, 1, 20) AS name, c.owner_id AS owner FROM follow_ups r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?",
};

const shown = (f: CustomField, v: Stored) => (f.type === 'money' && typeof v === 'number' ? `¥${(v / 100).toFixed(2)}` : String(v));

/** Whether any entity has an active unique custom field (without one, no restore can clash on custom values). */
export function hasUniqueCustomFields(db: Db): boolean {
  return (['customer', 'deal', 'followUp'] as const).some((e) => activeFields(db, e).some((f) => f.unique));
}

/**
 * The unique-value clashes of the records a restore would bring back: a live record holding the same
 * value of an active unique field, or another record of the same restore holding it.
 */
export function findCustomClashes(db: Db, ctx: UserCallContext, records: readonly RevivedRecord[]): RestoreClash[] {
  const clashes: RestoreClash[] = [];
  for (const entity of ['customer', 'deal', 'followUp'] as const) {
    const mine = records.filter((r) => r.entity === entity);
    const unique = activeFields(db, entity).filter((f) => f.unique);
    if (!mine.length || !unique.length) continue;
    const s = STORAGE[entity];
    const byId = new Map(mine.map((r) => [r.id, r]));
    const fields = new Map(unique.map((f) => [f.id, f]));
    // the revived records' values of unique fields (one index range per record)
    const values = db
      .prepare(`SELECT ${s.recordCol} AS rid, field_id AS fid, value FROM ${s.values} WHERE ${s.recordCol} ${IN} AND field_id ${IN} ORDER BY rid, fid`)
      .all(JSON.stringify([...byId.keys()]), JSON.stringify([...fields.keys()])) as { rid: number; fid: number; value: Stored }[];
    // a live holder: seek on the (field_id, value) index, the record checked by primary key
    const holder = db.prepare(
      `SELECT v.${s.recordCol} AS id FROM ${s.values} v JOIN ${s.records} r ON r.id = v.${s.recordCol}
       WHERE v.field_id = ? AND v.value = ? AND r.deleted_at IS NULL ORDER BY v.${s.recordCol} LIMIT 1`,
    );
    const holderRow = db.prepare(HOLDER_SQL[entity]);
    const twins = new Map<string, RevivedRecord>();
    for (const v of values) {
      const f = fields.get(v.fid)!;
      const rec = byId.get(v.rid)!;
      const base = { key: rec.itemKey, name: rec.itemName, field: 'custom' as const, value: shown(f, v.value), fieldKey: f.key, fieldLabel: fieldLabel(f, ctx.locale), blocking: true };
      const live = holder.get(v.fid, v.value) as { id: number } | undefined;
      if (live) {
        const h = holderRow.get(live.id) as { name: string; owner: number | null };
        const visible = canSeeOwner(ctx.user, h.owner);
        clashes.push({ ...base, otherId: visible ? live.id : null, otherName: visible ? h.name : null });
        continue;
      }
      const twinKey = `${v.fid}\u0000${typeof v.value}:${v.value}`;
      const twin = twins.get(twinKey);
      // the first of two records restored together keeps the value; the second clashes with it
      if (twin) clashes.push({ ...base, otherId: twin.id, otherName: (holderRow.get(twin.id) as { name: string }).name });
      else twins.set(twinKey, rec);
    }
  }
  return clashes;
}

/** The records that come back with a bin item: itself and, for a customer, the deals / follow-ups of its delete batch. */
export function revivedBy(db: Db, item: { entity: FieldEntity; id: number; name: string }): RevivedRecord[] {
  const itemKey = keyOf(item.entity, item.id);
  const out: RevivedRecord[] = [{ entity: item.entity, id: item.id, itemKey, itemName: item.name }];
  if (item.entity !== 'customer') return out;
  const batch = db.prepare('SELECT delete_batch_id FROM customers WHERE id = ?').pluck().get(item.id) as string | null;
  if (!batch) return out;
  for (const [entity, table] of [['deal', 'deals'], ['followUp', 'follow_ups']] as const) {
    const ids = db.prepare(`SELECT id FROM ${table} WHERE delete_batch_id = ? AND customer_id = ?`).pluck().all(batch, item.id) as number[];
    for (const id of ids) out.push({ entity, id, itemKey, itemName: item.name });
  }
  return out;
}
