// 查重: live customers with the same mobile or email (exact, normalized), or the same name/company after
// normalization (duplicateKey: folded, punctuation and legal suffixes like 有限公司/科技 removed).
// Matches outside the caller's scope are reported with their owner only (visible: false).
import type { SessionUser } from '../../contract/auth';
import type { Db } from '../../../db/sql';
import { getSetting } from '../settings/store';
import { canSeeOwner } from '../auth/scope';
import { normalizeEmail, normalizeMobile } from './normalize';
import { duplicateKey } from './searchFields';

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
export function findDuplicates(db: Db, user: SessionUser, probe: DuplicateProbe): { matches: DuplicateMatch[]; blocking: ('mobile' | 'email')[] } {
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
      visible,
    };
  });
  // strongest evidence first: same mobile/email before a similar name
  const weight = (m: DuplicateMatch) => (m.reasons.includes('mobile') || m.reasons.includes('email') ? 0 : 1);
  matches.sort((a, b) => weight(a) - weight(b) || a.id - b.id);
  const settings = duplicateSettings(db);
  const blocking: ('mobile' | 'email')[] = [];
  if (settings.forbidMobile && matches.some((m) => m.reasons.includes('mobile'))) blocking.push('mobile');
  if (settings.forbidEmail && matches.some((m) => m.reasons.includes('email'))) blocking.push('email');
  return { matches: matches.slice(0, MAX_MATCHES), blocking };
}

/** True when a match shares the mobile or email (the kind that stops a save without allowDuplicate). */
export const isHardDuplicate = (m: DuplicateMatch) => m.reasons.includes('mobile') || m.reasons.includes('email');
