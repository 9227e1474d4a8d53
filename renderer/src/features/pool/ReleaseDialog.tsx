// 放入公海: release customers with a reason. Mounted by the pool-aware places of the customer UI
// (detail page, list bulk bar) — props: ids, open, onClose, onDone.
import { Form, Input, Modal, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';

export interface ReleaseDialogProps {
  open: boolean;
  ids: number[];
  onClose(): void;
  onDone?(released: number): void;
}

export function ReleaseDialog({ open, ids, onClose, onDone }: ReleaseDialogProps) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string }) => {
    setBusy(true);
    try {
      const r = await invoke('pool:release', { ids, reason: v.reason });
      void message.success(t('pool.release.done', { count: r.released }));
      form.resetFields();
      onDone?.(r.released);
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  if (!session.can('pool.release')) return null;
  return (
    <Modal
      open={open}
      title={t('pool.release.title')}
      okText={t('pool.release.submit')}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'release-submit' } as Record<string, string>}
    >
      <p>{t('pool.release.intro', { count: ids.length })}</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('pool.release.reason')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('pool.release.reason') }) }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('pool.release.reasonPlaceholder')} data-testid="release-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
