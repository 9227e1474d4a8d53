// kysely table types. Keep in step with the migrations (a unit test compares columns to PRAGMA table_info).
import type { Generated } from 'kysely';
import type { RptMetaTable, RptCustomersDailyTable, RptCustomersMonthlyTable, RptDealsClosedDailyTable, RptPipelineTable, RptStageDailyTable, RptAttrCustomersDailyTable, RptAttrDealsClosedDailyTable, RptAttrPipelineTable, RptAttrStageDailyTable, RptAttrFollowupsDailyTable, RptSuspendTable, RptFollowupsDailyTable } from './reportSchema';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface RolesTable {
  id: Generated<number>;
  builtin_key: string | null;
  name: string;
  permissions: string;
  scope: 'own' | 'all';
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role_id: number;
  disabled_at: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  user_name: string | null;
  action: string;
  entity: string | null;
  entity_id: number | null;
  batch_id: string | null;
  changes: string | null;
  summary: string | null;
  prev_hash: string;
  hash: string;
  /** sha256 of `changes` (entries written since migration 7); the chain covers this, not the text */
  changes_sha: string | null;
}

export interface CustomersTable {
  id: Generated<number>;
  name: string;
  kind: Generated<'company' | 'person'>;
  contact_name: string | null;
  gender: 'male' | 'female' | 'other' | null;
  birthday: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  province: string | null;
  city: string | null;
  address: string | null;
  industry: string | null;
  company: string | null;
  position: string | null;
  source: string | null;
  level: 'A' | 'B' | 'C' | null;
  status: Generated<'potential' | 'following' | 'won' | 'lost'>;
  owner_id: number | null;
  notes: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: Generated<number>;
  last_follow_up_at: string | null;
  next_follow_up_at: string | null;
  deleted_at: string | null;
  deleted_by: number | null;
  delete_batch_id: string | null;
  /** 0002: derived at write time by the customers service (searchFields.ts) */
  name_sort: Generated<string>;
  name_key: string | null;
  company_key: string | null;
  /** 0002: JSON object of custom field values */
  custom: string | null;
}

/** 0002: live customers per owner (owner_key 0 = pool), kept by triggers */
export interface CustomerOwnerCountsTable {
  owner_key: number;
  n: number;
}

/** 0002: industry/source/tag values in use, kept by triggers */
export interface CustomerOptionCountsTable {
  kind: 'industry' | 'source' | 'tag';
  value: string;
  n: number;
}

/** 0002: saved customer list views per user */
export interface SavedViewsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  query: string | null;
  filter: string;
  columns: string;
  sort: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerTagsTable {
  customer_id: number;
  tag: string;
}

