// Permanent delete asks twice: what it means, then a typed word (永久删除 / DELETE) before the button works.
import { useState } from 'react';
import { Input, Modal, Typography, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { StepProgress } from '../../lib/stepProgress';

interface Props {
  keys: string[] | null;
  onClose(): void;
  onDone(): void | Promise<void>;
}

export function PurgeConfirm({ keys, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [step, setStep] = useState<1 | 2>(1);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const n = keys?.length ?? 0;
  const word = t('recycleBin.purgeWord');
  const close = () => {
    setStep(1);
    setTyped('');
    onClose();
  };
  const purge = async () => {
    if (!keys) return;
    setBusy(true);
    try {
      const r = await invoke('recycleBin:purge', { ids: keys });
      void message.success(t('recycleBin.purged', { n: r.purged }));
      setStep(1);
      setTyped('');
      await onDone();
    } catch (e) {
      showApiError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Modal
        open={!!keys && step === 1}
        title={t('recycleBin.purgeTitle', { n })}
        okText={t('recycleBin.purgeNext')}
        okButtonProps={{ danger: true, 'data-testid': 'purge-next' } as never}
        onOk={() => setStep(2)}
        onCancel={close}
        data-testid="purge-dialog"
      >
        <Typography.Paragraph>{t('recycleBin.purgeBody')}</Typography.Paragraph>
      </Modal>
      <Modal
        open={!!keys && step === 2}
        title={t('recycleBin.purgeConfirmTitle')}
        okText={t('recycleBin.purge')}
        okButtonProps={{ danger: true, disabled: typed.trim() !== word, loading: busy, 'data-testid': 'purge-confirm' } as never}
        // main goes on with its steps whatever the window does: no "cancel" that would not cancel
        cancelButtonProps={{ disabled: busy }}
        closable={!busy}
        maskClosable={!busy}
        keyboard={!busy}
        onOk={() => void purge()}
        onCancel={close}
        data-testid="purge-confirm-dialog"
      >
        <Typography.Paragraph>{t('recycleBin.purgeConfirmBody', { word, n })}</Typography.Paragraph>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={word} data-testid="purge-type" />
        <StepProgress
          tasks={['purge']}
          active={busy}
          testId="purge-progress"
          // every row is gone (main's last event); the scrub of the file runs before the call returns
          detail={(p) => (p.done >= p.total ? <Typography.Paragraph type="secondary" data-testid="purge-scrubbing">{t('recycleBin.purgeScrubbing')}</Typography.Paragraph> : null)}
        />
      </Modal>
    </>
  );
}
