// Progress events of one import/export job ({task, jobId, phase, done, total}) pushed by main.
import { useEffect, useState } from 'react';
import { onEvent } from '../../lib/api';

export interface TaskProgress {
  phase: string;
  done: number;
  total: number;
}

export function useTaskProgress(jobId: string | null): TaskProgress | null {
  const [p, setP] = useState<TaskProgress | null>(null);
  useEffect(() => {
    setP(null);
    if (!jobId) return;
    return onEvent('progress', (payload) => {
      const e = payload as TaskProgress & { jobId?: string };
      if (e.jobId === jobId) setP({ phase: e.phase, done: e.done, total: e.total });
    });
  }, [jobId]);
  return p;
}

export const newJobId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `job-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`);