export interface StagesTable {
  id: Generated<number>;
  name: string;
  position: number;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface DealsTable {
  id: Generated<number>;
  name: string;
  customer_id: number;
  amount_fen: Generated<number>;
  currency: Generated<string>;
  expected_close_date: string | null;
  stage_id: number;
  probability: number;
  owner_id: number | null;
  source: string | null;
  contract_terms: string | null;
  notes: string | null;
  status: Generated<'open' | 'won' | 'lost'>;
  closed_at: string | null;
  close_reason: string | null;
  reopen_stage_id: number | null;
  /** 0003: 1 when the probability was typed in instead of following the stage default */
  probability_overridden: Generated<number>;
  /** 0003: 'manual' = amount typed in, 'items' = sum of the line items */
  amount_source: Generated<'manual' | 'items'>;
  loss_reason_id: number | null;
  closed_by: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: Generated<number>;
  deleted_at: string | null;
  deleted_by: number | null;
  delete_batch_id: string | null;
}

/** 0003: editable list of reasons a deal was lost (输单原因) */
export interface DealLossReasonsTable {
  id: Generated<number>;
  name: string;
  position: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** 0003: live deals per (stage, owner), kept by triggers on deals; owner_key = ifnull(owner_id, 0) */
export interface DealStageTotalsTable {
  stage_id: number;
  owner_key: number;
  deal_count: number;
  amount_fen: number;
}

export interface DealItemsTable {
  id: Generated<number>;
  deal_id: number;
  position: number;
  product: string;
  description: string | null;
  quantity: number;
  unit_price_fen: number;
  discount_bp: Generated<number>;
  total_fen: number;
}

export interface DealStageHistoryTable {
  id: Generated<number>;
  deal_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  at: string;
  user_id: number | null;
}

export interface FollowUpsTable {
  id: Generated<number>;
  customer_id: number;
  deal_id: number | null;
  owner_id: number | null;
  at: string;
  method: string;
  content: string;
  result: string | null;
  next_step: string | null;
  next_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: Generated<number>;
  deleted_at: string | null;
  deleted_by: number | null;
  delete_batch_id: string | null;
}

export interface RemindersTable {
  id: Generated<number>;
  user_id: number;
  customer_id: number | null;
  deal_id: number | null;
  follow_up_id: number | null;
  due_at: string;
  content: string;
  status: Generated<'pending' | 'done' | 'cancelled'>;
  fired_at: string | null;
  completed_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  version: Generated<number>;
  /** 0005: snooze keeps the first due time; delivered/missed; where the reminder came from */
  original_due_at: string | null;
  snooze_count: Generated<number>;
  delivered_at: string | null;
  missed_seen_at: string | null;
  source: Generated<'manual' | 'followUp' | 'automation'>;
  rule_id: number | null;
  cancelled_at: string | null;
  deleted_at: string | null;
  deleted_by: number | null;
  delete_batch_id: string | null;
  status_before_delete: string | null;
}

/** 0005: workflow automation rules (trigger -> conditions -> actions, JSON) */
export interface AutomationRulesTable {
  id: Generated<number>;
  name: string;
  enabled: Generated<number>;
  trigger_type: string;
  trigger_config: Generated<string>;
  conditions: Generated<string>;
  actions: Generated<string>;
  run_count: Generated<number>;
  last_run_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: Generated<number>;
  deleted_at: string | null;
  deleted_by: number | null;
}

/** 0005: one row per automation rule run (dedupe_key: time-based rules fire once per situation) */
export interface AutomationRunsTable {
  id: Generated<number>;
  rule_id: number;
  at: string;
  trigger_type: string;
  entity: string | null;
  entity_id: number | null;
  dedupe_key: string | null;
  outcome: 'done' | 'skipped' | 'loopBlocked' | 'depthLimit';
  detail: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

// 0004_pool (perm)
export interface PoolClaimsTable {
  id: Generated<number>;
  user_id: number;
  customer_id: number;
  at: string;
}

export interface CustomerOwnerSinceTable {
  customer_id: number;
  since: string;
}

export interface PoolReturnWarningsTable {
  customer_id: number;
  baseline: string;
  warned_at: string;
}

export interface DealNameFillTable {
  id: number;
  filled_below: number;
}

/** migration 0018: follow-ups with next_id <= id < end_id are not in the text index yet (followUps/textFill.ts) */
export interface FollowUpTextFillTable {
  id: number;
  next_id: number;
  end_id: number;
}

/** 0007: audit entries whose values a purge removed (names the purge entry that did it) */
export interface AuditRedactionsTable {
  audit_id: number;
  purge_audit_id: number;
  at: string;
}

/** 0008: custom field definitions (issue 13) */
export interface CustomFieldsTable {
  id: Generated<number>;
  entity: 'customer' | 'deal' | 'followUp';
  key: string;
  label_zh: string;
  label_en: string;
  type: string;
  options: string | null;
  required: number;
  is_unique: number;
  default_value: string | null;
  help: string | null;
  position: number;
  hidden: number;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}
/** 0008: typed custom field values (one row per value; multi-select = one row per option) */
export interface CustomerFieldValuesTable {
  field_id: number;
  customer_id: number;
  value: string | number;
}
export interface DealFieldValuesTable {
  field_id: number;
  deal_id: number;
  value: string | number;
}
export interface FollowUpFieldValuesTable {
  field_id: number;
  follow_up_id: number;
  value: string | number;
}
/** 0008: form layout per entity (JSON sections) */
export interface FormLayoutsTable {
  entity: string;
  layout: string;
  updated_at: string;
  updated_by: number | null;
}

export interface Database {
  settings: SettingsTable;
  roles: RolesTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  customer_tags: CustomerTagsTable;
  customer_owner_counts: CustomerOwnerCountsTable;
  customer_option_counts: CustomerOptionCountsTable;
  saved_views: SavedViewsTable;
  stages: StagesTable;
  deals: DealsTable;
  deal_items: DealItemsTable;
  deal_stage_history: DealStageHistoryTable;
  deal_loss_reasons: DealLossReasonsTable;
  deal_stage_totals: DealStageTotalsTable;
  follow_ups: FollowUpsTable;
  reminders: RemindersTable;
  notifications: NotificationsTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
  pool_claims: PoolClaimsTable;
  customer_owner_since: CustomerOwnerSinceTable;
  pool_return_warnings: PoolReturnWarningsTable;
  rpt_meta: RptMetaTable;
  rpt_customers_daily: RptCustomersDailyTable;
  rpt_customers_monthly: RptCustomersMonthlyTable;
  rpt_deals_closed_daily: RptDealsClosedDailyTable;
  rpt_pipeline: RptPipelineTable;
  rpt_stage_daily: RptStageDailyTable;
  rpt_followups_daily: RptFollowupsDailyTable;
  rpt_attr_customers_daily: RptAttrCustomersDailyTable;
  rpt_attr_deals_closed_daily: RptAttrDealsClosedDailyTable;
  rpt_attr_pipeline: RptAttrPipelineTable;
  rpt_attr_stage_daily: RptAttrStageDailyTable;
  rpt_attr_followups_daily: RptAttrFollowupsDailyTable;
  rpt_suspend: RptSuspendTable;
  deal_name_fill: DealNameFillTable;
  follow_up_text_fill: FollowUpTextFillTable;
  audit_redactions: AuditRedactionsTable;
  custom_fields: CustomFieldsTable;
  customer_field_values: CustomerFieldValuesTable;
  deal_field_values: DealFieldValuesTable;
  follow_up_field_values: FollowUpFieldValuesTable;
  form_layouts: FormLayoutsTable;
}
