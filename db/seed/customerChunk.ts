// One chunk of generated customers: the INSERT parameters of the customer rows, their tags and their two
// search rows. Pure (no database): it runs in a worker thread (main/workers/seedCustomers.worker.ts) while
// the seed's thread inserts the previous chunk, because generating a customer (names, pinyin and the
// other search columns) costs about as much CPU as writing it.
//
// Determinism: each chunk has its own random stream (`<seed>/customers/<chunk index>`) and CHUNK is a
// constant, so the data depends only on the seed and the plan, not on timing or on the thread that ran it.
import { Prng } from './prng';
import { isoSecond } from './isoTime';
import { company, email, landline, mobile, person, region } from './people';
import { POSITIONS, SOURCES, TAGS } from './pools';
import { customerSearchFields } from '../../main/services/customers/searchFields';

export const CUSTOMER_CHUNK = 10_000;

/** Column order of `params` rows (the seed's INSERT uses the same list). */
export const CUSTOMER_COLUMNS = [
  'id', 'name', 'kind', 'contact_name', 'gender', 'birthday', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'address',
  'industry', 'company', 'position', 'source', 'level', 'status', 'owner_id', 'notes', 'created_at', 'created_by', 'updated_at', 'updated_by',
  'last_follow_up_at', 'next_follow_up_at', 'name_sort', 'name_key', 'company_key',
] as const;

export interface ChunkRequest {
  seed: number | string;
  /** chunk number: start = index * CUSTOMER_CHUNK */
  index: number;
  count: number;
  baseCustomerId: number;
  startSec: number;
  adminId: number | null;
  /** report time zone (minutes east of UTC) to count the rollups in, null = do not count (customerRollups.ts) */
  rollupOffsetMin: number | null;
  /** per-customer plan for this chunk only (seconds since startSec, -1 = none; owner 0 = pool) */
  created: Int32Array;
  owner: Int32Array;
  status: Uint8Array;
  lastAt: Int32Array;
  nextAt: Int32Array;
}

export interface CustomerChunk {
  index: number;
  params: unknown[][];
  /** [customer id, tag] */
  tags: [number, string][];
  /** [rowid, names, py, ini, digits, email] */
  fts: unknown[][];
  /** [rowid, grams] */
  grams: [number, string][];
}

export const SEED_STATUS_CODE = ['potential', 'following', 'won', 'lost'] as const;
const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '文化路', '新华路', '体育路', '科技园路', '滨江大道'];
const LEVELS = [
  ['A', 20],
  ['B', 35],
  ['C', 30],
  [null, 15],
] as const;
const iso = isoSecond; // = new Date(sec * 1000).toISOString(), faster (isoTime.ts)

export function customerChunk(req: ChunkRequest): CustomerChunk {
  const rC = new Prng(`${req.seed}/customers/${req.index}`);
  const out: CustomerChunk = { index: req.index, params: [], tags: [], fts: [], grams: [] };
  const first = req.index * CUSTOMER_CHUNK;
  for (let k = 0; k < req.count; k++) {
    const i = first + k; // customer number within this seed run
    const id = req.baseCustomerId + i + 1;
    const reg = region(rC);
    const isPerson = rC.chance(0.35);
    const p = person(rC);
    const co = isPerson ? (rC.chance(0.5) ? company(rC, reg.city) : null) : company(rC, reg.city);
    const name = isPerson ? p.name : co!.name;
    const contact = isPerson ? null : p.name;
    const mob = rC.chance(0.9) ? mobile(rC, req.baseCustomerId + i) : null;
    const phone = rC.chance(0.35) ? landline(rC, reg.city) : null;
    const mail = rC.chance(0.6) ? email(rC, p.py, req.baseCustomerId + i) : null;
    const ownerId = req.owner[k] || null;
    const updatedSec = req.startSec + Math.max(req.created[k], req.lastAt[k]);
    const f = customerSearchFields({ name, kind: isPerson ? 'person' : 'company', company: isPerson ? co?.name : null, contactName: contact, mobile: mob, phone, email: mail });
    out.params.push([
      id,
      name,
      isPerson ? 'person' : 'company',
      contact,
      rC.chance(0.8) ? p.gender : null,
      isPerson && rC.chance(0.5) ? `${rC.int(1960, 2003)}-${String(rC.int(1, 12)).padStart(2, '0')}-${String(rC.int(1, 28)).padStart(2, '0')}` : null,
      mob,
      phone,
      mail,
      rC.chance(0.4) ? `wx_${p.py.replace(/\./g, '_')}${i % 1000}` : null,
      reg.province,
      reg.city,
      rC.chance(0.5) ? `${reg.city}${rC.pick(STREETS)}${rC.int(1, 999)}号` : null,
      co ? co.industry : null,
      isPerson ? (co?.name ?? null) : null,
      rC.chance(0.7) ? rC.pick(POSITIONS) : null,
      rC.weighted(SOURCES),
      rC.weighted(LEVELS),
      SEED_STATUS_CODE[req.status[k]],
      ownerId,
      rC.chance(0.05) ? '客户比较看重售后服务，沟通时注意语气。' : null,
      iso(req.startSec + req.created[k]),
      ownerId ?? req.adminId,
      iso(updatedSec),
      ownerId ?? req.adminId,
      req.lastAt[k] >= 0 ? iso(req.startSec + req.lastAt[k]) : null,
      req.nextAt[k] >= 0 ? iso(req.startSec + req.nextAt[k]) : null,
      f.nameSort,
      f.nameKey,
      f.companyKey,
    ]);
    if (rC.chance(0.3)) {
      const a = rC.pick(TAGS);
      out.tags.push([id, a]);
      if (rC.chance(0.3)) {
        const b = rC.pick(TAGS);
        if (b !== a) out.tags.push([id, b]);
      }
    }
    out.fts.push([id, f.fts.names, f.fts.py, f.fts.ini, f.fts.digits, f.fts.email]);
    out.grams.push([id, f.grams]);
  }
  return out;
}
