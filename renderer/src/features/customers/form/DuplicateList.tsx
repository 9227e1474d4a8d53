// 查重: existing customers that look like the one being entered, with their owner (or 公海).
import { Alert, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DuplicateResult } from '../model/types';

interface Props {
  result: DuplicateResult;
  onOpen(id: number): void;
}

/** Duplicate fields the settings forbid, among those that actually matched. */
export function blockingFields(r: DuplicateResult): string[] {
  return r.blocking.filter((f) => r.matches.some((m) => m.reasons.includes(f)));
}

export function DuplicateList({ result, onOpen }: Props) {
  const { t } = useTranslation();
  const blocked = blockingFields(result);
  return (
    <Alert
      type={blocked.length ? 'error' : 'warning'}
      showIcon
      data-testid="duplicate-alert"
      title={t('customers.duplicate.title')}
      description={
        <div>
          <div>{t('customers.duplicate.body')}</div>
          <ul className="cust-dup-list">
            {result.matches.map((m) => (
              <li key={m.id} data-testid="duplicate-match" data-id={m.id}>
                <Space size={6} wrap>
                  <Typography.Text strong>{m.name}</Typography.Text>
                  {m.mobile && <Typography.Text type="secondary">{m.mobile}</Typography.Text>}
                  {m.email && <Typography.Text type="secondary">{m.email}</Typography.Text>}
                  {m.reasons.map((r) => (
                    <Tag key={r} color={blocked.includes(r) ? 'red' : 'orange'} data-testid={`duplicate-reason-${r}`}>
                      {t(`customers.duplicate.reason.${r}`)}
                      {r === 'custom' && m.customFields?.length ? `：${m.customFields.join('、')}` : ''}
                    </Tag>
                  ))}
                  <Typography.Text type="secondary" data-testid="duplicate-owner">
                    {t('customers.duplicate.owner', { owner: m.ownerId === null ? t('customers.pool') : (m.ownerName ?? '') })}
                  </Typography.Text>
                  {m.visible ? (
                    <a onClick={() => onOpen(m.id)} data-testid="duplicate-open">
                      {t('customers.duplicate.open')}
                    </a>
                  ) : (
                    <Typography.Text type="secondary">{t('customers.duplicate.hidden')}</Typography.Text>
                  )}
                </Space>
              </li>
            ))}
          </ul>
          {blocked.some((f) => f !== 'custom') && (
            <Typography.Text type="danger" data-testid="duplicate-blocked">
              {t('customers.duplicate.blocked', {
                fields: blocked
                  .filter((f) => f !== 'custom')
                  .map((f) => t(`customers.fields.${f}`))
                  .join('、'),
              })}
            </Typography.Text>
          )}
          {blocked.includes('custom') && (
            <div>
              <Typography.Text type="danger" data-testid="duplicate-blocked-custom">
                {t('customFields.duplicateUnique', { fields: [...new Set(result.matches.flatMap((m) => m.customFields ?? []))].join('、') })}
              </Typography.Text>
            </div>
          )}
        </div>
      }
    />
  );
}
