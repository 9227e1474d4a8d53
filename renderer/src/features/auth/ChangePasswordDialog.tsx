import { Form, Input, Modal, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const submit = async () => {
    // a field the rules refuse shows its message on the form; nothing to do here (no unhandled rejection)
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await invoke('auth:changePassword', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      void message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (e) {
      showApiError(e, form);
    }
  };
  return (
    <Modal open={open} title={t('header.changePassword')} onOk={submit} onCancel={onClose} okText={t('form.save')} cancelText={t('form.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="oldPassword" label={t('fields.oldPassword')} rules={[{ required: true, message: t('form.required', { field: t('fields.oldPassword') }) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('fields.newPassword')} rules={[{ required: true, message: t('form.required', { field: t('fields.newPassword') }) }, { min: 8, message: t('form.passwordTooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('fields.confirmPassword')}
          dependencies={['newPassword']}
          rules={[({ getFieldValue }) => ({ validator: (_r, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('form.passwordMismatch')))) })]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
