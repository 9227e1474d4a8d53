// Summaries main stores as data rather than words — exports, imports, an import's undo, the report time zone (JSON),
// and a revert (the reverted fields' keys) — read as a sentence in the UI language. Any other summary is stored
// text in the language it was written in, shown as it is.
import type { TFunction } from 'i18next';
import { formatNumber } from '../../lib/format';
import { fieldLabel } from './describe';

type Data = Record<string, unknown>;

function parse(summary: string): Data | null {
  if (!summary.startsWith('{')) return null;
  try {
    const v = JSON.parse(summary) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : null;
  } catch {
    return null;
  }
}

const n = (v: unknown) => formatNumber(Number(v) || 0);

export function summaryWords(action: string, summary: string, t: TFunction): string {
  if (action === 'audit.revert') return summary.split(', ').map((f) => fieldLabel(f, t)).join(t('listSep'));
  // a count (reminder.missedSeen, notification.read) or the record type a form / field order belongs to
  if ((action === 'reminder.missedSeen' || action === 'notification.read') && /^\d+$/.test(summary)) {
    return t(`auditLog.summary.${action === 'notification.read' ? 'notificationsRead' : 'missedSeen'}`, { count: Number(summary) });
  }
  if (action === 'form.update' || action === 'field.reorder') return t(`auditLog.entities.${summary}`, { defaultValue: summary });
  const d = parse(summary);
  if (!d) return summary;
  if ((action === 'export.run' || action === 'audit.export' || action === 'report.export') && typeof d.path === 'string') {
    return t('auditLog.summary.exported', { rows: n(d.rows), path: d.path });
  }
  if (action === 'import.commit') {
    const text = t('auditLog.summary.imported', { file: String(d.file ?? ''), created: n(d.created), updated: n(d.updated), skipped: n(d.skipped), failed: n(d.failed) });
    return d.cancelled ? t('withNote', { text, note: t('auditLog.summary.cancelled') }) : text;
  }
  if (action === 'import.undo') return t('auditLog.summary.importUndone', { removed: n(d.removed), restored: n(d.restored) });
  if (action === 'report.timezone' && typeof d.tzOffsetMinutes === 'number') {
    const m = d.tzOffsetMinutes;
    const hhmm = `${m < 0 ? '-' : '+'}${Math.floor(Math.abs(m) / 60)}${Math.abs(m) % 60 ? `:${String(Math.abs(m) % 60).padStart(2, '0')}` : ''}`;
    return t('auditLog.summary.timezone', { offset: `UTC${hhmm}` });
  }
  return summary;
}
