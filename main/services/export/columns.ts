// What each entity can export: column key -> SQL expression, kind, label key, default on/off. Labels are
// resolved in the caller's language; coded values (status, kind...) get their labels too.
import type { TFunction } from 'i18next';
import type { ExportEntity } from '../../contract/export';
import type { Db } from '../../../db/sql';
import type { FieldEntity } from '../../contract/fields';
import { customColumns } from '../fields/hooks';
import type { ColumnKind, ExportColumn } from './task';

interface ColumnDef {
  key: string;
  sql: string;
  kind: ColumnKind;
  label: string;
  default?: boolean;
  /** value -> i18n key of its label */
  values?: { prefix: string; keys: string[] };
  /** custom field columns: label already in the user's language; value -> label pairs */
  literal?: { label: string; labels?: [string, string][] };
}

const f = (k: string) => `import.fields.${k}`;
const x = (k: string) => `export.columns.${k}`;

const CUSTOMER: ColumnDef[] = [
  { key: 'id', sql: 'c.id', kind: 'number', label: x('id') },
  { key: 'name', sql: 'c.name', kind: 'text', label: f('name'), default: true },
  { key: 'kind', sql: 'c.kind', kind: 'text', label: f('kind'), values: { prefix: 'export.values.kind', keys: ['company', 'person'] } },
  { key: 'contactName', sql: 'c.contact_name', kind: 'text', label: f('contactName'), default: true },
  { key: 'gender', sql: 'c.gender', kind: 'text', label: f('gender'), values: { prefix: 'export.values.gender', keys: ['male', 'female', 'other'] } },
  { key: 'birthday', sql: 'c.birthday', kind: 'text', label: f('birthday') },
  { key: 'mobile', sql: 'c.mobile', kind: 'text', label: f('mobile'), default: true },
  { key: 'phone', sql: 'c.phone', kind: 'text', label: f('phone'), default: true },
  { key: 'email', sql: 'c.email', kind: 'text', label: f('email'), default: true },
  { key: 'wechat', sql: 'c.wechat', kind: 'text', label: f('wechat') },
  { key: 'province', sql: 'c.province', kind: 'text', label: f('province'), default: true },
  { key: 'city', sql: 'c.city', kind: 'text', label: f('city'), default: true },
  { key: 'address', sql: 'c.address', kind: 'text', label: f('address') },
  { key: 'industry', sql: 'c.industry', kind: 'text', label: f('industry'), default: true },
  { key: 'company', sql: 'c.company', kind: 'text', label: f('company') },
  { key: 'position', sql: 'c.position', kind: 'text', label: f('position') },
  { key: 'source', sql: 'c.source', kind: 'text', label: f('source'), default: true },
  { key: 'level', sql: 'c.level', kind: 'text', label: f('level'), default: true },
  { key: 'status', sql: 'c.status', kind: 'text', label: f('status'), default: true, values: { prefix: 'export.values.status', keys: ['potential', 'following', 'won', 'lost'] } },
  { key: 'tags', sql: '(SELECT json_group_array(tag) FROM customer_tags t WHERE t.customer_id = c.id)', kind: 'tags', label: f('tags'), default: true },
  { key: 'ownerName', sql: 'u.display_name', kind: 'text', label: x('ownerName'), default: true },
  { key: 'notes', sql: 'c.notes', kind: 'text', label: f('notes') },
  { key: 'createdAt', sql: 'c.created_at', kind: 'datetime', label: x('createdAt'), default: true },
  { key: 'updatedAt', sql: 'c.updated_at', kind: 'datetime', label: x('updatedAt') },
  { key: 'lastFollowUpAt', sql: 'c.last_follow_up_at', kind: 'datetime', label: x('lastFollowUpAt') },
  { key: 'nextFollowUpAt', sql: 'c.next_follow_up_at', kind: 'datetime', label: x('nextFollowUpAt') },
];

const DEAL: ColumnDef[] = [
  { key: 'id', sql: 'd.id', kind: 'number', label: x('id') },
  { key: 'name', sql: 'd.name', kind: 'text', label: x('dealName'), default: true },
  { key: 'customerName', sql: 'c.name', kind: 'text', label: x('customerName'), default: true },
  { key: 'amount', sql: 'd.amount_fen', kind: 'money', label: x('amount'), default: true },
  { key: 'stageName', sql: 's.name', kind: 'text', label: x('stageName'), default: true },
  { key: 'status', sql: 'd.status', kind: 'text', label: x('dealStatus'), default: true, values: { prefix: 'export.values.dealStatus', keys: ['open', 'won', 'lost'] } },
  { key: 'expectedCloseDate', sql: 'd.expected_close_date', kind: 'text', label: x('expectedCloseDate'), default: true },
  { key: 'ownerName', sql: 'u.display_name', kind: 'text', label: x('ownerName'), default: true },
  { key: 'source', sql: 'd.source', kind: 'text', label: f('source') },
  { key: 'closedAt', sql: 'd.closed_at', kind: 'datetime', label: x('closedAt') },
  { key: 'createdAt', sql: 'd.created_at', kind: 'datetime', label: x('createdAt'), default: true },
  { key: 'updatedAt', sql: 'd.updated_at', kind: 'datetime', label: x('updatedAt') },
];

