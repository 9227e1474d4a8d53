import { Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatMoneyFen } from '../../../lib/format';
import { useShippedLabel } from '../../../lib/shippedLabel';
import type { CustomerDetail } from '../model/types';

type Deal = CustomerDetail['deals'][number];
const STATUS_COLOR = { open: 'processing', won: 'success', lost: 'default' } as const;

/** 交易记录: the customer's deals with ¥ amounts (integer fen) and stages. */
export function DealsTab({ deals }: { deals: Deal[] }) {
  const { t } = useTranslation();
  const shipped = useShippedLabel();
  if (!deals.length) return <Empty description={t('customers.detail.dealsEmpty')} data-testid="deals-empty" />;
  // integer fen summed as integers: no floating-point drift
  const totalFen = deals.reduce((s, d) => s + d.amountFen, 0);
  return (
    <Table<Deal>
      size="small"
      rowKey="id"
      dataSource={deals}
      pagination={false}
      data-testid="deals-table"
      columns={[
        { title: t('customers.detail.dealName'), dataIndex: 'name' },
        { title: t('customers.detail.dealAmount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatMoneyFen(v), sorter: (a, b) => a.amountFen - b.amountFen },
        { title: t('customers.detail.dealStage'), dataIndex: 'stageName', render: (v: string) => shipped('stage', v) },
        { title: t('customers.detail.dealStatus'), dataIndex: 'status', render: (s: Deal['status']) => <Tag color={STATUS_COLOR[s]}>{t(`customers.detail.dealStatusValue.${s}`)}</Tag> },
        { title: t('customers.detail.dealExpected'), dataIndex: 'expectedCloseDate', render: (v: string | null) => formatDate(v) },
        { title: t('customers.detail.dealClosed'), dataIndex: 'closedAt', render: (v: string | null) => formatDateTime(v) },
        { title: t('customers.detail.dealOwner'), dataIndex: 'ownerName' },
      ]}
      footer={() => <Typography.Text type="secondary">{t('customers.detail.dealsTotal', { count: deals.length, n: deals.length, amount: formatMoneyFen(totalFen) })}</Typography.Text>}
    />
  );
}
