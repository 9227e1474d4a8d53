import { useEffect, useState } from 'react';
import { onEvent } from '../../lib/api';

export interface BackupProgress {
  task: 'backup' | 'verify' | 'restore';
  phase: 'copy' | 'verify' | 'encrypt' | 'decrypt';
  done: number;
  total: number;
}

/** The latest progress event main sent for a backup-domain task (null when none is running). */
export function useBackupProgress(active: boolean): BackupProgress | null {
  const [p, setP] = useState<BackupProgress | null>(null);
  useEffect(() => {
    if (!active) {
      setP(null);
      return;
    }
    return onEvent('progress', (payload) => {
      const e = payload as BackupProgress;
      if (e && (e.task === 'backup' || e.task === 'verify' || e.task === 'restore')) setP(e);
    });
  }, [active]);
  return p;
}

export function percentOf(p: BackupProgress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
