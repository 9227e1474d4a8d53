// How long the bin keeps things; editable by settings.manage (days, or keep forever).
import { useEffect, useState } from 'react';
import { Button, Card, InputNumber, Space, Switch, Typography, App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';

export function RetentionCard({ days }: { days: number | null | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const qc = useQueryClient();
  const [value, setValue] = useState<number | null>(90);
  const [forever, setForever] = useState(false);
  useEffect(() => {
    if (days === undefined) return;
    setForever(days === null);
    if (days !== null) setValue(days);
  }, [days]);
  if (days === undefined) return null;
  const save = async () => {
    try {
      await invoke('recycleBin:updateSettings', { retentionDays: forever ? null : (value ?? 90) });
      void message.success(t('recycleBin.retention.saved'));
      void qc.invalidateQueries({ queryKey: ['recycleBin:list'] });
      void qc.invalidateQueries({ queryKey: ['recycleBin:settings'] });
    } catch (e) {
      showApiError(e);
      // not saved: the box and the switch go back to the saved setting, which the label shows
      setForever(days === null);
      if (days !== null) setValue(days);
    }
  };
  return (
    <Card size="small" data-testid="bin-retention">
      <Space wrap>
        <Typography.Text strong>{t('recycleBin.retention.title')}</Typography.Text>
        <Typography.Text type="secondary">{days === null ? t('recycleBin.retention.forever') : t('recycleBin.retention.days', { n: days })}</Typography.Text>
        {session.can('settings.manage') && (
          <>
            {/* whole days within the server's range (1–3650): a decimal like 3.5 is rounded as it is typed out */}
            <InputNumber
              min={1}
              max={3650}
              precision={0}
              step={1}
              value={value}
              disabled={forever}
              onChange={(v) => setValue(v)}
              addonAfter={t('recycleBin.retention.set')}
              style={{ width: 140 }}
              data-testid="bin-retention-days"
            />
            <Switch checked={forever} onChange={setForever} data-testid="bin-retention-forever" /> {t('recycleBin.retention.keepForever')}
            <Button size="small" onClick={() => void save()} disabled={!forever && value === null} data-testid="bin-retention-save">
              {t('recycleBin.retention.save')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
