// Step 5: the running import (progress from main's events, cancel), then the result: counts, the error
// report to download, undo of the whole import.
import { useState } from 'react';
import { Alert, Button, Popconfirm, Progress, Result, Space, Statistic, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, invoke } from '../../../lib/api';
import { formatNumber } from '../../../lib/format';
import type { CommitResult } from '../model';
import type { TaskProgress } from '../useTaskProgress';

interface Props {
  jobId: string;
  running: boolean;
  progress: TaskProgress | null;
  result: CommitResult | null;
  error: string | null;
  onAgain(): void;
}

export function CommitStep({ jobId, running, progress, result, error, onAgain }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [cancelling, setCancelling] = useState(false);
  const [undone, setUndone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (running) {
    const pct = progress && progress.total ? Math.floor((progress.done / progress.total) * 100) : 0;
    const label =
      !progress || progress.phase === 'snapshot'
        ? t('importer.commit.snapshot')
        : progress.phase === 'snapshotFinish'
          ? t('importer.commit.snapshotFinish')
          : progress.phase === 'read'
          ? t('importer.commit.read')
          : progress.phase === 'automation'
            ? t('importer.commit.automation', { done: formatNumber(progress.done), total: formatNumber(progress.total) })
            : t('importer.commit.write', { done: formatNumber(progress.done), total: formatNumber(progress.total) });
    return (
      <div data-testid="import-step-commit" data-state="running">
        <Progress percent={progress?.phase === 'write' || progress?.phase === 'automation' ? pct : 0} status="active" data-testid="import-progress" />
        <div style={{ margin: '8px 0 16px' }}>{label}</div>
        <Button
          danger
          loading={cancelling}
          onClick={() => {
            setCancelling(true);
            void invoke('import:cancel', { jobId });
          }}
          data-testid="import-cancel"
        >
          {cancelling ? t('importer.commit.cancelling') : t('importer.commit.cancel')}
        </Button>
      </div>
    );
  }
  if (error || !result) return <Alert type="error" showIcon title={error ?? ''} data-testid="import-commit-error" />;

  const report = async () => {
    const target = await invoke('dialog:saveFile', { defaultName: '导入错误报告.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] });
    if (!target.path) return;
    const r = await invoke('import:errorReport', { jobId: result.jobId, path: target.path });
    void message.success(t('importer.result.reportSaved', { path: r.path }));
  };
  const undo = async () => {
    setBusy(true);
    try {
      const u = await invoke('import:undo', { batchId: result.batchId });
      setUndone(t('importer.result.undone', { removed: u.removed, restored: u.restored }) + (u.conflicts ? ' ' + t('importer.result.conflicts', { n: u.conflicts }) : ''));
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const title = result.rolledBack ? t('importer.result.rolledBack') : result.cancelled ? t('importer.result.cancelled') : t('importer.result.done');
  const wrote = result.created + result.updated > 0;
  return (
    <div data-testid="import-step-commit" data-state="done">
      <Result
        status={result.rolledBack || result.failed || result.snapshot?.error ? 'warning' : 'success'}
        title={<span data-testid="import-result-title">{title}</span>}
        subTitle={
          <Space size={40} style={{ marginTop: 12 }}>
            {(['created', 'updated', 'skipped', 'failed'] as const).map((k) => (
              <Statistic key={k} title={t(`importer.result.${k}`)} value={result[k]} data-testid={`import-result-${k}`} data-value={result[k]} />
            ))}
          </Space>
        }
        extra={
          <Space wrap>
            {result.errorReport && (
              <Button onClick={() => void report()} data-testid="import-error-report">
                {t('importer.result.errorReport', { n: result.errorReport.rows })}
              </Button>
            )}
            {wrote && !undone && (
              <Popconfirm title={t('importer.result.undoConfirm')} onConfirm={() => void undo()} okButtonProps={{ 'data-testid': 'import-undo-confirm' } as Record<`data-${string}`, string>}>
                <Button danger loading={busy} data-testid="import-undo">
                  {t('importer.result.undo')}
                </Button>
              </Popconfirm>
            )}
            <Button type="primary" onClick={() => navigate('/customers')} data-testid="import-view-customers">
              {t('importer.result.viewCustomers')}
            </Button>
            <Button onClick={onAgain}>{t('importer.result.again')}</Button>
          </Space>
        }
      />
      {result.snapshot?.error && <Alert type="warning" showIcon title={result.snapshot.error} data-testid="import-snapshot-lost" style={{ marginBottom: 12 }} />}
      {undone && <Alert type="success" showIcon title={undone} data-testid="import-undone" />}
    </div>
  );
}
