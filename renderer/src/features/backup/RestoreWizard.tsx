// The two-step restore: check the backup in staging (backup:inspect), show what is in it, then
// confirm (backup:restore). The live data is only touched by the final confirm.
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Progress, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import { ApiError, invoke } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../../app/session';
import { percentOf, useBackupProgress } from './useBackupProgress';

type Summary = ChannelOutput<'backup:inspect'>;

export function RestoreWizard({ open, initialPath, encrypted, onClose }: { open: boolean; initialPath: string | null; encrypted?: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [file, setFile] = useState<string | null>(initialPath);
  const [passphrase, setPassphrase] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState<'check' | 'restore' | null>(null);
  const [error, setError] = useState<{ field: 'path' | 'passphrase' | null; message: string } | null>(null);
  const [understood, setUnderstood] = useState(false);
  const progress = useBackupProgress(busy !== null);
  const step = summary ? (understood ? 2 : 1) : 0;

  const choose = async () => {
    const r = await invoke('dialog:openFile', { title: t('backup.restore.chooseFile'), filters: [{ name: '掌柜 CRM', extensions: ['zgbak', 'db'] }] });
    if (r.path) {
      setFile(r.path);
      setSummary(null);
      setError(null);
    }
  };

  const check = async () => {
    if (!file) return;
    setBusy('check');
    setError(null);
    try {
      setSummary(await invoke('backup:inspect', { path: file, ...(passphrase ? { passphrase } : {}) }));
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors : {};
      setError({ field: fe.passphrase ? 'passphrase' : fe.path ? 'path' : null, message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    if (!summary) return;
    setBusy('restore');
    try {
      await invoke('backup:restore', { stagingId: summary.stagingId });
      Modal.success({ title: t('backup.restore.done'), okText: t('form.ok') });
      await session.refresh(); // the session is gone: back to the login screen
    } catch (e) {
      setError({ field: null, message: (e as Error).message });
      setBusy(null);
    }
  };

  const needsPassphrase = encrypted ?? (file ? /\.zgbak$/i.test(file) : false);
  return (
    <Modal
      open={open}
      title={t('backup.restore.title')}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      mask={{ closable: false }}
      width={640}
      destroyOnHidden
      data-testid="restore-wizard"
      footer={
        <Space>
          <Button onClick={onClose} disabled={!!busy}>
            {t('backup.restore.cancel')}
          </Button>
          {!summary ? (
            <Button type="primary" onClick={() => void check()} disabled={!file} loading={busy === 'check'} data-testid="restore-check">
              {t('backup.restore.check')}
            </Button>
          ) : (
            <Button type="primary" danger onClick={() => void restore()} disabled={!understood} loading={busy === 'restore'} data-testid="restore-confirm">
              {t('backup.restore.confirm')}
            </Button>
          )}
        </Space>
      }
    >
      <Steps size="small" current={step} style={{ marginBottom: 24 }} items={[{ title: t('backup.restore.stepChoose') }, { title: t('backup.restore.stepCheck') }, { title: t('backup.restore.stepConfirm') }]} />
      {!summary && (
        <Form layout="vertical">
          <Form.Item label={t('backup.restore.file')} validateStatus={error?.field === 'path' ? 'error' : undefined} help={error?.field === 'path' ? error.message : undefined}>
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={file ?? ''} placeholder={t('backup.restore.noFile')} data-testid="restore-file" />
              <Button onClick={() => void choose()} data-testid="restore-choose">
                {t('backup.restore.chooseFile')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item
            label={t('backup.restore.passphrase')}
            extra={error?.field === 'passphrase' ? undefined : t('backup.restore.passphraseHelp')}
            validateStatus={error?.field === 'passphrase' ? 'error' : undefined}
            help={error?.field === 'passphrase' ? error.message : undefined}
            hidden={!needsPassphrase && error?.field !== 'passphrase'}
          >
            <Input.Password value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="restore-passphrase" onPressEnter={() => void check()} />
          </Form.Item>
          {busy === 'check' && (
            <>
              <Typography.Text type="secondary">{t('backup.restore.checking')}</Typography.Text>
              <Progress percent={percentOf(progress)} size="small" />
            </>
          )}
        </Form>
      )}
      {summary && (
        <div data-testid="restore-summary">
          <Descriptions size="small" bordered column={2} title={t('backup.restore.summary')}>
            <Descriptions.Item label={t('backup.restore.createdAt')} span={2}>
              {formatDateTime(summary.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.customers')}>
              <span data-testid="summary-customers">{formatNumber(summary.counts.customers)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.deals')}>{formatNumber(summary.counts.deals)}</Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.followUps')}>{formatNumber(summary.counts.followUps)}</Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.users')}>{formatNumber(summary.counts.users)}</Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.schema')} span={2}>
              {summary.migratedFrom ? t('backup.restore.migrated', { from: summary.migratedFrom, to: summary.schemaVersion }) : summary.schemaVersion}
            </Descriptions.Item>
            <Descriptions.Item label={t('backup.restore.checked')} span={2}>
              <span data-testid="summary-checked">{t(summary.checked === 'checksum' ? 'backup.restore.checkedChecksum' : summary.checked === 'quick' ? 'backup.restore.checkedQuick' : 'backup.restore.checkedFull')}</span>
            </Descriptions.Item>
          </Descriptions>
          {summary.checked !== 'full' && <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('backup.restore.deepAfter')} data-testid="summary-deep-after" />}
          <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('backup.restore.warning')} />
          <Checkbox style={{ marginTop: 16 }} checked={understood} onChange={(e) => setUnderstood(e.target.checked)} data-testid="restore-understand">
            {t('backup.restore.understand')}
          </Checkbox>
          {busy === 'restore' && <Progress percent={percentOf(progress)} size="small" status="active" />}
        </div>
      )}
      {error && error.field === null && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.message} data-testid="restore-error" />}
    </Modal>
  );
}
