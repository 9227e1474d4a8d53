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

export function fieldLabel(field: string, t: TFunction): string {
  if (field.startsWith('custom.')) return customLabels.get(field.slice('custom.'.length)) ?? field.slice('custom.'.length);
  if (field === 'ownerId' || field === 'userId') return t('customers.fields.owner');
  if (field === 'deletedAt') return t('recycleBin.cols.deletedAt');
  // users, roles and settings have fields customers do not (username, roleId, permissions, …)
  return t(`auditLog.fields.${field}`, { defaultValue: '' }) || t(`customers.fields.${field}`, { defaultValue: field });
}

/** What ids in changes read as (useUserNames): users by display name, roles by name in the UI language. */
export interface Names {
  users: ReadonlyMap<number, string>;
  roles: ReadonlyMap<number, string>;
  locale: 'zh-CN' | 'en';
}

export function valueText(field: string, v: unknown, t: TFunction, names: Names): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return field === 'ownerId' ? t('history.pool') : t('history.empty');
  if (field === 'ownerId' || field === 'userId') return names.users.get(Number(v)) ?? `#${String(v)}`;
  if (field === 'roleId') return names.roles.get(Number(v)) ?? `#${String(v)}`;
  if (field === 'level' || field === 'status' || field === 'kind' || field === 'gender') return t(`customers.${field}.${String(v)}`, { defaultValue: String(v) });
  if (field === 'scope') return t(`auditLog.scopes.${String(v)}`, { defaultValue: String(v) });
  // instants (deletedAt, next follow-up, …) and money in fen read as the rest of the app shows them
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatDateTime(v);
  if (typeof v === 'number' && field.endsWith('Fen')) return formatMoneyFen(v);
  const item = (x: unknown) => (field === 'permissions' && typeof x === 'string' && x in PERMISSION_LABELS ? PERMISSION_LABELS[x as Permission][names.locale] : String(x));
  const s = Array.isArray(v) ? v.map(item).join(t('listSep')) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

/** One sentence per field change. */
export function changeSentence(user: string, c: Change, t: TFunction, names: Names): string {
  const field = fieldLabel(c.field, t);
  if (c.redacted) return t('withNote', { text: `${user} · ${field}`, note: t('history.redacted') });
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
  const old = valueText(c.field, c.old, t, names);
  const now = valueText(c.field, c.new, t, names);
  if (empty(c.old) && c.field !== 'ownerId') return t('history.sentenceSet', { user, field, new: now });
  if (empty(c.new) && c.field !== 'ownerId') return t('history.sentenceCleared', { user, field, old });
  return t('history.sentence', { user, field, old, new: now });
}

/** The action in words: entity + verb ("客户 · 批量修改"). */
export function actionLabel(action: string, entity: string | null, t: TFunction): string {
  const verb = action.split('.').pop() ?? action;
  const e = entity ?? action.split('.')[0];
  const entityText = t(`auditLog.entities.${e}`, { defaultValue: e });
  return `${entityText} · ${t(`auditLog.actions.${verb}`, { defaultValue: verb })}`;
}
