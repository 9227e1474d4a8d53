// "新建商机": the deal form in a dialog; opens the new deal's page when saved.
import type { ButtonProps } from 'antd';
import { Form, Modal, message } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { DealFormFields, initialValues, payloadFrom, type DealFormValues } from './DealForm';
import { useDealOptions, useInvalidateDeals } from './model';
import { customInitialValues, setCustomFieldErrors } from '../fields/CustomFieldInputs';
import { useFieldDefs } from '../fields/hooks';

export function CreateDealDialog({ open, onClose, onCreated, stageId }: { open: boolean; onClose(): void; onCreated(id: number): void; stageId?: number }) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<DealFormValues>();
  const options = useDealOptions();
  const invalidate = useInvalidateDeals();
  const firstOpen = options.data?.stages.find((s) => s.kind === 'open')?.id;
  const fieldDefs = useFieldDefs('deal').data;
  // custom field defaults show in the form once the definitions are here (untouched fields only)
  useEffect(() => {
    if (!open || !fieldDefs) return;
    const defaults = customInitialValues(fieldDefs, null);
    const untouched = Object.fromEntries(Object.entries(defaults).filter(([k, v]) => v !== null && !form.isFieldTouched(['custom', k])));
    if (Object.keys(untouched).length) form.setFieldsValue({ custom: untouched });
  }, [open, fieldDefs, form]);

  const submit = async () => {
    // a field the rules refuse shows its message on the form; nothing to do here (no unhandled rejection)
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const payload = payloadFrom(v);
    if (!payload) return void message.error(t('deals.items.title'));
    try {
      const deal = await invoke('deals:create', { ...payload, stageId: v.stageId });
      void invalidate();
      void message.success(t('deals.detail.saved'));
      form.resetFields();
      onCreated(deal.id);
    } catch (e) {
      if (e instanceof ApiError) setCustomFieldErrors(form, e.fieldErrors);
      showApiError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t('deals.new')}
      width={860}
      onOk={submit}
      onCancel={onClose}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'deal-create-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues(undefined, [], { ownerId: session.user?.id ?? null, stageId: stageId ?? firstOpen })}>
        <DealFormFields form={form} mode="create" />
      </Form>
    </Modal>
  );
}
