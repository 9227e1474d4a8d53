// kysely table types of the report rollups (migrations 0006, 0009, 0011, 0012), part of `Database` in
// db/schema.ts; tests/unit/foundation/schema.test.ts compares them with the migrations too.
// Report rollups (0006): counters kept exact by triggers. owner_id 0 = no owner; '' = no value.
export interface RptMetaTable {
  id: number;
  tz_offset_min: number;
  tz_mod: string;
}
export interface RptCustomersDailyTable {
  day: string;
  owner_id: number;
  status: string;
  n: number;
}
export interface RptCustomersMonthlyTable {
  month: string;
  dim: string;
  value: string;
  owner_id: number;
  status: string;
  n: number;
}
export interface RptDealsClosedDailyTable {
  day: string;
  owner_id: number;
  status: string;
  n: number;
  amount_fen: number;
}
export interface RptPipelineTable {
  stage_id: number;
  owner_id: number;
  n: number;
  amount_fen: number;
  weighted_x100: number;
}
export interface RptStageDailyTable {
  day: string;
  stage_id: number;
  owner_id: number;
  entered_n: number;
  entered_amount: number;
  exited_n: number;
  dwell_sec: number;
}
/** Migration 0009: the report rollups once more per customer attribute (dim p/i/s/l = province/industry/source/level). */
export interface RptAttrCustomersDailyTable {
  dim: string;
  value: string;
  day: string;
  owner_id: number;
  n: number;
}
export interface RptAttrDealsClosedDailyTable {
  dim: string;
  value: string;
  day: string;
  owner_id: number;
  status: string;
  n: number;
  amount_fen: number;
}
export interface RptAttrPipelineTable {
  dim: string;
  value: string;
  stage_id: number;
  owner_id: number;
  n: number;
  amount_fen: number;
  weighted_x100: number;
}
export interface RptAttrStageDailyTable {
  dim: string;
  value: string;
  day: string;
  stage_id: number;
  owner_id: number;
  entered_n: number;
  entered_amount: number;
  exited_n: number;
  dwell_sec: number;
}
export interface RptAttrFollowupsDailyTable {
  dim: string;
  value: string;
  day: string;
  owner_id: number;
  n: number;
}
/** migration 0012: a row exists only inside a bulk write's own transaction (db/rollupSuspend.ts) */
export interface RptSuspendTable {
  id: number;
}

/** migration 0017: deals with id < filled_below are not in the deal name index yet (main/services/deals/nameIndex.ts) */

export interface RptFollowupsDailyTable {
  day: string;
  owner_id: number;
  n: number;
}
