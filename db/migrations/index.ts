// The static, ordered list of migrations. Forward-only: never edit a migration that has shipped.
import { m0001_core } from './0001_core';
import { m0002_customer_search } from './0002_customer_search';
import { m0003_deals } from './0003_deals';
import { m0004_pool } from './0004_pool';
import { m0005_followups_automation } from './0005_followups_automation';
import { m0006_report_rollups } from './0006_report_rollups';
import { m0007_recycle_bin_audit } from './0007_recycle_bin_audit';
import { m0008_custom_fields } from './0008_custom_fields';
import { m0009_report_attr_rollups } from './0009_report_attr_rollups';
import { m0010_report_customer_indexes } from './0010_report_customer_indexes';
import { m0011_report_attr_trigger_per_dim } from './0011_report_attr_trigger_per_dim';
import { m0012_rollup_suspend } from './0012_rollup_suspend';
import { m0013_customer_owner_created } from './0013_customer_owner_created';
import { m0014_customers_created_last_fu } from './0014_customers_created_last_fu';
import { m0015_customer_index_diet } from './0015_customer_index_diet';
import { m0016_deals_owner_name } from './0016_deals_owner_name';
import { m0017_deal_name_search } from './0017_deal_name_search';
import { m0018_followup_text_index } from './0018_followup_text_index';
import { m0019_purge_lookups } from './0019_purge_lookups';
import { m0020_fts_background_merge } from './0020_fts_background_merge';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [m0001_core, m0002_customer_search, m0003_deals, m0004_pool, m0005_followups_automation, m0006_report_rollups, m0007_recycle_bin_audit, m0008_custom_fields, m0009_report_attr_rollups, m0010_report_customer_indexes, m0011_report_attr_trigger_per_dim, m0012_rollup_suspend, m0013_customer_owner_created, m0014_customers_created_last_fu, m0015_customer_index_diet, m0016_deals_owner_name, m0017_deal_name_search, m0018_followup_text_index, m0019_purge_lookups, m0020_fts_background_merge];
export const SCHEMA_VERSION = MIGRATIONS.length;
export type { Migration } from './types';
