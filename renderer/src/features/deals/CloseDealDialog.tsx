// 结单: won asks for the final amount, the close date and whether the customer becomes 已成交;
import type { ButtonProps } from 'antd';
// lost asks for a reason from the editable list.
import { Checkbox, DatePicker, Form, Input, Modal, Radio, Select, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { MoneyInput, validFen } from './MoneyInput';
import { useDealOptions, useInvalidateDeals } from './model';
import { useShippedLabel } from '../../lib/shippedLabel';

export interface ClosingDeal {
  id: number;
  name: string;
  version: number;
  amountFen: number;
}

interface Values {
  result: 'won' | 'lost';
  amount: number | null;
  closedAt: Dayjs | null;
  setCustomerWon: boolean;
  lossReasonId?: number;
  reason: string;
}

export function CloseDealDialog({ deal, result, onClose, onClosed }: { deal: ClosingDeal | null; result?: 'won' | 'lost'; onClose(): void; onClosed?(): void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const invalidate = useInvalidateDeals();
  const chosen = Form.useWatch('result', form) ?? result ?? 'won';

  const submit = async () => {
    if (!deal) return;
    // a field the rules refuse shows its message on the form; nothing to do here (no unhandled rejection)
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await invoke('deals:close', {
        id: deal.id,
        version: deal.version,
        result: v.result,
        ...(v.result === 'won'
          ? { amount: v.amount ?? undefined, closedAt: v.closedAt?.format('YYYY-MM-DD'), setCustomerWon: v.setCustomerWon }
          : { lossReasonId: v.lossReasonId }),
        reason: v.reason?.trim() || undefined,
      });
      void message.success(t('deals.close.done'));
      void invalidate();
      onClosed?.();
      onClose();
    } catch (e) {
      showApiError(e, form, { closedAt: 'closedAt', amount: 'amount', lossReasonId: 'lossReasonId' });
    }
  };

  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  return (
    <Modal
      open={!!deal}
      title={deal ? t('deals.close.title', { name: deal.name }) : ''}
      onOk={submit}
      onCancel={onClose}
      okText={t('deals.close.ok')}
      cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'close-submit' } as ButtonProps}
      destroyOnHidden
      width={520}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="close-dialog"
        initialValues={{ result: result ?? 'won', amount: deal?.amountFen ?? null, closedAt: dayjs(), setCustomerWon: true, reason: '' }}
      >
        <Form.Item name="result" label={t('deals.close.result')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid="close-result"
            options={[
              { value: 'won', label: <span data-testid="close-result-won">{t('deals.close.won')}</span> },
              { value: 'lost', label: <span data-testid="close-result-lost">{t('deals.close.lost')}</span> },
            ]}
          />
        </Form.Item>
        {chosen === 'won' ? (
          <>
            <Form.Item name="amount" label={t('deals.close.amount')} rules={[req(t('deals.close.amount')), validFen(t('deals.close.amountInvalid'))]}>
              <MoneyInput data-testid="close-amount" />
            </Form.Item>
            <Form.Item name="closedAt" label={t('deals.close.date')} rules={[req(t('deals.close.date'))]}>
              <DatePicker style={{ width: '100%' }} maxDate={dayjs().endOf('day')} data-testid="close-date" />
            </Form.Item>
            {session.can('customers.edit') ? (
              <Form.Item name="setCustomerWon" valuePropName="checked">
                <Checkbox data-testid="close-mark-customer">{t('deals.close.markCustomer')}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : (
          <Form.Item name="lossReasonId" label={t('deals.close.reason')} rules={[req(t('deals.close.reason'))]}>
            <Select data-testid="close-loss-reason" options={(options.data?.lossReasons ?? []).map((r) => ({ value: r.id, label: shipped('lossReason', r.name) }))} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('deals.close.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="close-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
