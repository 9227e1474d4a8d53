// Progress of a bulk write main runs in short steps (delete, restore, purge, transfer, an undo): main sends
// `progress` events {task, jobId, done, total} to the calling window only, and a window runs one such write
// at a time, so the events of the task are this window's call. Shown while the call is in flight.
import { useEffect, useState, type ReactNode } from 'react';
import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { onEvent } from './api';
import { formatNumber } from './format';

export type StepTask = 'delete' | 'restore' | 'purge' | 'stageMove' | 'stageProbability' | 'transfer' | 'undo';

/** One progress event; `event` is the whole payload (a task may report more, e.g. the transfer's alreadyOwned). */
export interface StepState {
  task: StepTask;
  done: number;
  total: number;
  event: Record<string, unknown>;
}

export function useStepProgress(tasks: readonly StepTask[], active: boolean): StepState | null {
  const [p, setP] = useState<StepState | null>(null);
  const key = tasks.join(',');
  useEffect(() => {
    setP(null);
    if (!active) return;
    const wanted = new Set(key.split(','));
    return onEvent('progress', (payload) => {
      const e = payload as { task?: string; done?: number; total?: number };
      if (e.task && wanted.has(e.task) && typeof e.done === 'number' && typeof e.total === 'number') setP({ task: e.task as StepTask, done: e.done, total: e.total, event: payload as Record<string, unknown> });
    });
  }, [key, active]);
  return p;
}

/** A progress bar with "已处理 n / total" while `active` and main has reported a step; `detail`: a line under it from the event. */
export function StepProgress({ tasks, active, testId, detail }: { tasks: readonly StepTask[]; active: boolean; testId: string; detail?: (p: StepState) => ReactNode }) {
  const { t } = useTranslation();
  const p = useStepProgress(tasks, active);
  if (!active || !p) return null;
  return (
    <div data-testid={testId} data-done={p.done} data-total={p.total} style={{ marginTop: 8 }}>
      <Progress percent={Math.floor((p.done / Math.max(1, p.total)) * 100)} size="small" status="active" />
      <Typography.Text type="secondary">{t(`steps.${p.task}`, { done: formatNumber(p.done), total: formatNumber(p.total) })}</Typography.Text>
      {detail?.(p)}
    </div>
  );
}
