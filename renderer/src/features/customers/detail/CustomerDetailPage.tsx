// 客户详情: header (name, level, status, owner), tabs 基本信息 / 交易记录 / 联系历史 / 变更记录, and edit.
import { useState } from 'react';
import { Button, Card, Result, Skeleton, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, invoke } from '../../../lib/api';
import { useSession } from '../../../app/session';
import { LevelTag, StatusTag } from '../components/Tags';
import { CustomerFormDrawer } from '../form/CustomerFormDrawer';
import type { CustomerDetail } from '../model/types';
import { BasicInfo } from './BasicInfo';
import { DealsTab } from './DealsTab';
import { FollowUpTimeline } from './FollowUpTimeline';
import { CustomerHistory } from '../../audit/CustomerHistory';
import { DeleteCustomersDialog } from '../../recycleBin/DeleteCustomersDialog';

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const session = useSession();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const q = useQuery({ queryKey: ['customer', id], queryFn: () => invoke('customers:get', { id }), enabled: Number.isInteger(id) && id > 0 });

  if (q.isPending) return <Skeleton active data-testid="customer-detail-loading" />;
  if (q.error || !q.data) {
    const notFound = q.error instanceof ApiError && (q.error.code === 'NOT_FOUND' || q.error.code === 'INVALID_INPUT');
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('customers.detail.notFound') : (q.error as Error)?.message}
        extra={<Button onClick={() => navigate('/customers')}>{t('customers.detail.back')}</Button>}
        data-testid="customer-detail-error"
      />
    );
  }
  const { customer, deals, followUps } = q.data;
  return (
    <div className="cust-detail" data-testid="customer-detail">
      <Card size="small" className="cust-detail-head">
        <div className="cust-detail-title">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} data-testid="detail-back" aria-label={t('customers.detail.back')} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="detail-name">
            {customer.name}
          </Typography.Title>
          <span data-testid="detail-level">
            <LevelTag level={customer.level} />
          </span>
          <span data-testid="detail-status">
            <StatusTag status={customer.status} />
          </span>
          <Typography.Text type="secondary" data-testid="detail-owner">
            <UserOutlined /> {t('labeled', { label: t('customers.fields.owner'), value: customer.ownerId === null ? t('customers.pool') : customer.ownerName })}
          </Typography.Text>
          <div style={{ flex: 1 }} />
          {session.can('customers.delete') && !customer.deletedAt && (
            <Button danger icon={<DeleteOutlined />} onClick={() => setDeleting(true)} data-testid="detail-delete">
              {t('deleteCustomers.ok')}
            </Button>
          )}
          {session.can('customers.edit') && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="detail-edit">
              {t('customers.detail.edit')}
            </Button>
          )}
        </div>
      </Card>
      <Card size="small" className="cust-detail-body">
        <Tabs
          defaultActiveKey="basic"
          items={[
            { key: 'basic', label: <span data-testid="tab-basic">{t('customers.detail.tabs.basic')}</span>, children: <BasicInfo customer={customer} /> },
            { key: 'deals', label: <span data-testid="tab-deals">{`${t('customers.detail.tabs.deals')} (${deals.length})`}</span>, children: <DealsTab deals={deals} /> },
            { key: 'followUps', label: <span data-testid="tab-follow-ups">{`${t('customers.detail.tabs.followUps')} (${followUps.length})`}</span>, children: <FollowUpTimeline followUps={followUps} /> },
            { key: 'history', label: <span data-testid="tab-history">{t('customers.detail.tabs.history')}</span>, children: <CustomerHistory customerId={customer.id} /> },
          ]}
        />
      </Card>
      {deleting && (
        <DeleteCustomersDialog open target={{ ids: [customer.id] }} onClose={() => setDeleting(false)} onDeleted={() => navigate('/customers')} />
      )}
      <CustomerFormDrawer
        open={editing}
        mode="edit"
        customer={customer}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          qc.setQueryData<CustomerDetail>(['customer', id], (old) => (old ? { ...old, customer: saved } : old));
          setEditing(false);
          void qc.invalidateQueries({ queryKey: ['customer', id] });
        }}
      />
    </div>
  );
}
