// A due time: a date-time picker with presets (1 小时后, 明天 9:00, 3 天后 …) and a box that understands
// "3天后" / "明天9点" / "in 2 hours". The value is a dayjs in local time; callers send .toISOString().
import { DatePicker, Input, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { duePresets, parseRelative } from './dueTime';

interface Props {
  value?: Dayjs | null;
  onChange?: (v: Dayjs | null) => void;
  testId?: string;
  allowClear?: boolean;
}

export function DueTimeInput({ value, onChange, testId = 'due-time', allowClear = true }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [bad, setBad] = useState(false);
  const now = dayjs();
  const applyText = () => {
    if (!text.trim()) return;
    const v = parseRelative(text, dayjs());
    setBad(!v);
    if (v) {
      onChange?.(v);
      setText('');
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Space.Compact style={{ width: '100%' }}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={value ?? null}
          onChange={(v) => onChange?.(v)}
          allowClear={allowClear}
          disabledDate={(d) => d.isBefore(now, 'day')}
          presets={duePresets(now).map((p) => ({ label: t(`reminders.presets.${p.key}`), value: p.value }))}
          style={{ width: '52%' }}
          data-testid={testId}
        />
        <Input
          value={text}
          status={bad ? 'error' : undefined}
          placeholder={t('reminders.relativePlaceholder')}
          onChange={(e) => {
            setText(e.target.value);
            setBad(false);
          }}
          onPressEnter={(e) => {
            e.preventDefault();
            applyText();
          }}
          onBlur={applyText}
          style={{ width: '48%' }}
          data-testid={`${testId}-text`}
        />
      </Space.Compact>
      {bad && <Typography.Text type="danger">{t('reminders.relativeInvalid')}</Typography.Text>}
    </Space>
  );
}
