// Form items for custom fields, used inside an antd <Form> (customers' create/edit drawer, the form
// editor's preview). Values live in the form under ['custom', key] in the API shape (dates as
// 'YYYY-MM-DD' strings, money as integer fen): getValueProps/normalize convert for the widgets, so
// the caller sends form.getFieldValue('custom') as is. Main validates again and answers `custom.<key>` errors.
import { Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomField, FieldEntity } from '@contract/fields';
import { fieldLabel, useFormSections } from './hooks';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function rulesFor(f: CustomField, t: (k: string) => string): Rule[] {
  const rules: Rule[] = [];
  if (f.required) rules.push({ required: true, message: t('customFields.validation.required') });
  if (f.type === 'email') rules.push({ validator: (_r, v?: string) => (!v || EMAIL.test(v) ? Promise.resolve() : Promise.reject(new Error(t('customFields.validation.email')))) });
  if (f.type === 'url') rules.push({ validator: (_r, v?: string) => (!v || /^(https?:\/\/|www\.)\S+\.\S+/i.test(v) ? Promise.resolve() : Promise.reject(new Error(t('customFields.validation.url')))) });
  return rules;
}

/** One custom field as a Form.Item (name ['custom', key]). */
export function CustomFieldInput({ field: f, disabled, onUniqueBlur }: { field: CustomField; disabled?: boolean; onUniqueBlur?: () => void }) {
  const { t } = useTranslation();
  // unique fields take part in the duplicate check (查重) when the user leaves them
  const onBlur = f.unique ? onUniqueBlur : undefined;
  const common = { name: ['custom', f.key], label: fieldLabel(f), tooltip: f.help || undefined, rules: rulesFor(f, t) };
  const tid = `custom-input-${f.key}`;
  switch (f.type) {
    case 'longText':
      return (
        <Form.Item {...common}>
          <Input.TextArea rows={3} maxLength={20000} disabled={disabled} data-testid={tid} />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} disabled={disabled} onBlur={onBlur} data-testid={tid} />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item
          {...common}
          getValueProps={(v: number | null) => ({ value: v === null || v === undefined ? null : v / 100 })}
          normalize={(v: number | null) => (v === null || v === undefined ? null : Math.round(v * 100))}
        >
          <InputNumber style={{ width: '100%' }} prefix="¥" precision={2} disabled={disabled} onBlur={onBlur} data-testid={tid} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common} getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })} normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null)}>
          <DatePicker style={{ width: '100%' }} disabled={disabled} data-testid={tid} />
        </Form.Item>
      );
    case 'datetime':
      return (
        <Form.Item {...common} getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })} normalize={(d: Dayjs | null) => (d ? d.toISOString() : null)}>
          <DatePicker showTime style={{ width: '100%' }} disabled={disabled} data-testid={tid} />
        </Form.Item>
      );
    case 'singleSelect':
    case 'multiSelect':
      return (
        <Form.Item {...common}>
          <Select
            allowClear
            mode={f.type === 'multiSelect' ? 'multiple' : undefined}
            options={f.options.map((o) => ({ value: o, label: o }))}
            disabled={disabled}
            data-testid={tid}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch checkedChildren={t('customFields.yes')} unCheckedChildren={t('customFields.no')} disabled={disabled} data-testid={tid} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input maxLength={f.type === 'text' ? 500 : 2000} disabled={disabled} onBlur={onBlur} data-testid={tid} />
        </Form.Item>
      );
  }
}

/** Custom fields grouped in the sections of the entity's form layout (hidden fields left out). */
export function CustomFieldInputs({
  entity,
  sections: given,
  disabled,
  onUniqueBlur,
}: {
  entity: FieldEntity;
  sections?: { id: string; title: string; fields: CustomField[] }[];
  disabled?: boolean;
  /** called when the user leaves a unique field (the customer form runs its duplicate check) */
  onUniqueBlur?: () => void;
}) {
  const fromLayout = useFormSections(entity);
  const sections = (given ?? fromLayout).map((s) => ({ ...s, fields: s.fields.filter((f) => !f.hidden) })).filter((s) => s.fields.length);
  if (!sections.length) return null;
  return (
    <div data-testid="custom-field-inputs">
      {sections.map((s) => (
        <div key={s.id} data-testid={`custom-section-${s.id}`}>
          <Divider titlePlacement="start" plain className="cust-form-section">
            {s.title}
          </Divider>
          <Row gutter={16}>
            {s.fields.map((f) => (
              <Col key={f.key} xs={24} md={f.type === 'longText' ? 24 : 12}>
                <CustomFieldInput field={f} disabled={disabled} onUniqueBlur={onUniqueBlur} />
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </div>
  );
}

/** Initial form values of the custom fields: the record's values, or the defaults for a new record. */
export function customInitialValues(defs: CustomField[] | undefined, record: { custom?: Record<string, unknown> } | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of defs ?? []) {
    if (f.retiredAt) continue;
    out[f.key] = record ? (record.custom?.[f.key] ?? null) : (f.default ?? null);
  }
  return out;
}

/** Only the custom values that differ from the record's (for an update patch); undefined when none. */
export function customPatch(values: Record<string, unknown> | undefined, base: { custom?: Record<string, unknown> } | null): Record<string, unknown> | undefined {
  if (!values) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const norm = (x: unknown) => JSON.stringify(x === undefined || x === '' || (Array.isArray(x) && !x.length) ? null : x);
    if (!base || norm(v) !== norm(base.custom?.[k])) out[k] = v === undefined ? null : v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Put main's `custom.<key>` field errors on their form items; returns the number placed. */
export function setCustomFieldErrors(form: { setFields(f: { name: (string | number)[]; errors: string[] }[]): void }, fieldErrors: Record<string, string>): number {
  const list = Object.entries(fieldErrors)
    .map(([k, msg]) => [k.replace(/^patch\./, ''), msg] as const)
    .filter(([k]) => k.startsWith('custom.'))
    .map(([k, msg]) => ({ name: ['custom', k.slice(7)], errors: [msg] }));
  if (list.length) form.setFields(list);
  return list.length;
}

