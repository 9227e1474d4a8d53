// Display of custom values: the detail page's items (grouped like the form layout) and a single cell.
import { Descriptions, Tag, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField, FieldEntity } from '@contract/fields';
import { formatDate, formatDateTime, formatMoneyFen, formatNumber } from '../../lib/format';
import { fieldLabel, useFormSections } from './hooks';
import i18n from '../../i18n';

/** A custom value as the user reads it (money with ¥, dates localized, yes/no, options as tags). */
export function displayCustomValue(f: CustomField, v: unknown): ReactNode {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return i18n.t('customFields.none');
  switch (f.type) {
    case 'money':
      return formatMoneyFen(v as number);
    case 'number':
      return formatNumber(v as number);
    case 'date':
      return formatDate(v as string);
    case 'datetime':
      return formatDateTime(v as string);
    case 'boolean':
      return v ? i18n.t('customFields.yes') : i18n.t('customFields.no');
    case 'multiSelect':
      return (v as string[]).map((o) => <Tag key={o}>{o}</Tag>);
    case 'singleSelect':
      return <Tag>{String(v)}</Tag>;
    case 'url':
      return (
        <a href={String(v)} target="_blank" rel="noreferrer noopener">
          {String(v)}
        </a>
      );
    default:
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
  }
}

/** The record's custom values as Descriptions, one block per form section (`column`: for narrower pages). */
export function CustomFieldValues({ entity, values, column }: { entity: FieldEntity; values: Record<string, unknown> | undefined; column?: DescriptionsProps['column'] }) {
  const { t } = useTranslation();
  const sections = useFormSections(entity);
  if (!sections.length) return null;
  return (
    <div data-testid="custom-field-values">
      {sections.map((s) => (
        <Descriptions
          key={s.id}
          title={s.title}
          bordered
          size="small"
          column={column ?? { xs: 1, md: 2, xl: 3 }}
          styles={{ label: { width: 110 } }}
          style={{ marginTop: 16 }}
        >
          {s.fields.map((f) => (
            <Descriptions.Item key={f.key} label={fieldLabel(f)} span={f.type === 'longText' ? 3 : 1}>
              <span data-testid={`custom-value-${f.key}`}>{displayCustomValue(f, values?.[f.key]) ?? t('customFields.none')}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      ))}
    </div>
  );
}
