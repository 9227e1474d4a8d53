// Duplicates of an import row: an earlier row of the same file, or a live customer already in the
// database — by mobile, then email, then name (the customers domain's duplicateKey: folded, legal
// suffixes like 有限公司 removed). Database lookups go a chunk of rows at a time (json_each lists).
import type { Db } from '../../../db/sql';
import { duplicateKey } from '../customers/searchFields';
import type { ImportValues } from './cleanse';

export type DupBy = 'mobile' | 'email' | 'name';

export interface ExistingCustomer {
  id: number;
  name: string;
  ownerId: number | null;
  mobile: string | null;
  email: string | null;
  nameKey: string | null;
}

export type DupMatch =
  | { source: 'file'; by: DupBy; row: number; customerId: number | null }
  | { source: 'db'; by: DupBy; customer: ExistingCustomer };

export interface Keys {
  mobile: string | null;
  email: string | null;
  name: string | null;
}

export function keysOf(v: ImportValues): Keys {
  return { mobile: v.mobile ?? null, email: v.email ?? null, name: v.name ? duplicateKey(v.name) : null };
}

/** Keys seen earlier in this file -> the row (and the customer it became, once written). */
export class FileKeys {
  private readonly maps = { mobile: new Map<string, { row: number; customerId: number | null }>(), email: new Map(), name: new Map() } as Record<
    DupBy,
    Map<string, { row: number; customerId: number | null }>
  >;

  find(k: Keys): DupMatch | null {
    for (const by of ['mobile', 'email', 'name'] as const) {
      const key = k[by];
      const hit = key ? this.maps[by].get(key) : undefined;
      if (hit) return { source: 'file', by, row: hit.row, customerId: hit.customerId };
    }
    return null;
  }

  /** keys added since mark(): a chunk whose transaction rolled back takes its keys back out */
  private journal: [DupBy, string][] = [];

  add(k: Keys, row: number, customerId: number | null): void {
    for (const by of ['mobile', 'email', 'name'] as const) {
      const key = k[by];
      if (key && !this.maps[by].has(key)) {
        this.maps[by].set(key, { row, customerId });
        this.journal.push([by, key]);
      }
    }
  }

  mark(): void {
    this.journal = [];
  }

  /** Forget every key added since mark(). */
  rollback(): void {
    for (const [by, key] of this.journal) this.maps[by].delete(key);
    this.journal = [];
  }
}

interface ExistingRow {
  id: number;
  name: string;
  owner_id: number | null;
  mobile: string | null;
  email: string | null;
  name_key: string | null;
}

/** Live customers sharing a mobile, email or name key with these rows, indexed by each key. */
export class DbKeys {
  readonly mobile = new Map<string, ExistingCustomer>();
  readonly email = new Map<string, ExistingCustomer>();
  readonly name = new Map<string, ExistingCustomer>();

  static load(db: Db, keys: readonly Keys[]): DbKeys {
    const out = new DbKeys();
    const lists = { mobile: new Set<string>(), email: new Set<string>(), name: new Set<string>() };
    for (const k of keys) for (const by of ['mobile', 'email', 'name'] as const) if (k[by]) lists[by].add(k[by]!);
    const cols = 'id, name, owner_id, mobile, email, name_key';
    const run = (by: DupBy, column: string) => {
      if (!lists[by].size) return;
      const rows = db
        .prepare(`SELECT ${cols} FROM customers WHERE ${column} IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY id`)
        .all(JSON.stringify([...lists[by]])) as ExistingRow[];
      for (const r of rows) {
        const key = by === 'name' ? r.name_key : r[by];
        if (key && !out[by].has(key)) out[by].set(key, { id: r.id, name: r.name, ownerId: r.owner_id, mobile: r.mobile, email: r.email, nameKey: r.name_key });
      }
    };
    run('mobile', 'mobile');
    run('email', 'email');
    run('name', 'name_key');
    return out;
  }

  find(k: Keys): DupMatch | null {
    for (const by of ['mobile', 'email', 'name'] as const) {
      const key = k[by];
      const hit = key ? this[by].get(key) : undefined;
      if (hit) return { source: 'db', by, customer: hit };
    }
    return null;
  }
}
