// Add / edit one custom field: labels (zh/en), type (fixed after creation), options editor for selects,
// required / unique / hidden, default value (the field's own input) and help text.
import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, type CustomField, type FieldEntity, type FieldType } from '@contract/fields';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { CustomFieldInput } from './CustomFieldInputs';

const UNIQUE_TYPES: FieldType[] = ['text', 'number', 'money', 'date', 'datetime', 'phone', 'email', 'url'];
const isSelect = (t: FieldType) => t === 'singleSelect' || t === 'multiSelect';

interface Values {
  labelZh: string;
  labelEn?: string;
  type: FieldType;
  required?: boolean;
  unique?: boolean;
  hidden?: boolean;
  help?: string;
  custom?: Record<string, unknown>;
}

export function FieldDialog({ entity, field, open, onClose, onSaved }: { entity: FieldEntity; field: CustomField | null; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [options, setOptions] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const type = (Form.useWatch('type', form) as FieldType | undefined) ?? field?.type ?? 'text';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      field
        ? { labelZh: field.label.zh, labelEn: field.label.en === field.label.zh ? '' : field.label.en, type: field.type, required: field.required, unique: field.unique, hidden: field.hidden, help: field.help ?? '', custom: { __default: field.default } }
        : { type: 'text', required: false, unique: false, hidden: false, custom: { __default: null } },
    );
    setOptions(field?.options ?? []);
    setDraft('');
  }, [open, field, form]);

  const addOption = () => {
    const o = draft.trim();
    if (o && !options.includes(o)) setOptions([...options, o]);
    setDraft('');
  };

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (isSelect(v.type ?? type) && !options.length) {
      void message.error(t('customFields.dialog.optionsRequired'));
      return;
    }
    const all = form.getFieldsValue(true) as Values;
    const def = all.custom?.__default;
    setSaving(true);
    try {
      const common = {
        label: { zh: v.labelZh.trim(), en: v.labelEn?.trim() || undefined },
        required: !!v.required,
        unique: UNIQUE_TYPES.includes(type) ? !!v.unique : false,
        hidden: !!v.hidden,
        help: v.help?.trim() || null,
        default: def === undefined ? null : def,
        ...(isSelect(type) ? { options } : {}),
      };
      if (field) await invoke('fields:update', { id: field.id, ...common });
      else await invoke('fields:create', { entity, type, ...common });
      void message.success(t('customFields.saved'));
      onSaved();
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const preview: CustomField = {
    id: 0, entity, key: '__default', label: { zh: t('customFields.dialog.default'), en: t('customFields.dialog.default') }, type, options,
    required: false, unique: false, default: null, help: null, position: 0, hidden: false, retiredAt: null,
  };
  return (
    <Modal
      open={open}
      title={field ? t('customFields.dialog.editTitle', { label: field.label.zh }) : t('customFields.dialog.createTitle')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('customFields.dialog.save')}
      cancelText={t('customFields.dialog.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'field-dialog-save' } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" data-testid="field-dialog">
        <Space.Compact block style={{ gap: 12 }}>
          <Form.Item name="labelZh" label={t('customFields.dialog.labelZh')} rules={[{ required: true, whitespace: true, message: t('customFields.dialog.labelRequired') }]} style={{ flex: 1 }}>
            <Input maxLength={60} data-testid="field-label-zh" />
          </Form.Item>
          <Form.Item name="labelEn" label={t('customFields.dialog.labelEn')} style={{ flex: 1 }}>
            <Input maxLength={60} data-testid="field-label-en" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="type" label={t('customFields.dialog.type')} extra={field ? t('customFields.dialog.typeFixed') : undefined}>
          <Select disabled={!!field} options={FIELD_TYPES.map((x) => ({ value: x, label: t(`customFields.types.${x}`) }))} data-testid="field-type" />
        </Form.Item>
        {isSelect(type) && (
          <Form.Item label={t('customFields.dialog.options')} required>
            <div data-testid="field-options">
              <div style={{ marginBottom: 8 }}>
                {options.map((o) => (
                  <Tag key={o} closable onClose={() => setOptions(options.filter((x) => x !== o))} data-testid={`field-option-${o}`}>
                    {o}
                  </Tag>
                ))}
              </div>
              <Space.Compact style={{ width: '100%' }}>
                <Input value={draft} onChange={(e) => setDraft(e.target.value)} onPressEnter={(e) => (e.preventDefault(), addOption())} placeholder={t('customFields.dialog.optionPlaceholder')} maxLength={100} data-testid="field-option-input" />
                <Button icon={<PlusOutlined />} onClick={addOption} data-testid="field-option-add">
                  {t('customFields.dialog.addOption')}
                </Button>
              </Space.Compact>
            </div>
          </Form.Item>
        )}
        <Space wrap size={24}>
          <Form.Item name="required" valuePropName="checked" noStyle>
            <Checkbox data-testid="field-required">{t('customFields.dialog.required')}</Checkbox>
          </Form.Item>
          {UNIQUE_TYPES.includes(type) && (
            <Form.Item name="unique" valuePropName="checked" noStyle>
              <Checkbox data-testid="field-unique">{t('customFields.dialog.unique')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="hidden" valuePropName="checked" noStyle>
            <Checkbox data-testid="field-hidden">{t('customFields.dialog.hidden')}</Checkbox>
          </Form.Item>
        </Space>
        <div style={{ marginTop: 16 }}>
          <CustomFieldInput field={preview} />
        </div>
        <Form.Item name="help" label={t('customFields.dialog.help')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="field-help" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
