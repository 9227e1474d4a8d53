// An audit entry in words a person reads: "张经理 将 手机 从 138… 改为 139…". Field labels and coded values
// come from the customers feature's i18n; owner ids become names.
import type { TFunction } from 'i18next';
import type { AuditEntryRow } from '@contract/audit';
import { PERMISSION_LABELS } from '@contract/permissionLabels';
import type { Permission } from '@contract/permissions';
import { formatDateTime, formatMoneyFen } from '../../lib/format';

export type Change = NonNullable<AuditEntryRow['changes']>[number];
const MAX = 24;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

// Labels of custom fields (audit field `custom.<key>`, issue 13), registered by the pages that show
// entries from the field definitions they load (useCustomFieldLabels); unknown keys show the key.
const customLabels = new Map<string, string>();
export function registerCustomFieldLabels(list: readonly { key: string; label: string }[]): void {
  for (const f of list) customLabels.set(f.key, f.label);
}

// Field labels of the other records the trail shows, from their features' i18n (a deal's `name` is not 客户名称).
const ENTITY_FIELD_KEYS: Record<string, string> = { deal: 'deals.field', followUp: 'followUps.fields', reminder: 'reminders' };

export function fieldLabel(field: string, t: TFunction, entity?: string | null): string {
  if (field.startsWith('custom.')) return customLabels.get(field.slice('custom.'.length)) ?? field.slice('custom.'.length);
  if (field === 'ownerId' || field === 'userId') return t('customers.fields.owner');
  if (field === 'deletedAt') return t('recycleBin.cols.deletedAt');
  const own = entity && ENTITY_FIELD_KEYS[entity] ? t(`${ENTITY_FIELD_KEYS[entity]}.${field}`, { defaultValue: '' }) : '';
  if (typeof own === 'string' && own) return own;
  // users, roles and settings have fields customers do not (username, roleId, permissions, …)
  return t(`auditLog.fields.${field}`, { defaultValue: '' }) || t(`customers.fields.${field}`, { defaultValue: field });
}

/** What ids in changes read as (useUserNames): users by display name, roles by name in the UI language, stages by name. */
export interface Names {
  users: ReadonlyMap<number, string>;
  roles: ReadonlyMap<number, string>;
  /** pipeline stages (only for users who may see deals) */
  stages?: ReadonlyMap<number, string>;
  locale: 'zh-CN' | 'en';
}

export function valueText(field: string, v: unknown, t: TFunction, names: Names, entity?: string | null): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return field === 'ownerId' ? t('history.pool') : t('history.empty');
  if (field === 'ownerId' || field === 'userId') return names.users.get(Number(v)) ?? `#${String(v)}`;
  if (field === 'roleId') return names.roles.get(Number(v)) ?? `#${String(v)}`;
  if (field === 'stageId') return names.stages?.get(Number(v)) ?? `#${String(v)}`;
  // records by number (their names may have changed or be out of the viewer's scope)
  if (field === 'customerId' || field === 'dealId' || field === 'lossReasonId') return `#${String(v)}`;
  if (entity === 'deal' && field === 'status') return t(`deals.status.${String(v)}`, { defaultValue: String(v) });
  if (field === 'amountSource' || field === 'locale') return t(`auditLog.values.${field}.${String(v)}`, { defaultValue: String(v) });
  if (field === 'probability' && typeof v === 'number') return `${v}%`;
  if (field === 'level' || field === 'status' || field === 'kind' || field === 'gender') return t(`customers.${field}.${String(v)}`, { defaultValue: String(v) });
  if (field === 'scope') return t(`auditLog.scopes.${String(v)}`, { defaultValue: String(v) });
  // instants (deletedAt, next follow-up, …) and money in fen read as the rest of the app shows them
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatDateTime(v);
  if (typeof v === 'number' && field.endsWith('Fen')) return formatMoneyFen(v);
  const item = (x: unknown) => (field === 'permissions' && typeof x === 'string' && x in PERMISSION_LABELS ? PERMISSION_LABELS[x as Permission][names.locale] : String(x));
  const s = Array.isArray(v) ? v.map(item).join(t('listSep')) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

/** One sentence per field change (`entity`: the record type of the entry, for its field names and values). */
export function changeSentence(user: string, c: Change, t: TFunction, names: Names, entity?: string | null): string {
  const field = fieldLabel(c.field, t, entity);
  if (c.redacted) return t('withNote', { text: `${user} · ${field}`, note: t('history.redacted') });
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
  const old = valueText(c.field, c.old, t, names, entity);
  const now = valueText(c.field, c.new, t, names, entity);
  if (empty(c.old) && c.field !== 'ownerId') return t('history.sentenceSet', { user, field, new: now });
  if (empty(c.new) && c.field !== 'ownerId') return t('history.sentenceCleared', { user, field, old });
  return t('history.sentence', { user, field, old, new: now });
}

/** The action in words: entity + verb ("客户 · 批量修改"). */
export function actionLabel(action: string, entity: string | null, t: TFunction): string {
  // an export is recorded as 'export.run' on the exported list ('customers', 'deals', 'followUps'): 客户 · 导出
  const verb = action === 'export.run' ? 'export' : (action.split('.').pop() ?? action);
  const e = entity ?? action.split('.')[0];
  const entityText = t(`auditLog.entities.${e}`, { defaultValue: e });
  return `${entityText} · ${t(`auditLog.actions.${verb}`, { defaultValue: verb })}`;
}
