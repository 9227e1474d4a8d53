// 查重: live customers with the same mobile or email (exact, normalized), or the same name/company after
// normalization (duplicateKey: folded, punctuation and legal suffixes like 有限公司/科技 removed).
// Matches outside the caller's scope are reported with their owner only (visible: false).
// Unique custom fields (issue 13): a live customer holding the same value is a match with reason
// 'custom' naming the field(s); it always blocks (the save would be refused by the unique rule).
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { getSetting } from '../settings/store';
import { canSeeOwner } from '../auth/scope';
import { normalizeEmail, normalizeMobile } from './normalize';
import { duplicateKey } from './searchFields';
import { activeFields, fieldLabel } from '../fields/definitions';
import { normalizeFieldValue } from '../fields/valueRules';
import { storageValue } from '../fields/values';

export type DuplicateReason = 'mobile' | 'email' | 'name' | 'company' | 'custom';
export interface DuplicateMatch {
  id: number;
  name: string;
  mobile: string | null;
  email: string | null;
  company: string | null;
  ownerId: number | null;
  ownerName: string | null;
  reasons: DuplicateReason[];
  /** labels of the unique custom fields shared (reason 'custom') */
  customFields?: string[];
  visible: boolean;
}

export interface DuplicateSettings {
  forbidMobile: boolean;
  forbidEmail: boolean;
}
export const DUPLICATE_SETTINGS_KEY = 'customers.duplicates';

export function duplicateSettings(db: Db): DuplicateSettings {
  const v = getSetting<Partial<DuplicateSettings>>(db, DUPLICATE_SETTINGS_KEY, {});
  return { forbidMobile: v.forbidMobile === true, forbidEmail: v.forbidEmail === true };
}

export interface DuplicateProbe {
  name?: string | null;
  company?: string | null;
  mobile?: string | null;
  email?: string | null;
  excludeId?: number;
  /** custom values (field key -> value as entered) */
  custom?: Record<string, unknown>;
}

const MAX_MATCHES = 20;

interface Row {
  id: number;
  name: string;
  mobile: string | null;
  email: string | null;
  company: string | null;
  owner_id: number | null;
  owner_name: string | null;
  name_key: string | null;
  company_key: string | null;
}

/** Inputs may be raw (findDuplicates from the form) or already normalized; normalization is idempotent. */
/** Live customers holding the value of a unique custom field that the probe fills: id -> field labels. */
function customMatches(db: Db, probe: DuplicateProbe, exclude: number, locale: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!probe.custom) return out;
  const stmt = db.prepare(
    `SELECT v.customer_id AS id FROM customer_field_values v JOIN customers c ON c.id = v.customer_id
     WHERE v.field_id = ? AND v.value = ? AND c.deleted_at IS NULL AND c.id <> ? LIMIT ${MAX_MATCHES}`,
  );
  for (const f of activeFields(db, 'customer')) {
    if (!f.unique || !Object.hasOwn(probe.custom, f.key)) continue;
    const r = normalizeFieldValue(f, probe.custom[f.key]);
    if (!r.ok || !r.rows.length) continue;
    for (const { id } of stmt.all(f.id, storageValue(r.rows[0]), exclude) as { id: number }[]) {
      const list = out.get(id);
      if (list) list.push(fieldLabel(f, locale));
      else out.set(id, [fieldLabel(f, locale)]);
    }
  }
  return out;
}

export function findDuplicates(
  db: Db,
  user: SessionUser,
  probe: DuplicateProbe,
  locale = 'zh-CN',
): { matches: DuplicateMatch[]; blocking: ('mobile' | 'email' | 'custom')[] } {
  const mobileN = normalizeMobile(probe.mobile);
  const emailN = normalizeEmail(probe.email);
  const mobile = mobileN.ok ? mobileN.value : null;
  const email = emailN.ok ? emailN.value : null;
  const keys = [...new Set([duplicateKey(probe.name), duplicateKey(probe.company)].filter((k): k is string => !!k))];
  const exclude = probe.excludeId ?? 0;
  const cols = `c.id, c.name, c.mobile, c.email, c.company, c.owner_id, u.display_name AS owner_name, c.name_key, c.company_key`;
  const from = 'FROM customers c LEFT JOIN users u ON u.id = c.owner_id';
  const found = new Map<number, Row>();
  const add = (rows: Row[]) => rows.forEach((r) => found.set(r.id, r));
  if (mobile) add(db.prepare(`SELECT ${cols} ${from} WHERE c.mobile = ? AND c.deleted_at IS NULL AND c.id <> ? LIMIT ${MAX_MATCHES}`).all(mobile, exclude) as Row[]);
  if (email) add(db.prepare(`SELECT ${cols} ${from} WHERE c.email = ? AND c.deleted_at IS NULL AND c.id <> ? LIMIT ${MAX_MATCHES}`).all(email, exclude) as Row[]);
  const custom = customMatches(db, probe, exclude, locale);
  if (custom.size) add(db.prepare(`SELECT ${cols} ${from} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...custom.keys()])) as Row[]);
  for (const k of keys) {
    add(db.prepare(`SELECT ${cols} ${from} WHERE c.name_key = ? AND c.deleted_at IS NULL AND c.id <> ? LIMIT ${MAX_MATCHES}`).all(k, exclude) as Row[]);
    add(db.prepare(`SELECT ${cols} ${from} WHERE c.company_key = ? AND c.deleted_at IS NULL AND c.id <> ? LIMIT ${MAX_MATCHES}`).all(k, exclude) as Row[]);
  }
  const matches: DuplicateMatch[] = [...found.values()].map((r) => {
    const reasons: DuplicateReason[] = [];
    if (mobile && r.mobile === mobile) reasons.push('mobile');
    if (email && r.email === email) reasons.push('email');
    if (r.name_key && keys.includes(r.name_key)) reasons.push('name');
    if (r.company_key && keys.includes(r.company_key)) reasons.push('company');
    const customFields = custom.get(r.id);
    if (customFields) reasons.push('custom');
    const visible = canSeeOwner(user, r.owner_id);
    return {
      id: r.id,
      name: r.name,
      mobile: visible ? r.mobile : null,
      email: visible ? r.email : null,
      company: visible ? r.company : null,
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      reasons,
      ...(customFields ? { customFields } : {}),
      visible,
    };
  });
  // strongest evidence first: same mobile/email before a similar name
  const weight = (m: DuplicateMatch) => (isHardDuplicate(m) ? 0 : 1);
  matches.sort((a, b) => weight(a) - weight(b) || a.id - b.id);
  const settings = duplicateSettings(db);
  const blocking: ('mobile' | 'email' | 'custom')[] = [];
  if (settings.forbidMobile && matches.some((m) => m.reasons.includes('mobile'))) blocking.push('mobile');
  if (settings.forbidEmail && matches.some((m) => m.reasons.includes('email'))) blocking.push('email');
  if (custom.size) blocking.push('custom'); // a unique field: the save would be refused
  return { matches: matches.slice(0, MAX_MATCHES), blocking };
}

/** True when a match shares the mobile or email (the kind that stops a save without allowDuplicate). */
export const isHardDuplicate = (m: DuplicateMatch) => m.reasons.includes('mobile') || m.reasons.includes('email') || m.reasons.includes('custom');
