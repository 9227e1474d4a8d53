// Revert one field change: ask first; when the value changed since, show the current value and offer force.
import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { fieldLabel, valueText, type Change, type Names } from './describe';

export function useRevert(users: Names, onDone: () => void) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const run = async (auditId: number, c: Change, force: boolean) => {
    try {
      await invoke('audit:revert', { auditId, field: c.field, force });
      void message.success(t('history.revertDone'));
      void qc.invalidateQueries({ queryKey: ['customer'] });
      void qc.invalidateQueries({ queryKey: ['customers:list'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && !force) {
        const current = (e.details as { current?: Record<string, unknown> } | undefined)?.current?.[c.field];
        modal.confirm({
          title: t('history.conflictTitle'),
          content: t('history.conflictBody', { field: fieldLabel(c.field, t), current: valueText(c.field, current, t, users), old: valueText(c.field, c.old, t, users) }),
          okText: t('history.force'),
          okButtonProps: { danger: true, 'data-testid': 'revert-force' } as never,
          onOk: () => run(auditId, c, true),
        });
      } else showApiError(e);
    }
  };
  return (auditId: number, c: Change) =>
    modal.confirm({
      title: t('history.revertTitle', { field: fieldLabel(c.field, t), old: valueText(c.field, c.old, t, users) }),
      okText: t('history.revert'),
      okButtonProps: { 'data-testid': 'revert-confirm' } as never,
      onOk: () => run(auditId, c, false),
    });
}
