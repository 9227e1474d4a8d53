// kysely table types. Keep in step with the migrations (a unit test compares columns to PRAGMA table_info).
import type { Generated } from 'kysely';

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
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  version: Generated<number>;
  deleted_at: string | null;
  deleted_by: number | null;
  delete_batch_id: string | null;
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

export interface Database {
  settings: SettingsTable;
  roles: RolesTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  customer_tags: CustomerTagsTable;
  stages: StagesTable;
  deals: DealsTable;
  deal_items: DealItemsTable;
  deal_stage_history: DealStageHistoryTable;
  follow_ups: FollowUpsTable;
  reminders: RemindersTable;
  notifications: NotificationsTable;
}
