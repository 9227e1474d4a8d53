// The actions on one reminder: done, snooze (10 分钟 / 1 小时 / 明天 9:00 / 3 天后), copy as email/SMS text.
import { Button, Dropdown, Space } from 'antd';
import { CheckOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import { useReminderActions, type SnoozeChoice } from './useReminderActions';
import { CopyTextButton } from '../components/CopyTextButton';

export type ReminderRow = ChannelOutput<'reminders:list'>['rows'][number];

export function ReminderActions({ reminder, copy = true }: { reminder: ReminderRow; copy?: boolean }) {
  const { t } = useTranslation();
  const { complete, snooze } = useReminderActions();
  const choices: SnoozeChoice[] = ['m10', 'h1', 'tomorrow9', 'd3'];
  return (
    <Space size={4} wrap>
      <Button
        size="small"
        type="primary"
        ghost
        icon={<CheckOutlined />}
        loading={complete.isPending && complete.variables === reminder.id}
        onClick={() => complete.mutate(reminder.id)}
        data-testid={`reminder-complete-${reminder.id}`}
      >
        {t('reminders.complete')}
      </Button>
      <Dropdown
        trigger={['click']}
        menu={{
          items: choices.map((c) => ({ key: c, label: <span data-testid={`snooze-${c}`}>{t(`reminders.snoozeOptions.${c}`)}</span> })),
          onClick: ({ key }) => snooze.mutate({ id: reminder.id, choice: key as SnoozeChoice }),
        }}
      >
        <Button size="small" icon={<ClockCircleOutlined />} data-testid={`reminder-snooze-${reminder.id}`}>
          {t('reminders.snooze')}
        </Button>
      </Dropdown>
      {copy && <CopyTextButton source={{ customerName: reminder.customerName, text: reminder.content, when: reminder.dueAt }} />}
    </Space>
  );
}
