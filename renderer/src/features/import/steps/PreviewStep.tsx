// Step 4: counts, cleansed sample rows with per-cell errors (red) and warnings (orange), duplicates, and
// the choices for the commit (duplicate policy, all-or-nothing).
import { Checkbox, Radio, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import type { Preview, PreviewRow, WizardState } from '../model';
import { importTargetLabel, useCustomImportTargets } from '../../fields/importSupport';

interface Props {
  preview: Preview;
  state: WizardState;
  onChange(patch: Partial<WizardState>): void;
}

// text fields show the cleansed value (half-width, trimmed, normalized phone/email); coded ones the original
const SHOW_CLEANSED = new Set(['name', 'contactName', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'address', 'industry', 'company', 'position', 'source', 'birthday', 'tags']);

function CellView({ row, column, field }: { row: PreviewRow; column: number; field: string }) {
  const issues = row.issues.filter((i) => i.column === column);
  const level = issues.some((i) => i.level === 'error') ? 'error' : issues.length ? 'warning' : null;
  const original = row.cells[column] ?? '';
  const v = row.values[field];
  // a region cell the cleanse maps to nothing (北京 as the city of 北京市: a municipality's city is left empty)
  // shows that nothing is stored, not the typed text
  const dropped = (field === 'province' || field === 'city') && (v === undefined || v === null) && original !== '';
  const cleansed = dropped ? '' : SHOW_CLEANSED.has(field) && v !== undefined && v !== null ? (Array.isArray(v) ? v.join(', ') : String(v)) : null;
  const text = level === 'error' || cleansed === null ? original : cleansed;
  if (!level) return text !== original ? <Tooltip title={original}><span className="imp-cell-clean" data-testid={`cell-clean-${row.row}-${column}`}>{text || '—'}</span></Tooltip> : <span>{text}</span>;
  return (
    <Tooltip title={issues.map((i) => i.message).join('；')}>
      <span className={`imp-cell-${level}`} data-testid={`cell-${level}-${row.row}-${column}`} data-message={issues.map((i) => i.message).join('；')}>
        {text || '—'}
      </span>
    </Tooltip>
  );
}

export function PreviewStep({ preview, state, onChange }: Props) {
  const { t } = useTranslation();
  const s = preview.stats;
  const mapped = state.mapping.filter((m) => m.field);
  const customTargets = useCustomImportTargets();
  const dupText = (r: PreviewRow) => {
    const d = r.duplicate;
    if (!d) return '';
    const by = t(`importer.preview.by.${d.by}`);
    if (d.source === 'file') return t('importer.preview.dupOfRow', { row: d.row, by });
    return d.hidden ? t('importer.preview.dupHidden', { by }) : t('importer.preview.dupOfCustomer', { name: d.name, by });
  };
  const rowErrors = (r: PreviewRow) => r.issues.filter((i) => i.column === null).map((i) => i.message).join('；');
  const columns = [
    { key: 'row', title: t('importer.preview.row'), width: 60, fixed: 'left' as const, render: (_: unknown, r: PreviewRow) => r.row },
    ...mapped.map((m) => ({
      key: String(m.column),
      title: `${preview.headers[m.column] || `#${m.column + 1}`} → ${importTargetLabel(t, m.field!, customTargets)}`,
      width: 150,
      ellipsis: true,
      render: (_: unknown, r: PreviewRow) => <CellView row={r} column={m.column} field={m.field!} />,
    })),
    {
      key: 'dup',
      title: t('importer.preview.duplicate'),
      width: 220,
      render: (_: unknown, r: PreviewRow) => (
        <span className={rowErrors(r) ? 'imp-cell-error' : ''} data-testid={r.duplicate ? `dup-${r.row}` : undefined}>
          {rowErrors(r) || dupText(r)}
        </span>
      ),
    },
  ];
  const stat = (key: string, title: string, value: number, color?: string) => (
    <Statistic key={key} title={title} value={formatNumber(value)} styles={{ content: color ? { color } : undefined }} data-testid={`import-stat-${key}`} data-value={value} />
  );
  return (
    <div data-testid="import-step-preview">
      <Space size={32} wrap style={{ marginBottom: 12 }}>
        {stat('rows', t('importer.preview.rows'), s.rows)}
        {stat('valid', t('importer.preview.valid'), s.valid, '#389e0d')}
        {stat('errors', t('importer.preview.errors'), s.withErrors, s.withErrors ? '#cf1322' : undefined)}
        {stat('warnings', t('importer.preview.warnings'), s.withWarnings, s.withWarnings ? '#d48806' : undefined)}
        {stat('dupFile', t('importer.preview.dupFile'), s.duplicatesInFile)}
        {stat('dupDb', t('importer.preview.dupDb'), s.duplicatesInDb)}
      </Space>
      <Table size="small" bordered pagination={false} rowKey="row" dataSource={preview.sample} columns={columns} scroll={{ x: 'max-content', y: 320 }} data-testid="import-preview-table" />
      {preview.problems.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('importer.preview.problems')}
          </Typography.Title>
          <Table size="small" bordered pagination={false} rowKey="row" dataSource={preview.problems} columns={columns} scroll={{ x: 'max-content', y: 200 }} />
        </>
      )}
      <Space orientation="vertical" style={{ marginTop: 16 }}>
        <Space>
          {t('importer.preview.policy')}：
          <Radio.Group value={state.onDuplicate} onChange={(e) => onChange({ onDuplicate: e.target.value })} data-testid="import-policy">
            <Radio value="skip">{t('importer.preview.skip')}</Radio>
            <Radio value="update">{t('importer.preview.update')}</Radio>
            <Radio value="create">{t('importer.preview.create')}</Radio>
          </Radio.Group>
        </Space>
        <Checkbox checked={state.allOrNothing} onChange={(e) => onChange({ allOrNothing: e.target.checked })} data-testid="import-all-or-nothing">
          {t('importer.preview.allOrNothing')}
        </Checkbox>
      </Space>
    </div>
  );
}
