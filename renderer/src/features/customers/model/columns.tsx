// The list's columns: what each shows, how wide it is, and which server sort field it maps to.
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from '../../../lib/format';
import { shippedLabelNow } from '../../../lib/shippedLabel';
import type { CustomerRow, SortField } from './types';
import { LevelBadge, StatusBadge } from '../components/Tags';

export interface ColumnDef {
  key: string;
  width: number;
  sortField?: SortField;
  /** a custom field column sorts through customers:list `customSort` (issue 13) */
  customSortKey?: string;
  title(t: TFunction): string;
  render(row: CustomerRow, t: TFunction): ReactNode;
}

const text = (v: string | null | undefined) => v ?? '';

export const COLUMNS: ColumnDef[] = [
  { key: 'name', width: 200, sortField: 'name', title: (t) => t('customers.fields.name'), render: (r) => r.name },
  { key: 'contactName', width: 100, title: (t) => t('customers.fields.contactName'), render: (r) => text(r.contactName) },
  { key: 'mobile', width: 140, title: (t) => t('customers.fields.mobile'), render: (r) => text(r.mobile) },
  { key: 'company', width: 200, title: (t) => t('customers.fields.company'), render: (r) => text(r.company) },
  {
    key: 'region',
    width: 170,
    sortField: 'province',
    title: (t) => t('customers.fields.region'),
    render: (r) => [r.province, r.city].filter(Boolean).join(' / '),
  },
  { key: 'industry', width: 110, sortField: 'industry', title: (t) => t('customers.fields.industry'), render: (r) => (r.industry ? shippedLabelNow('industry', r.industry) : '') },
  { key: 'level', width: 100, sortField: 'level', title: (t) => t('customers.fields.level'), render: (r, t) => <LevelBadge level={r.level} label={r.level ? t(`customers.level.${r.level}`) : ''} /> },
  { key: 'status', width: 110, sortField: 'status', title: (t) => t('customers.fields.status'), render: (r, t) => <StatusBadge status={r.status} label={t(`customers.status.${r.status}`)} /> },
  {
    key: 'owner',
    width: 100,
    sortField: 'ownerId',
    title: (t) => t('customers.fields.owner'),
    render: (r, t) => (r.ownerId === null ? <span className="cust-pool">{t('customers.pool')}</span> : text(r.ownerName)),
  },
  { key: 'lastFollowUpAt', width: 150, sortField: 'lastFollowUpAt', title: (t) => t('customers.fields.lastFollowUpAt'), render: (r) => formatDateTime(r.lastFollowUpAt) },
  { key: 'nextFollowUpAt', width: 150, sortField: 'nextFollowUpAt', title: (t) => t('customers.fields.nextFollowUpAt'), render: (r) => formatDateTime(r.nextFollowUpAt) },
  { key: 'source', width: 100, title: (t) => t('customers.fields.source'), render: (r) => (r.source ? shippedLabelNow('source', r.source) : '') },
  { key: 'email', width: 200, title: (t) => t('customers.fields.email'), render: (r) => text(r.email) },
  { key: 'tags', width: 160, title: (t) => t('customers.fields.tags'), render: (r) => r.tags.join('、') },
  { key: 'createdAt', width: 110, sortField: 'createdAt', title: (t) => t('customers.fields.createdAt'), render: (r) => formatDate(r.createdAt) },
];

export const DEFAULT_COLUMNS = ['name', 'contactName', 'mobile', 'company', 'region', 'industry', 'level', 'status', 'owner', 'lastFollowUpAt', 'createdAt'];

/** `extra`: the custom field columns (fields/listSupport.tsx), keyed 'custom:<key>'. */
export function columnsFor(keys: string[], extra: ColumnDef[] = []): ColumnDef[] {
  const byKey = new Map([...COLUMNS, ...extra].map((c) => [c.key, c]));
  const out = keys.map((k) => byKey.get(k)).filter((c): c is ColumnDef => !!c);
  // the name column is how a row is opened: always shown, always first
  return out.some((c) => c.key === 'name') ? out : [byKey.get('name')!, ...out];
}
