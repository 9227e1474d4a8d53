// Step 2: which sheet and which row holds the headers (detected; title rows above it are skipped).
import { InputNumber, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Preview } from '../model';

export function SheetStep({ preview, busy, onChange }: { preview: Preview; busy: boolean; onChange(sheet: string, headerRow?: number): void }) {
  const { t } = useTranslation();
  const width = Math.max(1, ...preview.topRows.map((r) => r.length));
  const columns = [
    { key: '#', title: '', width: 48, align: 'right' as const, render: (_: unknown, _r: string[], i: number) => i + 1 },
    ...Array.from({ length: Math.min(width, 12) }, (_, c) => ({ key: String(c), title: String.fromCharCode(65 + c), width: 160, ellipsis: true, render: (_: unknown, r: string[]) => r[c] ?? '' })),
  ];
  return (
    <div data-testid="import-step-sheet">
      <Space size="large" wrap>
        <span>
          {t('importer.sheet.sheet')}：
          <Select style={{ minWidth: 180 }} value={preview.sheet} options={preview.sheets.map((s) => ({ value: s, label: s }))} onChange={(s) => onChange(s)} disabled={busy} data-testid="import-sheet" />
        </span>
        <span>
          {t('importer.sheet.headerRow')}：
          <InputNumber min={1} max={preview.topRows.length || 1} value={preview.headerRow} onChange={(v) => v && onChange(preview.sheet, v)} disabled={busy} data-testid="import-header-row" />
        </span>
        <Typography.Text type="secondary">{t('importer.sheet.detected', { n: preview.detectedHeaderRow })}</Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 8 }}>
        {t('importer.sheet.topRows')}
      </Typography.Paragraph>
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={preview.topRows}
        columns={columns}
        rowClassName={(_, i) => (i + 1 === preview.headerRow ? 'imp-header-row' : i + 1 < preview.headerRow ? 'imp-title-row' : '')}
        scroll={{ x: true }}
        data-testid="import-top-rows"
      />
    </div>
  );
}
