import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../model/types';

const LEVEL_COLORS = { A: 'red', B: 'orange', C: 'default' } as const;
const STATUS_COLORS = { potential: 'default', following: 'processing', won: 'success', lost: 'error' } as const;

export function LevelTag({ level }: { level: Customer['level'] }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tag color={LEVEL_COLORS[level]} variant="outlined" className="cust-tag">
      {t(`customers.level.${level}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: Customer['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} className="cust-tag">
      {t(`customers.status.${status}`)}
    </Tag>
  );
}

// The list renders hundreds of these per second while scrolling: plain spans styled like antd tags,
// without antd's per-instance style hooks.
export function LevelBadge({ level, label }: { level: Customer['level']; label: string }) {
  if (!level) return null;
  return <span className={`cust-badge cust-badge-level-${level}`}>{label}</span>;
}

export function StatusBadge({ status, label }: { status: Customer['status']; label: string }) {
  return <span className={`cust-badge cust-badge-status-${status}`}>{label}</span>;
}
