// How a customer field value reads for a person (detail page, conflict dialog).
import type { TFunction } from 'i18next';
import { formatDate } from '../../../lib/format';
import { shippedLabelNow } from '../../../lib/shippedLabel';

export function displayValue(field: string, value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('customers.none');
  switch (field) {
    case 'level':
      return t(`customers.level.${String(value)}`);
    case 'status':
      return t(`customers.status.${String(value)}`);
    case 'kind':
      return t(`customers.kind.${String(value)}`);
    case 'gender':
      return t(`customers.gender.${String(value)}`);
    case 'birthday':
      return formatDate(String(value));
    case 'industry':
    case 'source':
      return shippedLabelNow(field, String(value));
    case 'tags':
      return (value as string[]).join('、');
    default:
      return String(value);
  }
}
