// The fields of the create/edit form, grouped like a Chinese CRM form: 基本信息 / 联系方式 / 业务信息.
import { AutoComplete, Cascader, Col, DatePicker, Divider, Form, Input, Radio, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STATUSES, GENDERS } from '@contract/customers';
import type { CustomerOptions } from '../model/types';
import { checkBirthday, isValidEmail, isValidMobile, isValidPhone, toHalfWidth } from './validation';
import { POOL_OWNER } from '../filters/FiltersPanel';
import { shippedOptionNow } from '../../../lib/shippedLabel';

interface Props {
  options: CustomerOptions | undefined;
  mode: 'create' | 'edit';
  onDuplicateFieldBlur(): void;
}

export function CustomerFormFields({ options, mode, onDuplicateFieldBlur }: Props) {
  const { t } = useTranslation();
  const err = (k: string) => t(`customers.form.errors.${k}`);
  const check = (ok: (v: string) => boolean, key: string): Rule => ({
    validator: (_r, v: string | null | undefined) => (!v || ok(v) ? Promise.resolve() : Promise.reject(new Error(err(key)))),
  });
  const label = (f: string) => t(`customers.fields.${f}`);
  const half = { xs: 24, md: 12 };

  return (
    <>
      <Divider titlePlacement="start" plain className="cust-form-section">
        {t('customers.form.sectionBasic')}
      </Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item
            name="name"
            label={label('name')}
            required
            rules={[{ validator: (_r, v: string | undefined) => (v && toHalfWidth(v).trim() ? Promise.resolve() : Promise.reject(new Error(err('nameRequired')))) }]}
          >
            <Input maxLength={200} onBlur={onDuplicateFieldBlur} data-testid="field-name" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="kind" label={label('kind')}>
            <Radio.Group optionType="button" options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customers.kind.${k}`) }))} data-testid="field-kind" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="level" label={label('level')}>
            <Select allowClear options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: t(`customers.level.${l}`) }))} data-testid="field-level" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="status" label={label('status')}>
            <Select options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.status.${s}`) }))} data-testid="field-status" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="company" label={label('company')}>
            <Input maxLength={200} onBlur={onDuplicateFieldBlur} data-testid="field-company" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="industry" label={label('industry')}>
            <AutoComplete allowClear maxLength={100} options={(options?.industries ?? []).map((x) => shippedOptionNow('industry', x))} data-testid="field-industry" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="source" label={label('source')}>
            <AutoComplete allowClear maxLength={100} options={(options?.sources ?? []).map((x) => shippedOptionNow('source', x))} data-testid="field-source" />
          </Form.Item>
        </Col>
        {mode === 'create' ? (
          <Col {...half}>
            <Form.Item name="ownerId" label={label('owner')} getValueProps={(v: number | null) => ({ value: v === null ? POOL_OWNER : v })} normalize={(v: number | string) => (v === POOL_OWNER ? null : v)}>
              <Select options={[...(options?.owners ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.displayName })), { value: POOL_OWNER, label: t('customers.filter.ownerPool') }]} data-testid="field-owner" />
            </Form.Item>
          </Col>
        ) : null}
        <Col span={24}>
          <Form.Item name="tags" label={label('tags')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} options={(options?.tags ?? []).map((x) => ({ value: x, label: x }))} placeholder={t('customers.form.placeholders.tags')} data-testid="field-tags" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain className="cust-form-section">
        {t('customers.form.sectionContact')}
      </Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="contactName" label={label('contactName')}>
            <Input maxLength={100} data-testid="field-contactName" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="position" label={label('position')}>
            <Input maxLength={100} data-testid="field-position" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="mobile" label={label('mobile')} validateTrigger="onBlur" rules={[check(isValidMobile, 'mobile')]}>
            <Input maxLength={40} placeholder={t('customers.form.placeholders.mobile')} onBlur={onDuplicateFieldBlur} data-testid="field-mobile" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="phone" label={label('phone')} validateTrigger="onBlur" rules={[check(isValidPhone, 'phone')]}>
            <Input maxLength={40} placeholder={t('customers.form.placeholders.phone')} data-testid="field-phone" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="email" label={label('email')} validateTrigger="onBlur" rules={[check(isValidEmail, 'email')]}>
            <Input maxLength={200} placeholder={t('customers.form.placeholders.email')} onBlur={onDuplicateFieldBlur} data-testid="field-email" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="wechat" label={label('wechat')}>
            <Input maxLength={100} data-testid="field-wechat" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="gender" label={label('gender')}>
            <Select allowClear options={GENDERS.map((g) => ({ value: g, label: t(`customers.gender.${g}`) }))} data-testid="field-gender" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="birthday"
            label={label('birthday')}
            rules={[
              {
                validator: (_r, v: dayjs.Dayjs | null) => {
                  const r = checkBirthday(v ? v.format('YYYY-MM-DD') : null);
                  return r === 'ok' ? Promise.resolve() : Promise.reject(new Error(err(r === 'future' ? 'birthdayFuture' : 'birthdayFormat')));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} maxDate={dayjs().endOf('day')} data-testid="field-birthday" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="region" label={label('region')}>
            <Cascader changeOnSelect showSearch options={(options?.provinces ?? []).map((p) => ({ value: p.name, label: p.name, children: p.cities.map((c) => ({ value: c, label: c })) }))} data-testid="field-region" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="address" label={label('address')}>
            <Input maxLength={500} data-testid="field-address" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start" plain className="cust-form-section">
        {t('customers.form.sectionBusiness')}
      </Divider>
      <Form.Item name="notes" label={label('notes')}>
        <Input.TextArea rows={3} maxLength={20000} data-testid="field-notes" />
      </Form.Item>
    </>
  );
}
