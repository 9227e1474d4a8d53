// All translation bundles. A feature adds its strings by importing its i18n.ts here (namespaced by key).
import { common } from './common';
import { permI18n } from '../features/settings/i18n';
import { customersI18n } from '../features/customers/i18n';
import { backupI18n } from '../features/backup/i18n';
import { dealsI18n } from '../features/deals/i18n';
import { followupsI18n } from '../features/followups/i18n';
import { reportsI18n } from '../features/reports/i18n';
import { importI18n } from '../features/import/i18n';
import { exportI18n } from '../features/export/i18n';
import { recycleBinI18n } from '../features/recycleBin/i18n';
import { auditI18n } from '../features/audit/i18n';
import { fieldsI18n } from '../features/fields/i18n';

type Bundle = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
const bundles: Bundle[] = [common, customersI18n, backupI18n, permI18n, dealsI18n, followupsI18n, reportsI18n, recycleBinI18n, auditI18n, importI18n, exportI18n, fieldsI18n];

export const resources = {
  'zh-CN': { translation: Object.assign({}, ...bundles.map((b) => b['zh-CN'])) },
  en: { translation: Object.assign({}, ...bundles.map((b) => b.en)) },
};
