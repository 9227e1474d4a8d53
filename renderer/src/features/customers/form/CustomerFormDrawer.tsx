// 新建/编辑客户: validation as you go, duplicate check (查重), server field errors on their fields,
// the saved (normalized) values shown back, unsaved-changes guard, and stale-version CONFLICT handling.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Drawer, Form, Modal, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { useSession } from '../../../app/session';
import type { Customer, DuplicateResult } from '../model/types';
import { useCustomerOptions } from '../list/hooks';
import { CustomerFormFields } from './CustomerFormFields';
import { DuplicateList, blockingFields } from './DuplicateList';
import { ConflictDialog, changedBetween, type ConflictState } from './ConflictDialog';
import { useUnsavedGuard } from './useUnsavedGuard';
import { SERVER_FIELD_MAP, diffPatch, normalizedFields, toFields, toFormValues, type FormValues } from './formValues';
import { isValidEmail, isValidMobile } from './validation';
import { CustomFieldInputs, setCustomFieldErrors } from '../../fields/CustomFieldInputs';

interface Props {
  open: boolean;
  mode: 'create' | 'edit';
  customer?: Customer;
  onClose(): void;
  onSaved(c: Customer): void;
}

/** The custom values that are filled in (undefined when none): what the duplicate check gets. */
function filledCustom(custom: unknown): Record<string, unknown> | undefined {
  if (!custom || typeof custom !== 'object') return undefined;
  const out = Object.fromEntries(Object.entries(custom as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)));
  return Object.keys(out).length ? out : undefined;
}

