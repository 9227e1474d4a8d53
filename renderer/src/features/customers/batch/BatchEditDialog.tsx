// 批量编辑: tick fields, set values, see how many customers would change, apply in one transaction.
import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, Cascader, Checkbox, DatePicker, Modal, Result, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import i18next, { type TFunction } from 'i18next';
import { useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES } from '@contract/customers';
import { ApiError, invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { formatNumber } from '../../../lib/format';
import { useSession } from '../../../app/session';
import { shippedOptionNow } from '../../../lib/shippedLabel';
import type { BatchPatch, CustomerFilter, CustomerOptions } from '../model/types';
import { useDebounced } from '../list/hooks';

export type BatchTarget = { ids: number[] } | { filter: CustomerFilter; query?: string };

type FieldKey = 'level' | 'status' | 'industry' | 'region' | 'source' | 'tagsAdd' | 'tagsRemove' | 'nextFollowUpAt';
const FIELDS: FieldKey[] = ['level', 'status', 'industry', 'region', 'source', 'tagsAdd', 'tagsRemove', 'nextFollowUpAt'];

interface Values {
  level?: string | null;
  status?: string;
  industry?: string;
  region?: string[];
  source?: string;
  tagsAdd?: string[];
  tagsRemove?: string[];
  nextFollowUpAt?: Dayjs | null;
}

interface Props {
  open: boolean;
  target: BatchTarget;
  /** how many customers the target names, formatted (for the heading) */
  countText: string;
  options: CustomerOptions | undefined;
  onClose(): void;
  onDone(): void;
}

/** Only ticked fields go into the patch; an empty value of a ticked field clears it (null). */
export function buildPatch(enabled: Set<FieldKey>, v: Values): BatchPatch {
  const p: BatchPatch = {};
  if (enabled.has('level')) p.level = (v.level || null) as BatchPatch['level'];
  if (enabled.has('status') && v.status) p.status = v.status as BatchPatch['status'];
  if (enabled.has('industry')) p.industry = v.industry?.trim() || null;
  if (enabled.has('region')) {
    p.province = v.region?.[0] ?? null;
    p.city = v.region?.[1] ?? null;
  }
  if (enabled.has('source')) p.source = v.source?.trim() || null;
  if (enabled.has('tagsAdd') && v.tagsAdd?.length) p.tagsAdd = v.tagsAdd;
  if (enabled.has('tagsRemove') && v.tagsRemove?.length) p.tagsRemove = v.tagsRemove;
  if (enabled.has('nextFollowUpAt')) p.nextFollowUpAt = v.nextFollowUpAt ? v.nextFollowUpAt.startOf('day').hour(9).toISOString() : null;
  return p;
}

function fieldMessage(t: TFunction, key: string, message: string): string {
  const field = key.replace(/^patch\./, '');
  const label = `customers.fields.${field}`;
  return i18next.exists(label) ? t('withField', { field: t(label), message }) : message;
}

export function BatchEditDialog({ open, target, countText, options, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [enabled, setEnabled] = useState<Set<FieldKey>>(new Set());
  const [values, setValues] = useState<Values>({});
  const [preview, setPreview] = useState<{ matched: number; willChange: number } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // a preview main refused (the values, the user's rights): said in the dialog, with a retry, instead of counting forever
  const [previewError, setPreviewError] = useState<{ key: string; message: string } | null>(null);
  const [previewRun, setPreviewRun] = useState(0);
  const [applying, setApplying] = useState(false);
  const [result, setResult] = useState<{ matched: number; updated: number; batchId: string } | null>(null);

  useEffect(() => {
    if (open) {
      setEnabled(new Set());
      setValues({});
      setPreview(null);
      setResult(null);
    }
  }, [open]);

  const patch = useMemo(() => buildPatch(enabled, values), [enabled, values]);
  const patchKey = useDebounced(JSON.stringify(patch), 250);
  const hasPatch = Object.keys(patch).length > 0;
  // the preview shown must be the one for the values on screen
  const failed = previewError !== null && previewError.key === patchKey && JSON.stringify(patch) === patchKey && !previewing ? previewError : null;
  const pending = hasPatch && !failed && (JSON.stringify(patch) !== patchKey || previewing || !preview);

  useEffect(() => {
    if (!open || patchKey === '{}') {
      setPreview(null);
      return;
    }
    let live = true;
    setPreviewing(true);
    setPreviewError(null);
    invoke('customers:batchPreview', { ...target, patch: JSON.parse(patchKey) as BatchPatch })
      .then((r) => live && setPreview(r))
      .catch((e: unknown) => {
        if (!live) return;
        setPreview(null);
        // each field error with the field's name (行业：最多 100 个字符); main names them patch.<field>
        const fields = e instanceof ApiError ? Object.entries(e.fieldErrors).map(([k, m]) => fieldMessage(t, k, m)) : [];
        setPreviewError({ key: patchKey, message: fields.length ? fields.join(t('listSep')) : ((e as Error)?.message ?? String(e)) });
      })
      .finally(() => live && setPreviewing(false));
    return () => {
      live = false;
    };
  }, [open, patchKey, target, previewRun, t]);

  const setValue = <K extends keyof Values>(field: FieldKey, key: K, v: Values[K]) => {
    setValues((old) => ({ ...old, [key]: v }));
    setEnabled((old) => new Set(old).add(field));
  };
  const toggle = (f: FieldKey, on: boolean) =>
    setEnabled((old) => {
      const n = new Set(old);
      if (on) n.add(f);
      else n.delete(f);
      return n;
    });

  const apply = async () => {
    setApplying(true);
    try {
      const r = await invoke('customers:batchUpdate', { ...target, patch });
      setResult(r);
      onDone();
    } catch (e) {
      showApiError(e);
    } finally {
      setApplying(false);
    }
  };

  const label = (f: FieldKey) => (f === 'tagsAdd' ? t('customers.batch.tagsAdd') : f === 'tagsRemove' ? t('customers.batch.tagsRemove') : t(`customers.fields.${f}`));
  const control = (f: FieldKey) => {
    const common = { style: { width: '100%' }, 'data-testid': `batch-value-${f}` };
    switch (f) {
      case 'level':
        return <Select {...common} allowClear placeholder={t('customers.batch.clearValue')} value={values.level ?? undefined} onChange={(v) => setValue(f, 'level', v ?? null)} options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: t(`customers.level.${l}`) }))} />;
      case 'status':
        return <Select {...common} value={values.status} onChange={(v) => setValue(f, 'status', v)} options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.status.${s}`) }))} />;
      case 'industry':
        return <AutoComplete {...common} allowClear maxLength={100} placeholder={t('customers.batch.clearValue')} value={values.industry} onChange={(v) => setValue(f, 'industry', v)} options={(options?.industries ?? []).map((x) => shippedOptionNow('industry', x))} />;
      case 'source':
        return <AutoComplete {...common} allowClear maxLength={100} placeholder={t('customers.batch.clearValue')} value={values.source} onChange={(v) => setValue(f, 'source', v)} options={(options?.sources ?? []).map((x) => shippedOptionNow('source', x))} />;
      case 'region':
        return (
          <Cascader
            {...common}
            changeOnSelect
            showSearch
            placeholder={t('customers.batch.clearValue')}
            value={values.region}
            onChange={(v) => setValue(f, 'region', (v as string[] | undefined) ?? [])}
            options={(options?.provinces ?? []).map((p) => ({ value: p.name, label: p.name, children: p.cities.map((c) => ({ value: c, label: c })) }))}
          />
        );
      case 'tagsAdd':
      case 'tagsRemove':
        return <Select {...common} mode="tags" value={values[f] ?? []} onChange={(v) => setValue(f, f, v)} options={(options?.tags ?? []).map((x) => ({ value: x, label: x }))} placeholder={t('customers.form.placeholders.tags')} />;
      case 'nextFollowUpAt':
        return <DatePicker {...common} value={values.nextFollowUpAt ?? null} onChange={(d) => setValue(f, 'nextFollowUpAt', d)} placeholder={t('customers.batch.clearValue')} minDate={dayjs().startOf('day')} />;
    }
  };

  const targetText = 'ids' in target ? t('customers.batch.targetIds', { n: countText }) : t('customers.batch.targetAll', { n: countText });
  return (
    <Modal
      open={open}
      width={640}
      title={t('customers.batch.title')}
      onCancel={onClose}
      maskClosable={!applying}
      closable={!applying}
      footer={
        result ? (
          <Button type="primary" onClick={onClose} data-testid="batch-close">
            {t('customers.batch.close')}
          </Button>
        ) : (
          [
            <Button key="c" onClick={onClose} disabled={applying}>
              {t('form.cancel')}
            </Button>,
            <Button key="a" type="primary" loading={applying} disabled={!hasPatch || pending || !!failed || preview?.willChange === 0} onClick={() => void apply()} data-testid="batch-apply">
              {applying ? t('customers.batch.applying') : t('customers.batch.apply')}
            </Button>,
          ]
        )
      }
    >
      <div data-testid="batch-dialog">
        {result ? (
          <Result
            status="success"
            title={t('customers.batch.doneTitle')}
            subTitle={<span data-testid="batch-result">{t('customers.batch.doneBody', { matched: formatNumber(result.matched), updated: formatNumber(result.updated) })}</span>}
            extra={
              // the whole batch can be undone from the audit trail (audit:undoBatch): take the user there, to this batch
              session.can('audit.view') ? (
                <Button
                  onClick={() => {
                    onClose();
                    navigate(`/audit?batchId=${encodeURIComponent(result.batchId)}`);
                  }}
                  data-testid="batch-open-audit"
                >
                  {t('customers.batch.openAudit')}
                </Button>
              ) : (
                <Typography.Text type="secondary" data-testid="batch-undo-hint">
                  {t('customers.batch.undoHint')} <Typography.Text copyable={{ text: result.batchId }}>{result.batchId.slice(0, 8)}</Typography.Text>
                </Typography.Text>
              )
            }
          />
        ) : (
          <Spin spinning={applying}>
            <Typography.Paragraph strong data-testid="batch-target">
              {t('customers.batch.target', { target: targetText })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('customers.batch.chooseFields')}</Typography.Paragraph>
            <div className="cust-batch-grid">
              {FIELDS.map((f) => (
                <div key={f} className="cust-batch-row">
                  <Checkbox checked={enabled.has(f)} onChange={(e) => toggle(f, e.target.checked)} data-testid={`batch-field-${f}`}>
                    {label(f)}
                  </Checkbox>
                  <div className={enabled.has(f) ? '' : 'cust-batch-off'}>{control(f)}</div>
                </div>
              ))}
            </div>
            <Alert
              style={{ marginTop: 16 }}
              type={failed ? 'error' : hasPatch ? 'info' : 'warning'}
              showIcon
              data-testid="batch-preview"
              data-state={failed ? 'error' : pending ? 'pending' : 'ready'}
              action={
                failed ? (
                  <Button size="small" onClick={() => setPreviewRun((n) => n + 1)} data-testid="batch-preview-retry">
                    {t('customers.retry')}
                  </Button>
                ) : undefined
              }
              title={
                !hasPatch
                  ? t('customers.batch.noFields')
                  : failed
                    ? t('customers.batch.previewFailed', { message: failed.message })
                    : pending || !preview
                    ? t('customers.batch.previewing')
                    : t('customers.batch.preview', { matched: formatNumber(preview.matched), willChange: formatNumber(preview.willChange) })
              }
              description={t('customers.batch.backupHint')}
            />
          </Spin>
        )}
      </div>
    </Modal>
  );
}
