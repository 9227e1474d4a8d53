// Automatic backups: on/off, the folder (default inside the data folder; a USB disk works) and how
// many hourly/daily/weekly backups rotation keeps.
import { Button, Card, Form, InputNumber, Space, Switch, Typography, message } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '@contract/index';
import { invoke } from '../../lib/api';

type SettingsPatch = NonNullable<NonNullable<ChannelInput<'backup:settings'>>['set']>;
import { showApiError } from '../../lib/forms';

interface Values {
  schedule: boolean;
  keepHourly: number;
  keepDaily: number;
  keepWeekly: number;
}

export function BackupSettingsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({ queryKey: ['backup:settings'], queryFn: () => invoke('backup:settings') });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = async (set: SettingsPatch) => {
    try {
      const s = await invoke('backup:settings', { set });
      qc.setQueryData(['backup:settings'], s);
      await qc.invalidateQueries({ queryKey: ['backup:list'] });
      void message.success(t('backup.settings.saved'));
    } catch (e) {
      showApiError(e, form);
    }
  };

  const chooseFolder = async () => {
    const r = await invoke('dialog:saveFile', { title: t('backup.settings.chooseFolder'), defaultName: 'zhanggui-backups' });
    if (r.path) await save({ folder: r.path });
  };

  const s = settings.data;
  return (
    <Card title={t('backup.settings.title')} style={{ flex: '1 1 420px' }} data-testid="backup-settings">
      <Form form={form} layout="horizontal" labelCol={{ flex: '150px' }} labelAlign="left" onFinish={(v) => void save(v)}>
        <Form.Item label={t('backup.settings.schedule')} name="schedule" valuePropName="checked" extra={t('backup.settings.scheduleHelp')}>
          <Switch data-testid="backup-schedule" />
        </Form.Item>
        <Form.Item label={t('backup.settings.folder')}>
          <Typography.Text code ellipsis style={{ maxWidth: 300 }} data-testid="backup-settings-folder">
            {s?.folder}
          </Typography.Text>
          <Space size={4}>
            <Button size="small" onClick={() => void chooseFolder()}>
              {t('backup.settings.chooseFolder')}
            </Button>
            {s && s.folder !== s.defaultFolder && (
              <Button size="small" onClick={() => void save({ folder: null })}>
                {t('backup.settings.resetFolder')}
              </Button>
            )}
          </Space>
        </Form.Item>
        {(['keepHourly', 'keepDaily', 'keepWeekly'] as const).map((k) => (
          <Form.Item key={k} label={t(`backup.settings.${k}`)} name={k} rules={[
              { required: true, message: t('form.required', { field: t(`backup.settings.${k}`) }) },
              { type: 'integer', min: 0, max: 1000, message: t('backup.settings.keepRange') },
            ]} style={{ marginBottom: 12 }}>
            <InputNumber min={0} max={1000} precision={0} suffix={t('backup.settings.unit')} style={{ width: 120 }} data-testid={`backup-${k}`} />
          </Form.Item>
        ))}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('backup.settings.pinnedNote')}
        </Typography.Paragraph>
        <Button htmlType="submit" data-testid="backup-settings-save">
          {t('backup.settings.save')}
        </Button>
      </Form>
    </Card>
  );
}
