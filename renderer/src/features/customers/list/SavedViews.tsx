// Saved views (视图): a named search + filter + columns + sort, stored per user in main (views:*).
import { useState } from 'react';
import { App, Button, Dropdown, Form, Input, Modal, Typography } from 'antd';
import { DeleteOutlined, DownOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import type { CustomerFilter, CustomerSort, SavedView } from '../model/types';
import { useSavedViews } from './hooks';

interface Props {
  current: { query: string; filter: CustomerFilter; columns: string[]; sort: CustomerSort | null };
  activeName: string | null;
  onPick(view: SavedView | null): void;
}

export function SavedViews({ current, activeName, onPick }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { views, reload } = useSavedViews();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const save = async ({ name }: { name: string }) => {
    setBusy(true);
    try {
      const v = await invoke('views:save', { name, query: current.query || null, filter: current.filter, columns: current.columns, sort: current.sort });
      await reload();
      void message.success(t('customers.views.saved', { name: v.name }));
      setSaving(false);
      onPick(v);
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const remove = (v: SavedView) =>
    modal.confirm({
      title: t('customers.views.deleteConfirm', { name: v.name }),
      okButtonProps: { danger: true, 'data-testid': 'view-delete-ok' },
      onOk: async () => {
        try {
          await invoke('views:delete', { id: v.id });
          await reload();
          if (activeName === v.name) onPick(null);
          void message.success(t('customers.views.deleted', { name: v.name }));
        } catch (e) {
          showApiError(e);
        }
      },
    });

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: '__all', label: <span data-testid="view-all">{t('customers.views.all')}</span>, onClick: () => onPick(null) },
            { type: 'divider' },
            ...(views.length
              ? views.map((v) => ({
                  key: String(v.id),
                  label: (
                    <span className="cust-view-item" data-testid={`view-${v.name}`}>
                      <span>{v.name}</span>
                      <DeleteOutlined
                        className="cust-view-delete"
                        data-testid={`view-delete-${v.name}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          remove(v);
                        }}
                      />
                    </span>
                  ),
                  onClick: () => onPick(v),
                }))
              : [{ key: '__none', disabled: true, label: <Typography.Text type="secondary">{t('customers.views.none')}</Typography.Text> }]),
            { type: 'divider' },
            {
              key: '__save',
              icon: <SaveOutlined />,
              label: <span data-testid="view-save">{t('customers.views.save')}</span>,
              onClick: () => {
                form.setFieldsValue({ name: activeName ?? '' });
                setSaving(true);
              },
            },
          ],
        }}
      >
        <Button data-testid="views-menu">
          {activeName ?? t('customers.views.all')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={saving}
        title={t('customers.views.saveTitle')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'view-save-ok' }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('customers.views.saveHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('customers.views.name')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('customers.views.name') }) }]}>
            <Input maxLength={50} autoFocus data-testid="view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
