// 撤销结单: only for users holding 'deals.reopen'; the reason is required and goes into the audit log.
import type { ButtonProps } from 'antd';
import { Form, Input, Modal, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useInvalidateDeals } from './model';

export function ReopenDialog({ dealId, previousStage, open, onClose }: { dealId: number; previousStage: string; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const invalidate = useInvalidateDeals();
  const submit = async () => {
    // a field the rules refuse shows its message on the form; nothing to do here (no unhandled rejection)
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await invoke('deals:reopen', { id: dealId, reason: v.reason });
      void message.success(t('deals.reopen.done'));
      void invalidate();
      onClose();
    } catch (e) {
      showApiError(e, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t('deals.reopen.title')}
      onOk={submit}
      onCancel={onClose}
      okText={t('deals.reopen.ok')}
      cancelText={t('form.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'reopen-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('deals.reopen.body', { stage: previousStage })}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('deals.reopen.reason')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('deals.reopen.reason') }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="reopen-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
