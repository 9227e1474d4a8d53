// Complete / snooze / cancel a reminder from any list, refreshing every view that shows reminders.
import { App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { formatDateTime } from '../../../lib/format';

export type SnoozeChoice = 'm10' | 'h1' | 'tomorrow9' | 'd3';

export function snoozeUntil(choice: SnoozeChoice, now = dayjs()): string {
  switch (choice) {
    case 'm10':
      return now.add(10, 'minute').toISOString();
    case 'h1':
      return now.add(1, 'hour').toISOString();
    case 'tomorrow9':
      return now.add(1, 'day').hour(9).minute(0).second(0).millisecond(0).toISOString();
    case 'd3':
      return now.add(3, 'day').hour(9).minute(0).second(0).millisecond(0).toISOString();
  }
}

export function useReminderActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['reminders'] });
    void qc.invalidateQueries({ queryKey: ['followUps'] });
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  const complete = useMutation({
    mutationFn: (id: number) => invoke('reminders:complete', { id }),
    onSuccess: () => {
      void message.success(t('reminders.completed'));
      refresh();
    },
    onError: (e) => showApiError(e),
  });
  const snooze = useMutation({
    mutationFn: ({ id, choice }: { id: number; choice: SnoozeChoice }) => invoke('reminders:snooze', { id, until: snoozeUntil(choice) }),
    onSuccess: (r) => {
      void message.success(t('reminders.snoozed', { time: formatDateTime(r.dueAt) }));
      refresh();
    },
    onError: (e) => showApiError(e),
  });
  const cancel = useMutation({
    mutationFn: (id: number) => invoke('reminders:cancel', { id }),
    onSuccess: refresh,
    onError: (e) => showApiError(e),
  });
  return { complete, snooze, cancel, refresh };
}