const FOLLOW_UP: ColumnDef[] = [
  { key: 'id', sql: 'fu.id', kind: 'number', label: x('id') },
  { key: 'at', sql: 'fu.at', kind: 'datetime', label: x('at'), default: true },
  { key: 'customerName', sql: 'c.name', kind: 'text', label: x('customerName'), default: true },
  { key: 'dealName', sql: 'd.name', kind: 'text', label: x('dealName') },
  { key: 'method', sql: 'fu.method', kind: 'text', label: x('method'), default: true },
  { key: 'content', sql: 'fu.content', kind: 'text', label: x('content'), default: true },
  { key: 'result', sql: 'fu.result', kind: 'text', label: x('result'), default: true },
  { key: 'nextStep', sql: 'fu.next_step', kind: 'text', label: x('nextStep') },
  { key: 'nextAt', sql: 'fu.next_at', kind: 'datetime', label: x('nextAt'), default: true },
  { key: 'ownerName', sql: 'u.display_name', kind: 'text', label: x('ownerName'), default: true },
];

const AUDIT: ColumnDef[] = [
  { key: 'id', sql: 'a.id', kind: 'number', label: x('id'), default: true },
  { key: 'at', sql: 'a.at', kind: 'datetime', label: x('at'), default: true },
  { key: 'userName', sql: 'a.user_name', kind: 'text', label: x('userName'), default: true },
  { key: 'action', sql: 'a.action', kind: 'text', label: x('action'), default: true },
  { key: 'entity', sql: 'a.entity', kind: 'text', label: x('entity'), default: true },
  { key: 'entityId', sql: 'a.entity_id', kind: 'number', label: x('entityId'), default: true },
  { key: 'summary', sql: 'a.summary', kind: 'text', label: x('summary'), default: true },
  { key: 'changes', sql: 'a.changes', kind: 'changes', label: x('changes'), default: true },
  { key: 'batchId', sql: 'a.batch_id', kind: 'text', label: x('batchId') },
];

export const ENTITY_COLUMNS: Record<ExportEntity, ColumnDef[]> = { customers: CUSTOMER, deals: DEAL, followUps: FOLLOW_UP, audit: AUDIT };

/** Export entity -> custom field entity and the alias of its record row in export/query.ts. */
const CUSTOM_OF: Partial<Record<ExportEntity, { entity: FieldEntity; alias: string }>> = {
  customers: { entity: 'customer', alias: 'c' },
  deals: { entity: 'deal', alias: 'd' },
  followUps: { entity: 'followUp', alias: 'fu' },
};

/**
 * Custom field columns (`custom.<key>`, issue 13; customers, deals, follow-ups) after the built-in ones: multi-select
 * options joined with '、' (in SQL), money in yuan, yes/no as 是/否, date-times in local time.
 */
function entityColumns(entity: ExportEntity, db: Db, locale: string, t: TFunction): ColumnDef[] {
  const of = CUSTOM_OF[entity];
  if (!of) return ENTITY_COLUMNS[entity];
  const custom = customColumns(db, of.entity, locale).map((c): ColumnDef => ({
    key: c.key,
    sql: c.sql(of.alias),
    kind: c.field.type === 'datetime' ? 'datetime' : c.kind,
    label: c.key,
    literal: {
      label: c.label,
      ...(c.field.type === 'boolean' ? { labels: [['1', t('fields.values.yes')], ['0', t('fields.values.no')]] as [string, string][] } : {}),
    },
  }));
  return [...ENTITY_COLUMNS[entity], ...custom];
}

export interface ColumnContext {
  db: Db;
  locale: string;
  t: TFunction;
}

export function columnChoices(entity: ExportEntity, { db, locale, t }: ColumnContext) {
  return entityColumns(entity, db, locale, t).map((c) => ({ key: c.key, label: c.literal?.label ?? t(c.label), default: !!c.default }));
}

/** The requested columns (default ones when none), or the unknown keys. */
export function resolveColumns(entity: ExportEntity, keys: readonly string[] | undefined, { db, locale, t }: ColumnContext): { columns: (ExportColumn & { sql: string })[]; unknown: string[] } {
  const defs = entityColumns(entity, db, locale, t);
  const wanted = keys?.length ? keys : defs.filter((d) => d.default).map((d) => d.key);
  const unknown = wanted.filter((k) => !defs.some((d) => d.key === k));
  const columns = wanted
    .map((k) => defs.find((d) => d.key === k))
    .filter((d): d is ColumnDef => !!d)
    .map((d) => ({
      key: d.key,
      sql: d.sql,
      kind: d.kind,
      label: d.literal?.label ?? t(d.label),
      ...(d.values ? { labels: d.values.keys.map((v): [string, string] => [v, t(`${d.values!.prefix}.${v}`)]) } : {}),
      ...(d.literal?.labels ? { labels: d.literal.labels } : {}),
    }));
  return { columns, unknown };
}