export function CustomerFormDrawer({ open, mode, customer, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const options = useCustomerOptions();
  const [form] = Form.useForm<FormValues>();
  const [base, setBase] = useState<Customer | null>(customer ?? null);
  const [dirty, setDirtyState] = useState(false);
  // read synchronously by the navigation guard (a save navigates before React re-renders)
  const dirtyRef = useRef(false);
  const setDirty = useCallback((v: boolean) => {
    dirtyRef.current = v;
    setDirtyState(v);
  }, []);
  const [saving, setSaving] = useState(false);
  const [dup, setDup] = useState<DuplicateResult | null>(null);
  const [dupConfirm, setDupConfirm] = useState(false);
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const dupSeq = useRef(0);

  useEffect(() => {
    if (!open) return;
    const initial = toFormValues(customer ?? null);
    if (mode === 'create') initial.ownerId = session.user?.id ?? null;
    form.resetFields();
    form.setFieldsValue(initial);
    setBase(customer ?? null);
    setDirty(false);
    setDup(null);
    setConflict(null);
    // only when the drawer opens (a refetched `customer` must not wipe the user's edits)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const askDiscard = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        modal.confirm({
          title: t('customers.form.unsavedTitle'),
          content: t('customers.form.unsavedBody'),
          okText: t('customers.form.unsavedLeave'),
          cancelText: t('customers.form.unsavedStay'),
          okButtonProps: { danger: true, 'data-testid': 'unsaved-leave' },
          cancelButtonProps: { 'data-testid': 'unsaved-stay' },
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      }),
    [modal, t],
  );

  const leaveGuard = useCallback(async () => {
    const ok = await askDiscard();
    if (ok) {
      setDirty(false);
      onClose();
    }
    return ok;
  }, [askDiscard, onClose, setDirty]);
  useUnsavedGuard(open && dirty, leaveGuard, () => dirtyRef.current);

  const requestClose = async () => {
    if (!dirty || (await askDiscard())) {
      setDirty(false);
      onClose();
    }
  };

  /** Ask main for look-alikes of what is typed; only well-formed values are sent. */
  const findDuplicates = async (): Promise<DuplicateResult | null> => {
    const v = form.getFieldsValue(true) as FormValues;
    const input = {
      name: v.name?.trim() || undefined,
      company: v.company?.trim() || undefined,
      mobile: v.mobile && isValidMobile(v.mobile) ? v.mobile : undefined,
      email: v.email && isValidEmail(v.email) ? v.email : undefined,
      excludeId: base?.id,
      // custom values: main checks the unique custom fields among them (issue 13)
      custom: filledCustom(v.custom),
    };
    if (!input.name && !input.company && !input.mobile && !input.email && !input.custom) return null;
    const seq = ++dupSeq.current;
    const r = await invoke('customers:findDuplicates', input);
    if (seq !== dupSeq.current) return null;
    const found = r.matches.length ? r : null;
    setDup(found);
    return found;
  };
  const onDuplicateFieldBlur = () => void findDuplicates().catch(() => undefined);

  const save = async (allowDuplicate = false) => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows the messages next to the fields
    }
    values = { ...(form.getFieldsValue(true) as FormValues), ...values };
    setSaving(true);
    try {
      if (!allowDuplicate) {
        const found = await findDuplicates().catch(() => null);
        if (found) {
          if (blockingFields(found).length === 0) setDupConfirm(true);
          // blocked: bring the alert (top of the drawer) into view — a unique custom field may be far below
          else requestAnimationFrame(() => document.querySelector('[data-testid="duplicate-alert"]')?.scrollIntoView({ block: 'nearest' }));
          return;
        }
      }
      const fields = toFields(values);
      let saved: Customer;
      let sent: Partial<typeof fields>;
      if (mode === 'create') {
        sent = fields;
        saved = await invoke('customers:create', { ...fields, ownerId: values.ownerId ?? null, allowDuplicate: allowDuplicate || undefined });
      } else {
        sent = diffPatch(fields, base!);
        saved = Object.keys(sent).length ? await invoke('customers:update', { id: base!.id, version: base!.version, patch: sent, allowDuplicate: allowDuplicate || undefined }) : base!;
      }
      // show what was stored: phone numbers, e-mail, full-width characters come back normalized
      form.setFieldsValue(toFormValues(saved));
      setBase(saved);
      setDirty(false);
      setDup(null);
      const changed = normalizedFields(sent, saved);
      void message.success(mode === 'create' ? t('customers.form.created', { name: saved.name }) : t('customers.form.saved'));
      if (changed.length) void message.info(t('withNote', { text: t('customers.form.normalized'), note: changed.map((f) => t(`customers.fields.${f}`)).join(t('listSep')) }));
      onSaved(saved);
    } catch (e) {
      const current = e instanceof ApiError && e.code === 'CONFLICT' ? (e.details?.current as Customer | undefined) : undefined;
      const duplicates = e instanceof ApiError && e.code === 'CONFLICT' ? e.details?.duplicates : undefined;
      if (Array.isArray(duplicates)) {
        // main found a duplicate the pre-check did not (someone saved one meanwhile) or one the settings forbid
        const r = { matches: duplicates, blocking: (e as ApiError).details?.blocking ?? [] } as DuplicateResult;
        setDup(r);
        if (blockingFields(r).length) void message.error((e as Error).message);
        else setDupConfirm(true);
      } else if (current && base) {
        setConflict({
          current,
          changed: changedBetween(base, current, e instanceof ApiError ? e.details?.changedFields : undefined),
          mine: toFields(values),
          who: typeof (e as ApiError).details?.updatedByName === 'string' ? ((e as ApiError).details!.updatedByName as string) : undefined,
        });
      } else {
        if (e instanceof ApiError) setCustomFieldErrors(form, e.fieldErrors);
        showApiError(e, form, SERVER_FIELD_MAP);
      }
    } finally {
      setSaving(false);
    }
  };

  const title = mode === 'create' ? t('customers.form.createTitle') : t('customers.form.editTitle', { name: customer?.name ?? '' });
  return (
    <Drawer
      open={open}
      size={760}
      title={title}
      onClose={() => void requestClose()}
      maskClosable
      destroyOnHidden={false}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => void requestClose()} data-testid="form-cancel">
            {t('customers.form.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="form-save">
            {saving ? t('customers.form.saving') : t('customers.form.save')}
          </Button>
        </Space>
      }
    >
      <Spin spinning={saving} delay={300}>
        {dup && <DuplicateList result={dup} onOpen={(id) => navigate(`/customers/${id}`)} />}
        <Form form={form} layout="vertical" size="middle" onValuesChange={() => setDirty(true)} className="cust-form" scrollToFirstError data-testid="customer-form">
          <CustomerFormFields options={options.data} mode={mode} onDuplicateFieldBlur={onDuplicateFieldBlur} />
          <CustomFieldInputs entity="customer" onUniqueBlur={onDuplicateFieldBlur} />
        </Form>
      </Spin>
      <Modal
        open={dupConfirm}
        title={t('customers.duplicate.title')}
        onCancel={() => setDupConfirm(false)}
        okText={t('customers.duplicate.saveAnyway')}
        okButtonProps={{ 'data-testid': 'duplicate-save-anyway' }}
        onOk={() => {
          setDupConfirm(false);
          void save(true);
        }}
        data-testid="duplicate-confirm"
      >
        {dup && (
          <DuplicateList
            result={dup}
            onOpen={(id) => {
              setDupConfirm(false);
              navigate(`/customers/${id}`);
            }}
          />
        )}
      </Modal>
      <ConflictDialog
        state={conflict}
        onReload={() => {
          const current = conflict!.current;
          form.resetFields();
          form.setFieldsValue(toFormValues(current));
          setBase(current);
          setDirty(false);
          setConflict(null);
        }}
        onKeepMine={() => {
          // the next save is based on the version now stored, so it overwrites with the user's values
          setBase(conflict!.current);
          setDirty(true);
          setConflict(null);
        }}
      />
    </Drawer>
  );
}
