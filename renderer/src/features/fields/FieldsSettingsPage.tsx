// 设置 › 自定义字段与表单 (route '/settings/fields', settings.manage): per entity, the field list (add,
// edit, retire/restore, delete for good with typed confirmation) and the form editor.
import { useState } from 'react';
import { App, Button, Card, Input, Segmented, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { FIELD_ENTITIES, type CustomField, type FieldEntity } from '@contract/fields';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { FieldDialog } from './FieldDialog';
import { FormEditor } from './FormEditor';
import { fieldLabel, useFieldDefs, useInvalidateFields } from './hooks';

export function FieldsSettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [entity, setEntity] = useState<FieldEntity>('customer');
  return (
    <div data-testid="fields-settings" style={{ padding: 16 }}>
      <Space style={{ marginBottom: 16 }} align="center">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/settings')}>
          {t('customFields.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customFields.title')}
        </Typography.Title>
      </Space>
      <div style={{ marginBottom: 16 }}>
        <Segmented
          value={entity}
          onChange={(v) => setEntity(v as FieldEntity)}
          options={FIELD_ENTITIES.map((e) => ({ value: e, label: <span data-testid={`fields-entity-${e}`}>{t(`customFields.entities.${e}`)}</span> }))}
        />
      </div>
      <Tabs
        items={[
          { key: 'fields', label: <span data-testid="fields-tab-fields">{t('customFields.tabs.fields')}</span>, children: <FieldList entity={entity} /> },
          { key: 'form', label: <span data-testid="fields-tab-form">{t('customFields.tabs.form')}</span>, children: <FormEditor key={entity} entity={entity} /> },
        ]}
      />
    </div>
  );
}

function FieldList({ entity }: { entity: FieldEntity }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const defs = useFieldDefs(entity);
  const invalidate = useInvalidateFields();
  const [showRetired, setShowRetired] = useState(true);
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [open, setOpen] = useState(false);
  const rows = (defs.data ?? []).filter((f) => showRetired || !f.retiredAt);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      invalidate(entity);
    } catch (e) {
      showApiError(e);
    }
  };
  // the field order (fields:reorder) is the order of list columns, filters and unplaced form fields
  const moveField = (f: CustomField, d: -1 | 1) => {
    const ids = (defs.data ?? []).map((x) => x.id);
    const i = ids.indexOf(f.id);
    const j = i + d;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    void act(() => invoke('fields:reorder', { entity, ids }));
  };
  const retire = (f: CustomField) =>
    modal.confirm({
      title: t('customFields.retireConfirm', { label: fieldLabel(f) }),
      content: t('customFields.retireBody'),
      okButtonProps: { 'data-testid': 'retire-confirm' } as Record<string, string>,
      onOk: () => act(() => invoke('fields:retire', { id: f.id })),
    });
  const remove = (f: CustomField) => {
    let typed = '';
    modal.confirm({
      title: t('customFields.deleteTitle', { label: fieldLabel(f) }),
      content: (
        <div>
          <p>{t('customFields.deleteBody', { label: fieldLabel(f), key: f.key })}</p>
          <Input onChange={(e) => (typed = e.target.value)} placeholder={f.key} data-testid="delete-confirm-key" />
        </div>
      ),
      okType: 'danger',
      okButtonProps: { 'data-testid': 'delete-confirm' } as Record<string, string>,
      onOk: async () => {
        try {
          const r = await invoke('fields:delete', { id: f.id, confirmKey: typed.trim() });
          invalidate(entity);
          void message.success(t('customFields.deleted', { n: r.values }));
        } catch (e) {
          showApiError(e);
          throw e; // keep the dialog open
        }
      },
    });
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <Switch size="small" checked={showRetired} onChange={setShowRetired} /> {t('customFields.showRetired')}
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => (setEditing(null), setOpen(true))} data-testid="field-add">
          {t('customFields.add')}
        </Button>
      }
    >
      <Table<CustomField>
        rowKey="id"
        size="small"
        loading={defs.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('customFields.empty') }}
        data-testid="fields-table"
        onRow={(f) => ({ 'data-testid': `field-row-${f.key}`, style: f.retiredAt ? { opacity: 0.55 } : undefined }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('customFields.cols.label'), render: (_v, f) => <span data-testid={`field-label-${f.key}`}>{fieldLabel(f)}</span> },
          { title: t('customFields.cols.key'), dataIndex: 'key', width: 90, render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('customFields.cols.type'), width: 110, render: (_v, f) => t(`customFields.types.${f.type}`) },
          {
            title: t('customFields.cols.flags'),
            width: 170,
            render: (_v, f) => (
              <>
                {f.required && <Tag color="red">{t('customFields.required')}</Tag>}
                {f.unique && <Tag color="purple">{t('customFields.unique')}</Tag>}
                {f.hidden && <Tag>{t('customFields.hidden')}</Tag>}
                {f.retiredAt && <Tag color="default" data-testid={`field-retired-${f.key}`}>{t('customFields.retired')}</Tag>}
              </>
            ),
          },
          { title: t('customFields.cols.options'), render: (_v, f) => f.options.map((o) => <Tag key={o}>{o}</Tag>) },
          {
            title: t('customFields.cols.actions'),
            width: 280,
            render: (_v, f) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('customFields.form.up')} disabled={defs.data?.[0]?.id === f.id} onClick={() => moveField(f, -1)} data-testid={`field-up-${f.key}`} />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('customFields.form.down')} disabled={defs.data?.[defs.data.length - 1]?.id === f.id} onClick={() => moveField(f, 1)} data-testid={`field-down-${f.key}`} />
                {!f.retiredAt && (
                  <Button type="link" size="small" onClick={() => (setEditing(f), setOpen(true))} data-testid={`field-edit-${f.key}`}>
                    {t('customFields.edit')}
                  </Button>
                )}
                {f.retiredAt ? (
                  <Button type="link" size="small" onClick={() => void act(() => invoke('fields:restore', { id: f.id }))} data-testid={`field-restore-${f.key}`}>
                    {t('customFields.restore')}
                  </Button>
                ) : (
                  <Button type="link" size="small" onClick={() => retire(f)} data-testid={`field-retire-${f.key}`}>
                    {t('customFields.retire')}
                  </Button>
                )}
                <Button type="link" size="small" danger onClick={() => remove(f)} data-testid={`field-delete-${f.key}`}>
                  {t('customFields.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FieldDialog entity={entity} field={editing} open={open} onClose={() => setOpen(false)} onSaved={() => invalidate(entity)} />
    </Card>
  );
}
