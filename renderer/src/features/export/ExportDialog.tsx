// 导出 dialog: which rows (the selection, or everything matching the list's filter + search), which
// columns, which format; asks where to save (dialog:saveFile) and runs export:run with progress.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Checkbox, Modal, Progress, Radio, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ExportEntity } from '@contract/export';
import type { ChannelInput } from '@contract/index';
import { ApiError, invoke } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { newJobId, useTaskProgress } from '../import/useTaskProgress';

export interface ExportDialogProps {
  open: boolean;
  entity: ExportEntity;
  /** selected ids (when rows are selected) */
  ids?: number[];
  /** the list's current filter + search ("all matching") */
  filter?: Record<string, unknown>;
  query?: string;
  /** customers: the list's sort, so the file has the rows in the list's order */
  sort?: ChannelInput<'export:run'>['sort'];
  /** customers: the list's custom-field sort (wins over `sort`, as in the list) */
  customSort?: ChannelInput<'export:run'>['customSort'];
  /** how many rows match the filter, as shown in the list ("10,000+") */
  filteredText?: string;
  onClose(): void;
}

type Format = 'xlsx' | 'csv' | 'pdf';
const isCustom = (key: string) => key.startsWith('custom.');

export function ExportDialog({ open, entity, ids, filter, query, sort, customSort, filteredText, onClose }: ExportDialogProps) {
  const { t } = useTranslation();
  const cols = useQuery({ queryKey: ['export', 'columns', entity, t('exporter.button')], queryFn: () => invoke('export:columns', { entity }), enabled: open });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [format, setFormat] = useState<Format>('xlsx');
  const [scope, setScope] = useState<'selection' | 'filtered'>(ids?.length ? 'selection' : 'filtered');
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useTaskProgress(jobId);
  useEffect(() => {
    if (cols.data && chosen === null) setChosen(cols.data.columns.filter((c) => c.default).map((c) => c.key));
  }, [cols.data, chosen]);
  const entityName = t(`exporter.entities.${entity}`);
  // custom field columns (`custom.<key>`, issue 13) get their own group after the built-in ones
  const options = useMemo(() => (cols.data?.columns ?? []).filter((c) => !isCustom(c.key)).map((c) => ({ value: c.key, label: c.label })), [cols.data]);
  const customOptions = useMemo(() => (cols.data?.columns ?? []).filter((c) => isCustom(c.key)), [cols.data]);

  const run = async () => {
    setError(null);
    setDone(null);
    const date = new Date().toISOString().slice(0, 10);
    const target = await invoke('dialog:saveFile', { defaultName: `${entityName}_${date}.${format}`, filters: [{ name: format.toUpperCase(), extensions: [format] }] });
    if (!target.path) return;
    const id = newJobId();
    setJobId(id);
    setBusy(true);
    try {
      const r = await invoke('export:run', {
        entity,
        format,
        path: target.path,
        columns: chosen ?? undefined,
        jobId: id,
        ...(sort && entity === 'customers' ? { sort } : {}),
        ...(customSort && entity === 'customers' ? { customSort } : {}),
        ...(scope === 'selection' && ids?.length ? { ids } : { filter, ...(query ? { query } : {}) }),
      });
      setDone(t('exporter.done', { rows: formatNumber(r.rows), path: r.path }) + (r.truncated ? ' ' + t('exporter.truncated') : ''));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('exporter.title', { entity: entityName })}
      onCancel={onClose}
      onOk={() => void run()}
      okText={t('exporter.run')}
      okButtonProps={{ loading: busy, disabled: !chosen?.length, ...({ 'data-testid': 'export-run' } as Record<`data-${string}`, string>) }}
      width={640}
      destroyOnHidden
      data-testid="export-dialog"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="export-dialog-body">
        {ids?.length ? (
          <div>
            <Typography.Text strong>{t('exporter.scope')}：</Typography.Text>
            <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} data-testid="export-scope">
              <Radio value="selection">{t('exporter.selection', { n: formatNumber(ids.length) })}</Radio>
              <Radio value="filtered">{t('exporter.filtered', { n: filteredText ?? '' })}</Radio>
            </Radio.Group>
          </div>
        ) : (
          filteredText && <Typography.Text>{t('exporter.filtered', { n: filteredText })}</Typography.Text>
        )}
        <div>
          <Typography.Text strong>{t('exporter.columns')}：</Typography.Text>
          <Checkbox.Group
            style={{ marginTop: 8 }}
            options={options}
            value={(chosen ?? []).filter((k) => !isCustom(k))}
            onChange={(v) => setChosen([...(v as string[]), ...(chosen ?? []).filter(isCustom)])}
            data-testid="export-columns"
          />
          {customOptions.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('exporter.customColumns')}：</Typography.Text>
              <Checkbox.Group
                value={(chosen ?? []).filter(isCustom)}
                onChange={(v) => setChosen([...(chosen ?? []).filter((k) => !isCustom(k)), ...(v as string[])])}
                data-testid="export-custom-columns"
              >
                {customOptions.map((c) => (
                  <Checkbox key={c.key} value={c.key} data-testid={`export-column-${c.key}`}>
                    {c.label}
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </div>
          )}
          {chosen?.length === 0 && <Typography.Text type="danger">{t('exporter.noColumns')}</Typography.Text>}
        </div>
        <div>
          <Typography.Text strong>{t('exporter.format')}：</Typography.Text>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value)} data-testid="export-format">
            {(['xlsx', 'csv', 'pdf'] as const).map((f) => (
              <Radio key={f} value={f} data-testid={`export-format-${f}`}>
                {t(`exporter.formats.${f}`)}
              </Radio>
            ))}
          </Radio.Group>
        </div>
        {busy && progress && progress.total > 0 && (
          <div>
            <Progress percent={Math.floor((progress.done / progress.total) * 100)} size="small" />
            {t('exporter.running', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          </div>
        )}
        {done && <Alert type="success" showIcon title={done} data-testid="export-done" />}
        {error && <Alert type="error" showIcon title={error} data-testid="export-error" />}
      </Space>
    </Modal>
  );
}
