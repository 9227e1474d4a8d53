import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { useShippedLabel } from '../../../lib/shippedLabel';
import { FollowUpCustomValues } from '../../followups';
import type { CustomerDetail } from '../model/types';

type FollowUp = CustomerDetail['followUps'][number];

/** 联系历史: the latest follow-ups, newest first, as a timeline (with their filled custom values, like the deal page). */
export function FollowUpTimeline({ followUps }: { followUps: FollowUp[] }) {
  const { t } = useTranslation();
  const shipped = useShippedLabel();
  if (!followUps.length) return <Empty description={t('customers.detail.followUpsEmpty')} data-testid="follow-ups-empty" />;
  return (
    <Timeline
      data-testid="follow-up-timeline"
      items={followUps.map((f) => ({
        key: f.id,
        content: (
          <div className="cust-fu" data-testid="follow-up-item">
            <div className="cust-fu-head">
              <Typography.Text strong>{formatDateTime(f.at)}</Typography.Text>
              <Typography.Text type="secondary">{shipped('followUpMethod', f.method)}</Typography.Text>
              {f.ownerName && <Typography.Text type="secondary">{f.ownerName}</Typography.Text>}
            </div>
            <div style={{ whiteSpace: 'pre-wrap' }}>{f.content}</div>
            <FollowUpCustomValues values={f.custom} />
            {f.result && <Typography.Text type="secondary">{t('customers.detail.result', { text: f.result })}</Typography.Text>}
            {(f.nextStep || f.nextAt) && (
              <div>
                <Typography.Text type="secondary">
                  {f.nextStep ? t('customers.detail.nextStep', { text: f.nextStep }) : ''} {f.nextAt ? t('customers.detail.nextAt', { at: formatDateTime(f.nextAt) }) : ''}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
