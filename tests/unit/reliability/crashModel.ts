// What the crash loop expects of the database after a SIGKILL: every acknowledged change is there, and
// the one call that was in flight (begun, not acknowledged) was applied whole or not at all, with its
// audit rows in the same all-or-nothing (a big transfer, a delete to the bin or its restore: whole chunks, a
// prefix of its customers in id order, each customer written with its audit row or not at all). The model keeps, per customer, only the fields an acknowledged
// call set (notes by update, industry by batch edit, owner by create/transfer) and the lowest version
// the customer may have; fields nobody acknowledged are not checked.
import type { Db } from '../../../db/sql';

export const CRASH_USERS = {
  admin: { username: 'owner', password: 'owner-pass-1', displayName: '王老板' },
  reps: [
    { username: 'rep-a', password: 'rep-pass-1', displayName: '张三' },
    { username: 'rep-b', password: 'rep-pass-2', displayName: '李四' },
  ],
} as const;

/** small, seedable, good enough to make kill points and operations reproducible */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type CrashBegin =
  | { t: 'begin'; seq: number; op: 'create'; name: string; ownerId: number }
  | { t: 'begin'; seq: number; op: 'update'; id: number; notes: string }
  | { t: 'begin'; seq: number; op: 'batch'; ids: number[]; industry: string }
  /** chunked: more than 200 customers, moved by the transfer worker in chunks (a kill may leave a prefix) */
  | { t: 'begin'; seq: number; op: 'transfer'; ids: number[]; toUserId: number; reason: string; chunked?: boolean }
  | { t: 'begin'; seq: number; op: 'import'; prefix: string; rows: number }
  /** more than 200 customers to the bin and back (the bin's writer thread, in chunks); auditFrom: the last audit id before the call */
  | { t: 'begin'; seq: number; op: 'delete' | 'restore'; ids: number[]; auditFrom: number };
export type CrashAck =
  | { t: 'ack'; seq: number; op: 'create' | 'update'; id: number; version: number }
  | { t: 'ack'; seq: number; op: 'batch' | 'transfer' | 'delete' | 'restore'; ids: number[]; batchId: string; updated: number; ms?: number }
  | { t: 'ack'; seq: number; op: 'import'; prefix: string; batchId: string; updated: number; ms?: number };
export type CrashLine = { t: 'ready' } | CrashBegin | CrashAck | { t: 'phase'; seq: number; phase: 'commit' | 'chunks' };

interface Expect {
  notes?: string;
  industry?: string;
  ownerId?: number;
  minVersion?: number;
  /** in the recycle bin (an acknowledged delete, or the part of a killed one that was written) */
  inBin?: boolean;
}

export interface RoundOutcome {
  acks: number;
  /** the op in flight at the kill ('transfer (chunked)' for a big transfer) */
  inFlight: string | null;
  inFlightApplied: boolean | null;
}

export class CrashModel {
  readonly customers = new Map<number, Expect>();
  readonly batches: { batchId: string; updated: number; op: string }[] = [];
  readonly imports: { prefix: string; created: number }[] = [];
  ackCount = 0;

  private at(id: number): Expect {
    let e = this.customers.get(id);
    if (!e) this.customers.set(id, (e = {}));
    return e;
  }

  /** Fold one round's lines into the model, resolving the in-flight call from the database. */
  applyRound(lines: CrashLine[], db: Db, problems: string[]): RoundOutcome {
    const begins = new Map<number, CrashBegin>();
    let inFlight: CrashBegin | null = null;
    let acks = 0;
    for (const l of lines) {
      if (l.t === 'begin') {
        begins.set(l.seq, l);
        inFlight = l;
      } else if (l.t === 'ack') {
        const b = begins.get(l.seq)!;
        this.applyAck(b, l);
        inFlight = null;
        acks++;
      }
    }
    this.ackCount += acks;
    const applied = inFlight ? this.resolveInFlight(inFlight, db, problems) : null;
    const label = inFlight ? (inFlight.op === 'transfer' && inFlight.chunked ? 'transfer (chunked)' : inFlight.op === 'delete' || inFlight.op === 'restore' ? `${inFlight.op} (chunked)` : inFlight.op) : null;
    return { acks, inFlight: label, inFlightApplied: applied };
  }

