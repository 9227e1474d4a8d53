import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { Customer } from '../model/types';
import { LevelTag, StatusTag } from '../components/Tags';
import { displayValue } from './display';
import { CustomFieldValues } from '../../fields/CustomFieldValues';

/** 基本信息: every field, formatted; empty ones show a dash so the layout does not jump. */
export function BasicInfo({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`customers.fields.${k}`);
  const v = (k: keyof Customer) => <span data-testid={`info-${k}`}>{displayValue(k, c[k], t)}</span>;
  return (
    <>
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="basic-info" styles={{ label: { width: 110 } }}>
      <Descriptions.Item label={f('name')}>{v('name')}</Descriptions.Item>
      <Descriptions.Item label={f('kind')}>{v('kind')}</Descriptions.Item>
      <Descriptions.Item label={f('level')}>{c.level ? <LevelTag level={c.level} /> : t('customers.none')}</Descriptions.Item>
      <Descriptions.Item label={f('status')}>
        <StatusTag status={c.status} />
      </Descriptions.Item>
      <Descriptions.Item label={f('company')}>{v('company')}</Descriptions.Item>
      <Descriptions.Item label={f('industry')}>{v('industry')}</Descriptions.Item>
      <Descriptions.Item label={f('contactName')}>{v('contactName')}</Descriptions.Item>
      <Descriptions.Item label={f('position')}>{v('position')}</Descriptions.Item>
      <Descriptions.Item label={f('gender')}>{v('gender')}</Descriptions.Item>
      <Descriptions.Item label={f('mobile')}>{v('mobile')}</Descriptions.Item>
      <Descriptions.Item label={f('phone')}>{v('phone')}</Descriptions.Item>
      <Descriptions.Item label={f('email')}>{v('email')}</Descriptions.Item>
      <Descriptions.Item label={f('wechat')}>{v('wechat')}</Descriptions.Item>
      <Descriptions.Item label={f('birthday')}>{v('birthday')}</Descriptions.Item>
      <Descriptions.Item label={f('source')}>{v('source')}</Descriptions.Item>
      <Descriptions.Item label={f('region')}>
        <span data-testid="info-region">{[c.province, c.city].filter(Boolean).join(' / ') || t('customers.none')}</span>
      </Descriptions.Item>
      <Descriptions.Item label={f('address')} span={2}>
        {v('address')}
      </Descriptions.Item>
      <Descriptions.Item label={f('tags')} span={3}>
        <span data-testid="info-tags">{c.tags.length ? c.tags.map((x) => <Tag key={x}>{x}</Tag>) : t('customers.none')}</span>
      </Descriptions.Item>
      <Descriptions.Item label={f('owner')}>{c.ownerId === null ? t('customers.pool') : c.ownerName}</Descriptions.Item>
      <Descriptions.Item label={f('lastFollowUpAt')}>{formatDateTime(c.lastFollowUpAt) || t('customers.none')}</Descriptions.Item>
      <Descriptions.Item label={f('nextFollowUpAt')}>{formatDateTime(c.nextFollowUpAt) || t('customers.none')}</Descriptions.Item>
      <Descriptions.Item label={f('createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={f('updatedAt')}>{formatDateTime(c.updatedAt)}</Descriptions.Item>
      <Descriptions.Item label={f('version')}>{c.version}</Descriptions.Item>
      <Descriptions.Item label={f('notes')} span={3}>
        <span style={{ whiteSpace: 'pre-wrap' }} data-testid="info-notes">
          {c.notes || t('customers.none')}
        </span>
      </Descriptions.Item>
    </Descriptions>
    {/* custom fields (issue 13), grouped like the form layout */}
    <CustomFieldValues entity="customer" values={c.custom} />
    </>
  );
}
