// What every report shares: table ⇄ chart switch, chosen columns, sorting, export buttons.
import { App, Button, Checkbox, Empty, Popover, Segmented, Space, Table, Typography } from 'antd';
import { BarChartOutlined, DownloadOutlined, SettingOutlined, TableOutlined } from '@ant-design/icons';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { columnKind, type ReportName, type ReportInput, type TableRow } from '@contract/reports';
import { colTitle, formatCell } from './model';
import { exportReportFile } from './exportFile';

export interface ReportFrameProps {
  report: ReportName;
  table?: string;
  title: string;
  params: ReportInput;
  rows: TableRow[];
  rowKey: (r: TableRow) => string;
  allColumns: string[];
  defaultColumns: string[];
  chart: ReactNode;
  /** extra controls shown before the view switch (grouping, sub-table) */
  extra?: ReactNode;
  summary?: ReactNode;
  loading: boolean;
}

export function ReportFrame(p: ReportFrameProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [view, setView] = useState<'table' | 'chart'>('table');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [sort, setSort] = useState<{ key: string; dir: 'asc' | 'desc' } | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const visible = (chosen ?? p.defaultColumns).filter((k) => p.allColumns.includes(k));
  const columns = useMemo(
    () =>
      visible.map((key) => ({
        key,
        dataIndex: key,
        title: colTitle(t, key),
        align: columnKind(key) === 'text' ? ('left' as const) : ('right' as const),
        sorter: (a: TableRow, b: TableRow) => {
          const x = a[key];
          const y = b[key];
          if (typeof x === 'number' && typeof y === 'number') return x - y;
          return String(x ?? '').localeCompare(String(y ?? ''), 'zh-CN');
        },
        sortOrder: sort?.key === key ? (sort.dir === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
        render: (v: unknown) => formatCell(p.report, p.table, key, v, t),
      })),
    [visible.join(','), sort, p.report, p.table, t], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const doExport = async (format: 'xlsx' | 'csv' | 'pdf') => {
    setBusy(format);
    try {
      const r = await exportReportFile({
        report: p.report,
        table: p.table,
        params: p.params,
        format,
        columns: visible.map((key) => ({ key, title: colTitle(t, key) })),
        sort,
        title: p.title,
      });
      if (r.path) message.success({ content: <span data-testid="export-done">{t('reports.export.done', { path: r.path })}</span> });
      else message.info(t('reports.export.cancelled'));
    } catch (e) {
      message.error(t('reports.export.failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };

  const columnPicker = (
    <Checkbox.Group
      data-testid="column-picker"
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      value={visible}
      onChange={(v) => setChosen(p.allColumns.filter((k) => (v as string[]).includes(k)))}
      options={p.allColumns.map((k) => ({ value: k, label: <span data-testid={`col-${k}`}>{colTitle(t, k)}</span> }))}
    />
  );

  return (
    <div data-testid={`report-${p.report}`} data-state={p.loading ? 'loading' : 'ready'}>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {p.extra}
          <Segmented
            data-testid="view-switch"
            value={view}
            onChange={(v) => setView(v as 'table' | 'chart')}
            options={[
              { value: 'table', icon: <TableOutlined />, label: <span data-testid="view-table">{t('reports.view.table')}</span> },
              { value: 'chart', icon: <BarChartOutlined />, label: <span data-testid="view-chart">{t('reports.view.chart')}</span> },
            ]}
          />
          {view === 'table' && (
            <Popover content={columnPicker} trigger="click" placement="bottomLeft">
              <Button icon={<SettingOutlined />} data-testid="columns-button">
                {t('reports.columns')}
              </Button>
            </Popover>
          )}
        </Space>
        <Space>
          {(['xlsx', 'csv', 'pdf'] as const).map((f) => (
            <Button key={f} icon={<DownloadOutlined />} loading={busy === f} disabled={!!busy || !visible.length} onClick={() => void doExport(f)} data-testid={`export-${f}`}>
              {t(`reports.export.${f}`)}
            </Button>
          ))}
        </Space>
      </Space>
      {p.summary && <Typography.Paragraph type="secondary">{p.summary}</Typography.Paragraph>}
      {view === 'table' ? (
        <Table
          data-testid="report-table"
          size="small"
          rowKey={p.rowKey}
          loading={p.loading}
          columns={columns}
          dataSource={p.rows}
          pagination={p.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: true }}
          onChange={(_pg, _f, s) => {
            const one = Array.isArray(s) ? s[0] : s;
            setSort(one?.order ? { key: String(one.columnKey), dir: one.order === 'ascend' ? 'asc' : 'desc' } : undefined);
          }}
          locale={{ emptyText: <Empty description={t('reports.empty')} /> }}
        />
      ) : (
        <div data-testid="report-chart" style={{ width: '100%', height: 380 }}>
          {p.rows.length ? p.chart : <Empty description={t('reports.empty')} />}
        </div>
      )}
    </div>
  );
}