  private applyAck(b: CrashBegin, a: CrashAck): void {
    if (b.op === 'create' && a.op === 'create') Object.assign(this.at(a.id), { ownerId: b.ownerId, minVersion: a.version });
    else if (b.op === 'update' && a.op === 'update') Object.assign(this.at(a.id), { notes: b.notes, minVersion: a.version });
    else if (b.op === 'batch' && a.op === 'batch') {
      for (const id of b.ids) this.at(id).industry = b.industry;
      this.batches.push({ batchId: a.batchId, updated: a.updated, op: 'batch' });
    } else if (b.op === 'transfer' && a.op === 'transfer') {
      for (const id of b.ids) this.at(id).ownerId = b.toUserId;
      this.batches.push({ batchId: a.batchId, updated: a.updated, op: 'transfer' });
    } else if ((b.op === 'delete' || b.op === 'restore') && a.op === b.op) {
      for (const id of b.ids) this.at(id).inBin = b.op === 'delete';
      this.batches.push({ batchId: a.batchId, updated: a.updated, op: b.op });
    } else if (b.op === 'import' && a.op === 'import') {
      this.imports.push({ prefix: b.prefix, created: a.updated });
      this.batches.push({ batchId: a.batchId, updated: a.updated, op: 'import' });
    }
  }

  /** The call killed mid-way: applied whole (then it joins the model) or not at all. */
  private resolveInFlight(b: CrashBegin, db: Db, problems: string[]): boolean {
    const n = (sql: string, ...p: unknown[]) => Number(db.prepare(sql).pluck().get(...p));
    switch (b.op) {
      case 'create': {
        const rows = db.prepare('SELECT id, owner_id FROM customers WHERE name = ?').all(b.name) as { id: number; owner_id: number }[];
        if (rows.length > 1) problems.push(`in-flight create ${b.name} made ${rows.length} rows`);
        const audits = rows.length ? n("SELECT count(*) FROM audit_log WHERE action = 'customer.create' AND entity_id = ?", rows[0].id) : 0;
        if (audits !== rows.length) problems.push(`in-flight create ${b.name}: ${rows.length} rows but ${audits} audit rows`);
        if (rows.length) Object.assign(this.at(rows[0].id), { ownerId: b.ownerId, minVersion: 1 });
        return rows.length > 0;
      }
      case 'update': {
        const notes = db.prepare('SELECT notes FROM customers WHERE id = ?').pluck().get(b.id) as string | null;
        const applied = notes === b.notes;
        const audits = n("SELECT count(*) FROM audit_log WHERE action = 'customer.update' AND entity_id = ? AND changes LIKE ?", b.id, `%"${b.notes}"%`);
        if (audits !== (applied ? 1 : 0)) problems.push(`in-flight update of ${b.id}: applied=${applied} but ${audits} audit rows`);
        if (applied) this.at(b.id).notes = b.notes;
        return applied;
      }
      case 'batch': {
        const changed = b.ids.filter((id) => db.prepare('SELECT industry FROM customers WHERE id = ?').pluck().get(id) === b.industry).length;
        const audits = n("SELECT count(*) FROM audit_log WHERE action = 'customer.batchUpdate' AND changes LIKE ?", `%"${b.industry}"%`);
        if (changed !== 0 && changed !== b.ids.length) problems.push(`half-applied batch edit ${b.industry}: ${changed}/${b.ids.length} rows`);
        if (audits !== changed) problems.push(`batch edit ${b.industry}: ${changed} rows changed but ${audits} audit rows`);
        if (changed) for (const id of b.ids) this.at(id).industry = b.industry;
        return changed > 0;
      }
      case 'transfer': {
        // the reason is unique per call, so it finds this call's audit rows
        const audited = new Set(
          db
            .prepare("SELECT entity_id FROM audit_log WHERE action = 'customer.transfer' AND entity_id IN (SELECT value FROM json_each(?)) AND summary = ?")
            .pluck()
            .all(JSON.stringify(b.ids), b.reason) as number[],
        );
        const applied = audited.size > 0;
        const ownerOf = (id: number) => db.prepare('SELECT owner_id FROM customers WHERE id = ?').pluck().get(id) as number | null;
        for (const id of audited) if (ownerOf(id) !== b.toUserId) problems.push(`transfer to ${b.toUserId}: customer ${id} has its audit row but owner ${ownerOf(id)}`);
        if (b.chunked) {
          // chunks go in id order: below the last customer moved, every one was moved or was the new owner's already
          const last = Math.max(0, ...audited);
          const gaps = b.ids.filter((id) => id < last && !audited.has(id) && ownerOf(id) !== b.toUserId);
          if (gaps.length) problems.push(`chunked transfer to ${b.toUserId}: not a prefix, ${gaps.length} customers skipped below ${last}`);
        } else {
          const owned = b.ids.filter((id) => ownerOf(id) === b.toUserId).length;
          if (applied && owned !== b.ids.length) problems.push(`half-applied transfer to ${b.toUserId}: ${owned}/${b.ids.length} owned after it`);
        }
        if (b.chunked) for (const id of audited) this.at(id).ownerId = b.toUserId;
        else if (applied) for (const id of b.ids) this.at(id).ownerId = b.toUserId;
        return applied;
      }
      case 'delete':
      case 'restore': {
        // this call's audit rows: after auditFrom, one per customer written
        const action = b.op === 'delete' ? 'customer.delete' : 'customer.restore';
        const audited = new Set(
          db
            .prepare('SELECT entity_id FROM audit_log WHERE id > ? AND action = ? AND entity_id IN (SELECT value FROM json_each(?))')
            .pluck()
            .all(b.auditFrom, action, JSON.stringify(b.ids)) as number[],
        );
        const inBin = (id: number) => db.prepare('SELECT deleted_at IS NOT NULL FROM customers WHERE id = ?').pluck().get(id) === 1;
        const written = b.ids.filter((id) => inBin(id) === (b.op === 'delete'));
        if (written.length !== audited.size || written.some((id) => !audited.has(id))) {
          problems.push(`chunked ${b.op}: ${written.length} customers written but ${audited.size} audit rows`);
        }
        // chunks go in id order: the customers written are the first ones
        if (written.some((id, i) => id !== b.ids[i])) problems.push(`chunked ${b.op}: not a prefix of its customers (${written.length} of ${b.ids.length})`);
        for (const id of b.ids) this.at(id).inBin = b.op === 'delete' ? audited.has(id) : !audited.has(id);
        return audited.size > 0;
      }
      case 'import': {
        const created = n('SELECT count(*) FROM customers WHERE name LIKE ?', `${b.prefix}%`);
        if (created !== 0 && created !== b.rows) problems.push(`half-applied import ${b.prefix}: ${created}/${b.rows} rows`);
        const audits = n("SELECT count(*) FROM audit_log WHERE action = 'customer.create' AND entity_id IN (SELECT id FROM customers WHERE name LIKE ?)", `${b.prefix}%`);
        if (audits !== created) problems.push(`import ${b.prefix}: ${created} rows but ${audits} audit rows`);
        if (created) this.imports.push({ prefix: b.prefix, created });
        return created > 0;
      }
    }
  }

