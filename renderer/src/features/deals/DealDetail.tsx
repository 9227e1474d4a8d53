// One deal's page: stage steps (click to move), fields or the edit form, line items, contract terms,
// the lock banner with 撤销结单 for permitted users, and the history column.
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Popconfirm, Row, Space, Spin, Steps, Tag, Typography, message } from 'antd';
import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDate, formatDateTime, formatMoneyFen } from '../../lib/format';
import { useSession } from '../../app/session';
import { CloseDealDialog } from './CloseDealDialog';
import { ReopenDialog } from './ReopenDialog';
import { DealFormFields, initialValues, payloadFrom, type DealFormValues } from './DealForm';
import { DealHistory } from './DealHistory';
import { draftsFromItems, ItemsEditor } from './ItemsEditor';
import { dealKeys, useDealOptions, useInvalidateDeals } from './model';
import { useShippedLabel } from '../../lib/shippedLabel';
import { setCustomFieldErrors } from '../fields/CustomFieldInputs';
import { CustomFieldValues } from '../fields/CustomFieldValues';
import { FollowUpTimeline } from '../followups';

const statusColor = { open: 'blue', won: 'green', lost: 'default' } as const;

export function DealDetail() {
  const { t } = useTranslation();
  const { id: idText } = useParams();
  const id = Number(idText);
  const navigate = useNavigate();
  const session = useSession();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const invalidate = useInvalidateDeals();
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [form] = Form.useForm<DealFormValues>();
  const q = useQuery({ queryKey: dealKeys.detail(id), queryFn: () => invoke('deals:get', { id }), enabled: Number.isSafeInteger(id) });

  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Empty description={q.error ? (q.error as Error).message : t('deals.detail.notFound')} data-testid="deal-not-found" />;
  const { deal, items, locked } = q.data;
  const canEdit = session.can('deals.edit') && !locked;
  const openStages = (options.data?.stages ?? []).filter((s) => s.kind === 'open');
  const previousStage = shipped('stage', options.data?.stages.find((s) => s.id === deal.reopenStageId)?.name ?? openStages[0]?.name ?? '');

  const onConflict = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'CONFLICT') {
      void message.warning(t('deals.detail.conflict'));
      void invalidate();
      return true;
    }
    return false;
  };

  const moveTo = async (stageId: number) => {
    if (!canEdit || stageId === deal.stageId) return;
    try {
      await invoke('deals:moveStage', { id: deal.id, version: deal.version, stageId });
      void invalidate();
    } catch (e) {
      if (!onConflict(e)) showApiError(e);
    }
  };

  const save = async () => {
    // a field the rules refuse shows its message on the form; nothing to do here (no unhandled rejection)
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch = payloadFrom(v, deal);
    if (!patch) return;
    try {
      await invoke('deals:update', { id: deal.id, version: deal.version, patch });
      void message.success(t('deals.detail.saved'));
      setEditing(false);
      void invalidate();
    } catch (e) {
      if (onConflict(e)) return;
      if (e instanceof ApiError && Object.keys(e.fieldErrors).some((k) => k.startsWith('items.'))) return void message.error(e.message);
      if (e instanceof ApiError) setCustomFieldErrors(form, e.fieldErrors);
      showApiError(e, form);
    }
  };

  const remove = async () => {
    try {
      await invoke('deals:delete', { ids: [deal.id] });
      void message.success(t('deals.detail.deleted'));
      void invalidate();
      navigate('/deals');
    } catch (e) {
      showApiError(e);
    }
  };

  const stepsStages = locked ? [...openStages, { id: deal.stageId, name: deal.stageName, kind: deal.stageKind }] : openStages;
  const current = stepsStages.findIndex((s) => s.id === deal.stageId);
  /** a closed deal: the open stage it was closed from (-1: unknown, every earlier stage counts as done) */
  const reachedUpTo = locked ? openStages.findIndex((s) => s.id === deal.reopenStageId) : -1;

  return (
    <div data-testid="deal-detail" data-deal-status={deal.status}>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} align="center">
        <Space align="center">
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('deals.detail.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="deal-title">
            {deal.name}
          </Typography.Title>
          <Tag color={statusColor[deal.status]} data-testid="deal-status">
            {locked ? <LockOutlined /> : null} {t(`deals.status.${deal.status}`)}
          </Tag>
        </Space>
        {canEdit && !editing ? (
          <Space>
            <Button onClick={() => (form.setFieldsValue(initialValues(deal, items)), setEditing(true))} data-testid="deal-edit">
              {t('deals.detail.edit')}
            </Button>
            <Button type="primary" onClick={() => setClosing(true)} data-testid="deal-close">
              {t('deals.detail.close')}
            </Button>
            {session.can('deals.delete') ? (
              <Popconfirm title={t('deals.detail.deleteConfirm')} onConfirm={() => void remove()} okText={t('form.ok')} cancelText={t('form.cancel')}>
                <Button danger data-testid="deal-delete">
                  {t('deals.detail.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null}
      </Space>

      {locked ? (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          style={{ marginBottom: 16 }}
          data-testid="deal-locked-banner"
          title={t('deals.detail.lockedTitle', { result: t(`deals.status.${deal.status}`) })}
          description={
            <>
              {t('deals.detail.lockedBody', { date: formatDate(deal.closedAt), user: deal.closedByName ?? '—' })}
              {session.can('deals.reopen') ? null : <div>{t('deals.detail.lockedNoPermission')}</div>}
            </>
          }
          action={
            session.can('deals.reopen') ? (
              <Button danger onClick={() => setReopening(true)} data-testid="deal-reopen">
                {t('deals.detail.reopen')}
              </Button>
            ) : undefined
          }
        />
      ) : null}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={current}
          status={deal.status === 'lost' ? 'error' : deal.status === 'won' ? 'finish' : 'process'}
          onChange={canEdit ? (i) => void moveTo(stepsStages[i].id) : undefined}
          data-testid="deal-steps"
          items={stepsStages.map((s, i) => ({
            title: <span data-testid={`step-${s.name}`}>{shipped('stage', s.name)}</span>,
            // a closed deal: the open stages after the one it was closed from were never reached (review,
            // session 17: a deal lost at 需求确认 showed 方案报价 and 谈判签约 as done)
            ...(locked && reachedUpTo >= 0 && i > reachedUpTo && i < stepsStages.length - 1 ? { status: 'wait' as const } : {}),
          }))}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={editing ? 17 : 15}>
          {editing ? (
            <Card
              title={t('deals.detail.edit')}
              extra={
                <Space>
                  <Button onClick={() => setEditing(false)}>{t('deals.detail.cancel')}</Button>
                  <Button type="primary" onClick={() => void save()} data-testid="deal-save">
                    {t('deals.detail.save')}
                  </Button>
                </Space>
              }
            >
              <Form form={form} layout="vertical" initialValues={initialValues(deal, items)}>
                <DealFormFields form={form} mode="edit" customerName={deal.customerName} />
              </Form>
            </Card>
          ) : (
            <>
              <Card style={{ marginBottom: 16 }}>
                <Descriptions column={2} size="small" data-testid="deal-fields">
                  <Descriptions.Item label={t('deals.fields.customer')}>
                    <Link to={`/customers/${deal.customerId}`} data-testid="deal-customer-link">{deal.customerName}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.amount')}>
                    <strong data-testid="deal-amount-view">{formatMoneyFen(deal.amountFen)}</strong>
                    {deal.amountSource === 'items' ? <Typography.Text type="secondary"> （{t('deals.fields.amountItems')}）</Typography.Text> : null}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.stage')}>{shipped('stage', deal.stageName)}</Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.probability')}>{deal.probability}%</Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.expectedCloseDate')}>{formatDate(deal.expectedCloseDate) || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.owner')}>{deal.ownerName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.source')}>{deal.source ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('deals.fields.updatedAt')}>{formatDateTime(deal.updatedAt)}</Descriptions.Item>
                  {deal.status !== 'open' ? <Descriptions.Item label={t('deals.fields.closedAt')}>{formatDate(deal.closedAt)}</Descriptions.Item> : null}
                  {deal.lossReasonName ? <Descriptions.Item label={t('deals.fields.lossReason')}>{shipped('lossReason', deal.lossReasonName)}</Descriptions.Item> : null}
                  {deal.closeReason && deal.closeReason !== deal.lossReasonName ? (
                    <Descriptions.Item label={t('deals.fields.closeReason')}>{deal.closeReason}</Descriptions.Item>
                  ) : null}
                  {deal.notes ? (
                    <Descriptions.Item label={t('deals.fields.notes')} span={2}>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{deal.notes}</span>
                    </Descriptions.Item>
                  ) : null}
                </Descriptions>
                <CustomFieldValues entity="deal" values={deal.custom} column={{ xs: 1, md: 2 }} />
              </Card>
              <Card title={t('deals.items.title')} size="small" style={{ marginBottom: 16 }}>
                <ItemsEditor value={draftsFromItems(items)} readOnly />
              </Card>
              <Card title={t('deals.fields.contractTerms')} size="small" style={{ marginBottom: 16 }}>
                <div style={{ whiteSpace: 'pre-wrap' }} data-testid="deal-terms-view">
                  {deal.contractTerms ?? <Typography.Text type="secondary">{t('deals.detail.noTerms')}</Typography.Text>}
                </div>
              </Card>
              {session.can('followUps.view') ? (
                <Card title={t('deals.detail.followUps')} size="small" style={{ marginBottom: 16 }} data-testid="deal-follow-ups">
                  <FollowUpTimeline dealId={deal.id} customer={{ id: deal.customerId, name: deal.customerName ?? '' }} pageSize={10} />
                </Card>
              ) : null}
            </>
          )}
        </Col>
        <Col xs={24} xl={editing ? 7 : 9}>
          <Card size="small">
            <DealHistory detail={q.data} />
          </Card>
        </Col>
      </Row>

      <CloseDealDialog deal={closing ? deal : null} onClose={() => setClosing(false)} />
      <ReopenDialog dealId={deal.id} previousStage={previousStage} open={reopening} onClose={() => setReopening(false)} />
    </div>
  );
}
