// One spreadsheet row -> customer fields, cleansed with the customers domain's own normalizers (so an
// imported value is stored exactly as the form would store it), plus per-cell errors and warnings.
// A row with an error is not imported; a warning says what was changed or dropped.
// 省份/城市 are mapped to the names of the region data the customer form and the region filter offer
// (regions.ts), so an imported customer is found by 筛选 → 地区 like one entered by hand.
import type { TFunction } from 'i18next';
import { normalizeBirthday, normalizeEmail, normalizeLandline, normalizeMobile, normalizeTags, normalizeText, toHalfWidth } from '../customers/normalize';
import { isCustomTarget, type ColumnMapping, type ImportField } from './fields';
import type { ImportTarget } from '../../contract/import';
import type { CustomField } from '../../contract/fields';
import { customCell } from './customCells';
import type { CellValue, Row } from './readWorkbook';
import { parseDateValue } from './dates';
import { regionMessage, regionOf } from '../customers/regions';

export interface Issue {
  /** 0-based column, null for the row as a whole */
  column: number | null;
  field: ImportTarget | null;
  level: 'error' | 'warning';
  code: string;
  message: string;
}

export type ImportValues = {
  name?: string;
  kind?: 'company' | 'person';
  contactName?: string;
  gender?: 'male' | 'female' | 'other';
  birthday?: string;
  mobile?: string;
  phone?: string;
  email?: string;
  wechat?: string;
  province?: string;
  city?: string;
  address?: string;
  industry?: string;
  company?: string;
  position?: string;
  source?: string;
  level?: 'A' | 'B' | 'C';
  status?: 'potential' | 'following' | 'won' | 'lost';
  tags?: string[];
  ownerId?: number | null;
  notes?: string;
  /** custom field values by field key (issue 13), already validated */
  custom?: Record<string, unknown>;
};

export interface CleanRow {
  /** Excel row number (1-based) */
  row: number;
  values: ImportValues;
  issues: Issue[];
}

export interface UserRef {
  id: number;
  displayName: string;
  username: string;
  disabled: boolean;
}

export interface CleanseContext {
  mapping: readonly ColumnMapping[];
  headers: readonly string[];
  date1904: boolean;
  /** YYYY-MM-DD */
  today: string;
  users: readonly UserRef[];
  importer: { id: number; scope: 'own' | 'all' };
  unmapped: 'ignore' | 'notes';
  t: TFunction;
  /** live custom fields by mapping key `custom.<key>`, and the language of their labels in messages */
  custom?: { fields: ReadonlyMap<string, CustomField>; locale: string };
}

/** Text of a cell as the user sees it (for previews and the error report). */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return v;
}

const TEXT_MAX: Partial<Record<ImportField, number>> = {
  name: 200,
  contactName: 100,
  wechat: 100,
  address: 500,
  industry: 100,
  company: 200,
  position: 100,
  source: 100,
  notes: 20_000,
};

const key = (s: string) => toHalfWidth(s).trim().toLowerCase().replace(/\s+/g, '');
const table = <T extends string>(pairs: [T, string[]][]) => {
  const m = new Map<string, T>();
  for (const [v, words] of pairs) for (const w of words) m.set(key(w), v);
  return m;
};
const GENDERS = table<'male' | 'female' | 'other'>([
  ['male', ['男', '男性', '先生', 'male', 'm', 'man']],
  ['female', ['女', '女性', '女士', '小姐', 'female', 'f', 'woman']],
  ['other', ['其他', '其它', 'other']],
]);
const LEVELS = table<'A' | 'B' | 'C'>([
  ['A', ['a', 'a级', 'a类', '高', '高意向', '意向高', 'high', '重要']],
  ['B', ['b', 'b级', 'b类', '中', '中意向', '意向中', 'medium', 'mid', '一般']],
  ['C', ['c', 'c级', 'c类', '低', '低意向', '意向低', 'low']],
]);
const STATUSES = table<'potential' | 'following' | 'won' | 'lost'>([
  ['potential', ['潜在', '潜在客户', '新客户', '未跟进', 'potential', 'new', 'lead']],
  ['following', ['跟进中', '跟进', '洽谈中', '意向客户', 'following', 'in progress', 'contacted']],
  ['won', ['已成交', '成交', '成交客户', '签约', '已签约', 'won', 'customer', 'closed won']],
  ['lost', ['流失', '已流失', '无效', '丢单', 'lost', 'closed lost']],
]);
const KINDS = table<'company' | 'person'>([
  ['company', ['公司', '企业', '单位', '机构', 'company', 'business', 'organization']],
  ['person', ['个人', '自然人', 'person', 'individual']],
]);

/** Phone-ish text from a number cell without exponent or ".0" (13800138000, not 1.38e10). */
function phoneText(v: CellValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? cellText(v) : cellText(Math.round(v));
  return cellText(v);
}

export function splitTags(s: string): string[] {
  return s.split(/[,，;；、|\n]/);
}

export function usersIndex(users: readonly UserRef[]): Map<string, UserRef> {
  const m = new Map<string, UserRef>();
  for (const u of users) {
    m.set(key(u.username), u);
    if (!m.has(key(u.displayName))) m.set(key(u.displayName), u);
  }
  return m;
}