  /** Every acknowledged change is in the database; every acknowledged batch has exactly its audit rows. */
  verify(db: Db, problems: string[]): void {
    const get = db.prepare('SELECT notes, industry, owner_id, version, deleted_at FROM customers WHERE id = ?');
    for (const [id, e] of this.customers) {
      const row = get.get(id) as { notes: string | null; industry: string | null; owner_id: number | null; version: number; deleted_at: string | null } | undefined;
      if (!row || !!row.deleted_at !== !!e.inBin) {
        problems.push(row ? `customer ${id}: ${row.deleted_at ? 'in the recycle bin' : 'live'}, acknowledged ${e.inBin ? 'in the bin' : 'live'}` : `customer ${id} (acknowledged) is missing`);
        continue;
      }
      if (e.notes !== undefined && row.notes !== e.notes) problems.push(`customer ${id}: notes "${row.notes}", acknowledged "${e.notes}"`);
      if (e.industry !== undefined && row.industry !== e.industry) problems.push(`customer ${id}: industry "${row.industry}", acknowledged "${e.industry}"`);
      if (e.ownerId !== undefined && row.owner_id !== e.ownerId) problems.push(`customer ${id}: owner ${row.owner_id}, acknowledged ${e.ownerId}`);
      if (e.minVersion !== undefined && row.version < e.minVersion) problems.push(`customer ${id}: version ${row.version} < acknowledged ${e.minVersion}`);
    }
    const perBatch = db.prepare("SELECT count(*) FROM audit_log WHERE batch_id = ? AND entity = 'customer'").pluck();
    for (const b of this.batches) {
      const n = Number(perBatch.get(b.batchId));
      if (n !== b.updated) problems.push(`${b.op} batch ${b.batchId}: ${n} audit rows, acknowledged ${b.updated} changed`);
    }
    // live or in the bin (a delete may have taken some of them there)
    const byPrefix = db.prepare('SELECT count(*) FROM customers WHERE name LIKE ?').pluck();
    for (const i of this.imports) {
      const n = Number(byPrefix.get(`${i.prefix}%`));
      if (n !== i.created) problems.push(`import ${i.prefix}: ${n} customers, acknowledged ${i.created}`);
    }
  }
}
