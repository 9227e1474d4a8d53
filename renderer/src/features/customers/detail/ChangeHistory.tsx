import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * 变更记录. The contract has no `audit:list` channel yet, so this is an honest empty state rather
 * than invented rows. The audit module replaces the body with entries of
 * audit:list { entity: 'customer', entityId: customerId } (who changed which field from what to what, when).
 */
export function ChangeHistory({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  return (
    <Result status="info" title={t('customers.detail.historyPending')} subTitle={t('customers.detail.historyPendingBody')} data-testid="change-history-pending" data-customer-id={customerId} />
  );
}
