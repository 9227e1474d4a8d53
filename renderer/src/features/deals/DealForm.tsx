// The deal form (create dialog and the detail page's edit mode): fields, line items, contract terms.
import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Deal, DealItem } from '@contract/deals';
import { CustomFieldInputs, customPatch } from '../fields/CustomFieldInputs';
import { CustomerPicker } from './CustomerPicker';
import { MoneyInput, validFen } from './MoneyInput';
import { draftsFromItems, draftsTotalFen, itemsFromDrafts, itemsProblem, ItemsEditor, type ItemDraft } from './ItemsEditor';
import { useDealOptions } from './model';
import { useShippedLabel } from '../../lib/shippedLabel';

export interface DealFormValues {
  name: string;
  customerId?: number;
  stageId?: number;
  amountSource: 'manual' | 'items';
  amountFen: number | null;
  expectedCloseDate: Dayjs | null;
  probability: number | null;
  ownerId: number | null;
  source: string;
  contractTerms: string;
  notes: string;
  items: ItemDraft[];
  /** custom field values in the API shape (see fields/CustomFieldInputs) */
  custom?: Record<string, unknown>;
}

export function initialValues(deal?: Deal, items: DealItem[] = [], defaults: Partial<DealFormValues> = {}): DealFormValues {
  return {
    name: deal?.name ?? '',
    customerId: deal?.customerId,
    stageId: deal?.stageId,
    amountSource: deal?.amountSource ?? 'manual',
    amountFen: deal?.amountFen ?? null,
    expectedCloseDate: deal?.expectedCloseDate ? dayjs(deal.expectedCloseDate) : null,
    probability: deal ? (deal.probabilityOverridden ? deal.probability : null) : null,
    ownerId: deal?.ownerId ?? null,
    source: deal?.source ?? '',
    contractTerms: deal?.contractTerms ?? '',
    notes: deal?.notes ?? '',
    items: draftsFromItems(items),
    custom: { ...(deal?.custom ?? {}) },
    ...defaults,
  };
}

/**
 * The API input from the form values (shared by create and update). Null when the items are not valid.
 * With `base` (an update) only the custom values that differ from the deal's are sent.
 */
export function payloadFrom(v: DealFormValues, base?: Deal) {
  const items = itemsFromDrafts(v.items ?? []);
  if (!items) return null;
  const custom = base ? customPatch(v.custom, base) : v.custom && Object.keys(v.custom).length ? v.custom : undefined;
  return {
    name: v.name,
    customerId: v.customerId!,
    amountSource: v.amountSource,
    ...(v.amountSource === 'manual' ? { amountFen: v.amountFen ?? 0 } : {}),
    expectedCloseDate: v.expectedCloseDate ? v.expectedCloseDate.format('YYYY-MM-DD') : null,
    probability: v.probability ?? null,
    ownerId: v.ownerId,
    source: v.source || null,
    contractTerms: v.contractTerms || null,
    notes: v.notes || null,
    items,
    ...(custom ? { custom } : {}),
  };
}

export function DealFormFields({ form, mode, customerName }: { form: FormInstance<DealFormValues>; mode: 'create' | 'edit'; customerName?: string | null }) {
  const { t } = useTranslation();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const amountSource = Form.useWatch('amountSource', form);
  const items = Form.useWatch('items', form) as ItemDraft[] | undefined;
  // preserve: in edit mode stageId is a value without a field (stages move on the detail page)
  const stageId = Form.useWatch('stageId', { form, preserve: true }) as number | undefined;
  const stages = options.data?.stages ?? [];
  const stageDefault = stages.find((s) => s.id === stageId)?.probability ?? stages.find((s) => s.kind === 'open')?.probability ?? 0;
  const itemsSum = draftsTotalFen(items ?? []);
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="name" label={t('deals.fields.name')} rules={[req(t('deals.fields.name')), { whitespace: true, message: t('form.required', { field: t('deals.fields.name') }) }]}>
            <Input maxLength={200} data-testid="deal-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="customerId" label={t('deals.fields.customer')} rules={[req(t('deals.fields.customer'))]}>
            <CustomerPicker initialName={customerName} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        {mode === 'create' ? (
          <Col span={8}>
            <Form.Item name="stageId" label={t('deals.fields.stage')}>
              <Select
                data-testid="deal-stage"
                options={stages.filter((s) => s.kind === 'open').map((s) => ({ value: s.id, label: t('withNote', { text: shipped('stage', s.name), note: `${s.probability}%` }) }))}
              />
            </Form.Item>
          </Col>
        ) : null}
        <Col span={mode === 'create' ? 8 : 12}>
          <Form.Item name="expectedCloseDate" label={t('deals.fields.expectedCloseDate')}>
            <DatePicker style={{ width: '100%' }} data-testid="deal-expected" />
          </Form.Item>
        </Col>
        <Col span={mode === 'create' ? 8 : 12}>
          <Form.Item name="probability" label={t('deals.fields.probability')} extra={t('deals.fields.probabilityHint', { p: stageDefault })}>
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} placeholder={String(stageDefault)} data-testid="deal-probability" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="amountSource" label={t('deals.fields.amountSource')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'manual', label: t('deals.fields.amountManual') },
                { value: 'items', label: t('deals.fields.amountItems') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          {amountSource === 'items' ? (
            <Form.Item label={t('deals.fields.amount')}>
              <MoneyInput value={itemsSum} disabled data-testid="deal-amount" />
            </Form.Item>
          ) : (
            <Form.Item name="amountFen" label={t('deals.fields.amount')} rules={[validFen(t('deals.close.amountInvalid'))]}>
              <MoneyInput data-testid="deal-amount" />
            </Form.Item>
          )}
        </Col>
        <Col span={8}>
          <Form.Item name="ownerId" label={t('deals.fields.owner')}>
            <Select
              data-testid="deal-owner"
              options={(options.data?.owners ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.displayName }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {/* custom fields (issue 13) in the sections of the deal form layout (设置 › 自定义字段与表单) */}
      <CustomFieldInputs entity="deal" />
      <Form.Item
        name="items"
        label={t('deals.items.title')}
        // a line that cannot be saved is named here (row and what is missing) instead of a save that does nothing
        rules={[
          {
            validator: (_r, v: ItemDraft[] | undefined) => {
              const p = itemsProblem(v ?? []);
              return p ? Promise.reject(new Error(t(`deals.items.errors.${p.key}`, { row: p.row }))) : Promise.resolve();
            },
          },
        ]}
      >
        <ItemsEditor />
      </Form.Item>
      <Form.Item name="contractTerms" label={t('deals.fields.contractTerms')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} data-testid="deal-terms" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="source" label={t('deals.fields.source')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="notes" label={t('deals.fields.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={20000} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