export function cleanseRow(cells: Row, rowNo: number, ctx: CleanseContext, users = usersIndex(ctx.users)): CleanRow {
  const v: ImportValues = {};
  const issues: Issue[] = [];
  const { t } = ctx;
  const err = (column: number | null, field: ImportField | null, code: string, params: Record<string, unknown> = {}) =>
    issues.push({ column, field, level: 'error', code, message: t(`import.issues.${code}`, params) });
  const warn = (column: number | null, field: ImportField | null, code: string, params: Record<string, unknown> = {}) =>
    issues.push({ column, field, level: 'warning', code, message: t(`import.issues.${code}`, params) });
  const columnOf: Partial<Record<ImportField, number>> = {};
  const extraNotes: string[] = [];
  const region: { province: string | null; city: string | null } = { province: null, city: null };

  for (const m of ctx.mapping) {
    const raw = cells[m.column] ?? null;
    if (!m.field) {
      if (ctx.unmapped === 'notes') {
        const s = normalizeText(cellText(raw));
        const h = normalizeText(ctx.headers[m.column] ?? '') ?? `#${m.column + 1}`;
        if (s) extraNotes.push(`${h}: ${s}`);
      }
      continue;
    }
    const f = m.field;
    if (isCustomTarget(f)) {
      const field = ctx.custom?.fields.get(f);
      if (!field || raw === null || raw === '') continue;
      const r = customCell(field, raw, t, ctx.custom!.locale, ctx.date1904);
      if (r.ok) (v.custom ??= {})[field.key] = r.value;
      else issues.push({ column: m.column, field: f, level: 'error', code: 'customField', message: r.message });
      continue;
    }
    columnOf[f] = m.column;
    if (raw === null || raw === '') continue;
    const c = m.column;
    switch (f) {
      case 'mobile':
      case 'phone': {
        const s = phoneText(raw);
        const asMobile = normalizeMobile(s);
        const asLandline = normalizeLandline(s);
        if (f === 'mobile') {
          if (asMobile.ok) v.mobile = asMobile.value ?? undefined;
          else if (asLandline.ok && asLandline.value) {
            v.phone ??= asLandline.value; // a landline typed in the mobile column goes where it belongs
            warn(c, f, 'movedToPhone');
          } else err(c, f, 'mobile', { value: s.slice(0, 40) });
        } else if (asLandline.ok) {
          const val = asLandline.value;
          if (val && /^1\d{10}$/.test(val) && !v.mobile) {
            v.mobile = val;
            warn(c, f, 'movedToMobile');
          } else if (val) v.phone = val;
        } else err(c, f, 'phone', { value: s.slice(0, 40) });
        break;
      }
      case 'email': {
        const r = normalizeEmail(cellText(raw));
        if (r.ok) {
          if (r.value) v.email = r.value;
        } else err(c, f, 'email', { value: cellText(raw).slice(0, 60) });
        break;
      }
      case 'birthday': {
        const iso = parseDateValue(raw, ctx.date1904);
        const r = iso ? normalizeBirthday(iso, ctx.today) : ({ ok: false, reason: 'format' } as const);
        if (r.ok) {
          if (r.value) v.birthday = r.value;
        } else err(c, f, r.reason === 'future' ? 'birthdayFuture' : 'date', { value: cellText(raw).slice(0, 40) });
        break;
      }
      case 'gender':
      case 'level':
      case 'status':
      case 'kind': {
        const s = cellText(raw);
        const tbl = f === 'gender' ? GENDERS : f === 'level' ? LEVELS : f === 'status' ? STATUSES : KINDS;
        const val = tbl.get(key(s));
        if (val) (v as Record<string, unknown>)[f] = val;
        else warn(c, f, 'unknownOption', { value: s.slice(0, 40) });
        break;
      }
      case 'tags': {
        const tags = normalizeTags(splitTags(cellText(raw)));
        if (tags.length > 50) warn(c, f, 'tooManyTags');
        if (tags.length) v.tags = tags.slice(0, 50);
        break;
      }
      case 'owner': {
        const s = cellText(raw).trim();
        const u = users.get(key(s));
        if (!u) warn(c, f, 'ownerUnknown', { value: s.slice(0, 40) });
        else if (u.disabled) warn(c, f, 'ownerDisabled', { value: s.slice(0, 40) });
        else if (ctx.importer.scope !== 'all' && u.id !== ctx.importer.id) warn(c, f, 'ownerScope', { value: s.slice(0, 40) });
        else v.ownerId = u.id;
        break;
      }
      case 'notes': {
        const s = cellText(raw).trim();
        if (s) v.notes = s;
        break;
      }
      case 'province':
      case 'city':
        region[f] = normalizeText(cellText(raw));
        break;
      default: {
        let s = normalizeText(cellText(raw));
        if (!s) break;
        const max = TEXT_MAX[f] ?? 200;
        if (s.length > max) {
          if (f === 'name') {
            err(c, f, 'tooLong', { max });
            break;
          }
          warn(c, f, 'truncated', { max });
          s = s.slice(0, max);
        }
        (v as Record<string, unknown>)[f] = s;
      }
    }
  }
  if (region.province || region.city) {
    const r = regionOf(region.province, region.city);
    if (r.province) v.province = r.province;
    if (r.city) v.city = r.city;
    for (const x of r.issues) issues.push({ column: columnOf[x.field] ?? null, field: x.field, level: x.level, code: x.code, message: regionMessage(t, x) });
  }
  if (extraNotes.length) v.notes = [v.notes, ...extraNotes].filter(Boolean).join('\n');
  if (v.notes && v.notes.length > TEXT_MAX.notes!) {
    v.notes = v.notes.slice(0, TEXT_MAX.notes);
    warn(columnOf.notes ?? null, 'notes', 'truncated', { max: TEXT_MAX.notes });
  }
  if (!v.name) {
    // a person's list often has only 联系人: use it as the customer's name
    if (v.contactName && columnOf.name === undefined) {
      v.name = v.contactName;
      v.kind ??= 'person';
    } else if (!issues.some((i) => i.field === 'name')) err(columnOf.name ?? null, 'name', 'nameRequired');
  }
  return { row: rowNo, values: v, issues };
}

export const hasErrors = (r: CleanRow) => r.issues.some((i) => i.level === 'error');
