// 设置 → 报表: the report time zone (UTC offset). Changing it recomputes every report counter in a worker in
// main (minutes on big data); the progress events of that rebuild drive the bar shown meanwhile.
import { Alert, Button, Card, Form, Progress, Select, Space, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, onEvent } from '../../lib/api';
import { showApiError } from '../../lib/forms';

interface RebuildProgress {
  task: 'reportsTimezone';
  phase: 'compute' | 'write';
  table: string;
  done: number;
  total: number;
}

const DEFAULT_OFFSET = 480;

/** "+08:00" for 480, "-05:30" for -330 */
export function formatOffset(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** UTC-12:00 … UTC+14:00 in quarter hours (the contract accepts any whole minute in that range). */
const OFFSETS = Array.from({ length: (840 + 720) / 15 + 1 }, (_, i) => -720 + i * 15);

export function ReportSettingsTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['reports:options'], queryFn: () => invoke('reports:options') });
  const saved = current.data?.tzOffsetMinutes ?? DEFAULT_OFFSET;
  const [offset, setOffset] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<RebuildProgress | null>(null);
  const [finished, setFinished] = useState<number | null>(null);
  useEffect(() => {
    if (!running) return;
    return onEvent('progress', (payload) => {
      const p = payload as RebuildProgress;
      if (p?.task === 'reportsTimezone') setProgress(p);
    });
  }, [running]);
  const options = useMemo(() => OFFSETS.map((m) => ({ value: m, label: `UTC${formatOffset(m)}` })), []);
  const chosen = offset ?? saved;

  const save = async () => {
    setRunning(true);
    setFinished(null);
    setProgress(null);
    try {
      const res = await invoke('reports:setTimezone', { offsetMinutes: chosen });
      setFinished(res.tzOffsetMinutes);
      setOffset(null);
      // every report and the dashboard now have other day boundaries
      await qc.invalidateQueries();
      void message.success(t('reports.settings.saved', { tz: `UTC${formatOffset(res.tzOffsetMinutes)}` }));
    } catch (e) {
      showApiError(e);
    } finally {
      setRunning(false);
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Card size="small" style={{ maxWidth: 720 }} data-testid="report-settings-tab">
      <Form layout="horizontal" labelCol={{ span: 6 }}>
        <Form.Item label={t('reports.settings.timezone')} extra={t('reports.settings.timezoneHelp')}>
          <Space>
            <Select
              showSearch
              style={{ width: 180 }}
              value={chosen}
              options={options}
              onChange={(v: number) => setOffset(v)}
              disabled={running || current.isLoading}
              optionFilterProp="label"
              data-testid="report-timezone"
            />
            <Button type="primary" onClick={save} loading={running} disabled={chosen === saved} data-testid="report-timezone-save">
              {t('reports.settings.save')}
            </Button>
          </Space>
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Typography.Text type="secondary" data-testid="report-timezone-current">
            {t('reports.settings.current', { tz: `UTC${formatOffset(saved)}` })}
          </Typography.Text>
        </Form.Item>
        {running && (
          <Form.Item wrapperCol={{ offset: 6 }} data-testid="report-timezone-progress">
            <Progress percent={percent} status="active" />
            <Typography.Text type="secondary">
              {progress ? t(`reports.settings.phase.${progress.phase}`, { done: progress.done, total: progress.total }) : t('reports.settings.starting')}
            </Typography.Text>
          </Form.Item>
        )}
        {finished !== null && !running && (
          <Form.Item wrapperCol={{ offset: 6 }}>
            <Alert type="success" showIcon title={t('reports.settings.done', { tz: `UTC${formatOffset(finished)}` })} data-testid="report-timezone-done" />
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
