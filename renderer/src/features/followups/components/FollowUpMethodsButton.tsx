// Edit the list of follow-up methods (admins: settings.manage). Saved follow-ups keep their method.
import { App, Button, Modal, Select, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { showApiError } from '../../../lib/forms';
import { useFollowUpMethods } from './FollowUpDialog';
import { useShippedLabel } from '../../../lib/shippedLabel';

export function FollowUpMethodsButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const methods = useFollowUpMethods();
  const shipped = useShippedLabel();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string[]>([]);
  useEffect(() => {
    if (open) setValue(methods.data?.methods ?? []);
  }, [open, methods.data]);
  const save = useMutation({
    mutationFn: () => invoke('followUps:setMethods', { methods: value }),
    onSuccess: () => {
      void message.success(t('followUps.saved'));
      void qc.invalidateQueries({ queryKey: ['followUps', 'methods'] });
      setOpen(false);
    },
    onError: (e) => showApiError(e),
  });
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="follow-up-methods">
        {t('followUps.methodsTitle')}
      </Button>
      <Modal open={open} title={t('followUps.methodsTitle')} onCancel={() => setOpen(false)} onOk={() => save.mutate()} confirmLoading={save.isPending} okText={t('form.save')} cancelText={t('form.cancel')} okButtonProps={{ disabled: !value.length, 'data-testid': 'follow-up-methods-save' }}>
        {/* the tags are the stored names (what is saved); a shipped one also says how the English UI shows it */}
        <Select
          mode="tags"
          style={{ width: '100%' }}
          value={value}
          onChange={setValue}
          options={value.map((m) => ({ value: m, label: shipped('followUpMethod', m) === m ? m : t('withNote', { text: m, note: shipped('followUpMethod', m) }) }))}
          tokenSeparators={[',', '，']}
          data-testid="follow-up-methods-select"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('followUps.methodsHint')}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
