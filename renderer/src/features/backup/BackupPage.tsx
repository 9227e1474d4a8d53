// 备份与恢复: back up now (optionally encrypted), the list of backups with verify/delete/restore,
// the restore wizard and the automatic-backup settings.
import { Alert, Button, Card, Dropdown, Flex, Form, Input, Modal, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { DownOutlined, LockOutlined, SafetyCertificateOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelOutput } from '@contract/index';
import { invoke, onEvent } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../../app/session';
import { formatBytes, percentOf, useBackupProgress } from './useBackupProgress';
import { RestoreWizard } from './RestoreWizard';
import { BackupSettingsCard } from './BackupSettingsCard';

type Entry = ChannelOutput<'backup:list'>['backups'][number];

export function BackupPage() {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  // a new plain backup is checked (quick_check) in the background after it is listed: poll until it is
  const list = useQuery({
    queryKey: ['backup:list'],
    queryFn: () => invoke('backup:list'),
    refetchInterval: (q) => (q.state.data?.backups.some(pendingCheck) ? 2000 : false),
  });
  const [passphrase, setPassphrase] = useState('');
  const [passError, setPassError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [wizard, setWizard] = useState<{ path: string | null; encrypted?: boolean } | null>(null);
  const [verifyFor, setVerifyFor] = useState<{ entry: Entry; deep: boolean } | null>(null);
  const progress = useBackupProgress(running);

  // another window restored: this one's session is gone too
  useEffect(() => onEvent('app:reloaded', () => void session.refresh()), [session]);

  const refresh = () => qc.invalidateQueries({ queryKey: ['backup:list'] });

  const backUp = async (saveAs: boolean) => {
    setPassError(null);
    let path: string | undefined;
    if (saveAs) {
      const r = await invoke('dialog:saveFile', {
        title: t('backup.now.saveAs'),
        defaultName: `zhanggui-backup.${passphrase ? 'zgbak' : 'db'}`,
        filters: [{ name: '掌柜 CRM', extensions: [passphrase ? 'zgbak' : 'db'] }],
      });
      if (!r.path) return;
      path = r.path;
    }
    setRunning(true);
    try {
      const b = await invoke('backup:create', { ...(path ? { path } : {}), ...(passphrase ? { passphrase } : {}) });
      void message.success(t('backup.now.done', { file: b.file }));
      setPassphrase('');
      await refresh();
    } catch (e) {
      const fe = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
      if (fe.passphrase) setPassError(fe.passphrase);
      else showApiError(e);
    } finally {
      setRunning(false);
    }
  };

  const remove = async (b: Entry) => {
    try {
      await invoke('backup:delete', { path: b.path });
      void message.success(t('backup.list.deleted'));
      await refresh();
    } catch (e) {
      showApiError(e);
    }
  };

  const verify = async (b: Entry, deep: boolean, pass?: string) => {
    try {
      const r = await invoke('backup:verify', { path: b.path, ...(pass ? { passphrase: pass } : {}), ...(deep ? { deep: true } : {}) });
      void message.success(t(r.level === 'full' ? 'backup.list.verifyOkFull' : 'backup.list.verifyOkQuick', { customers: formatNumber(r.counts.customers), deals: formatNumber(r.counts.deals) }));
      setVerifyFor(null);
      await refresh();
    } catch (e) {
      showApiError(e);
    }
  };

  const kindLabel = (b: Entry) => {
    const color = b.kind === 'pinned' ? 'gold' : b.kind === 'auto' ? 'blue' : 'green';
    const reason = b.reason ? (t(`backup.reason.${b.reason}`, { defaultValue: b.reason }) as string) : null;
    return (
      <Space size={4}>
        <Tag color={color}>{t(`backup.kind.${b.kind}`)}</Tag>
        {reason && <Typography.Text type="secondary">{reason}</Typography.Text>}
      </Space>
    );
  };

  // the next backup (and an import's safety snapshot) would be refused for want of space
  const lowSpace = !!list.data && list.data.freeBytes !== null && list.data.freeBytes < list.data.needBytes;

  return (
    <div data-testid="backup-page" style={{ maxWidth: 1200 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('backup.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('backup.intro')}</Typography.Paragraph>

      <Flex gap={16} wrap align="stretch">
        <Card title={t('backup.now.title')} style={{ flex: '1 1 420px' }}>
          <Form layout="vertical">
            <Form.Item label={t('backup.now.passphrase')} extra={passError ? undefined : t('backup.now.passphraseHelp')} validateStatus={passError ? 'error' : undefined} help={passError ?? undefined}>
              <Input.Password value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" data-testid="backup-passphrase" disabled={running} />
            </Form.Item>
            <Space wrap>
              <Button type="primary" onClick={() => void backUp(false)} loading={running} data-testid="backup-now">
                {t('backup.now.toFolder')}
              </Button>
              <Button onClick={() => void backUp(true)} disabled={running} data-testid="backup-save-as">
                {t('backup.now.saveAs')}
              </Button>
              <Button onClick={() => setWizard({ path: null })} disabled={running} data-testid="restore-open">
                {t('backup.restore.open')}
              </Button>
            </Space>
            {running && (
              <div style={{ marginTop: 16 }} data-testid="backup-progress">
                <Typography.Text type="secondary">{progress ? t(`backup.progress.${progress.phase}`) : t('backup.progress.copy')}</Typography.Text>
                <Progress percent={percentOf(progress)} status="active" />
              </div>
            )}
          </Form>
        </Card>
        <BackupSettingsCard />
      </Flex>

      <Card
        title={t('backup.list.title')}
        style={{ marginTop: 16 }}
        extra={
          <Space>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }} data-testid="backup-folder">
              {list.data ? t('backup.list.folder', { folder: list.data.folder }) : ''}
            </Typography.Text>
            {list.data?.freeBytes != null && (
              <Typography.Text type={lowSpace ? 'danger' : 'secondary'} data-testid="backup-free">
                {t('backup.list.free', { free: formatBytes(list.data.freeBytes) })}
              </Typography.Text>
            )}
            <Button size="small" onClick={() => void refresh()}>
              {t('backup.list.refresh')}
            </Button>
          </Space>
        }
      >
        {list.error && <Alert type="error" showIcon title={(list.error as Error).message} />}
        {lowSpace && list.data && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="backup-low-space"
            title={t('backup.list.lowSpace', { free: formatBytes(list.data.freeBytes ?? 0), need: formatBytes(list.data.needBytes) })}
          />
        )}
        <Table<Entry>
          data-testid="backup-list"
          rowKey="path"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.backups ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('backup.list.empty') }}
          onRow={(b) => ({ 'data-testid': `backup-row-${b.file}` }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('backup.list.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('backup.list.kind'), key: 'kind', width: 200, render: (_v, b) => kindLabel(b) },
            {
              title: t('backup.list.contents'),
              key: 'counts',
              render: (_v, b) => (
                <Tooltip title={b.path}>
                  <span>{t('backup.list.counts', { customers: formatNumber(b.counts.customers), deals: formatNumber(b.counts.deals), followUps: formatNumber(b.counts.followUps) })}</span>
                </Tooltip>
              ),
            },
            { title: t('backup.list.size'), dataIndex: 'size', width: 100, align: 'right', render: (v: number) => formatBytes(v) },
            {
              title: t('backup.list.status'),
              key: 'status',
              width: 190,
              render: (_v, b) => (
                <Space size={4}>
                  {b.encrypted && (
                    <Tag icon={<LockOutlined />} color="purple">
                      {t('backup.list.encrypted')}
                    </Tag>
                  )}
                  {b.problem ? (
                    <Tooltip title={b.problem}>
                      <Tag icon={<WarningOutlined />} color="error" data-testid="backup-problem">
                        {t('backup.list.problem')}
                      </Tag>
                    </Tooltip>
                  ) : b.verified ? (
                    <Tooltip title={`${t(b.checks === 'full' ? 'backup.list.checkedFull' : 'backup.list.checkedQuick')}${b.verifiedAt ? ` · ${formatDateTime(b.verifiedAt)}` : ''}`}>
                      <Tag icon={<SafetyCertificateOutlined />} color="success" data-testid="backup-verified">
                        {t('backup.list.verified')}
                      </Tag>
                    </Tooltip>
                  ) : pendingCheck(b) ? (
                    <Tooltip title={t('backup.list.pendingHint')}>
                      <Tag icon={<SyncOutlined spin />} color="processing" data-testid="backup-checking">
                        {t('backup.list.checking')}
                      </Tag>
                    </Tooltip>
                  ) : (
                    <Tag>{t('backup.list.unverified')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('backup.list.actions'),
              key: 'actions',
              width: 200,
              render: (_v, b) => (
                <Space size={0}>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'quick', label: <span data-testid="backup-verify-quick">{t('backup.list.verifyQuick')}</span> },
                        { key: 'deep', label: <span data-testid="backup-verify-deep">{t('backup.list.verifyDeep')}</span> },
                      ],
                      onClick: ({ key }) => (b.encrypted ? setVerifyFor({ entry: b, deep: key === 'deep' }) : void verify(b, key === 'deep')),
                    }}
                  >
                    <Button type="link" size="small" data-testid="backup-verify">
                      {t('backup.list.verify')} <DownOutlined />
                    </Button>
                  </Dropdown>
                  <Button type="link" size="small" onClick={() => setWizard({ path: b.path, encrypted: b.encrypted })} data-testid="backup-restore">
                    {t('backup.list.restore')}
                  </Button>
                  <Popconfirm
                    title={b.kind === 'pinned' ? t('backup.list.deletePinnedConfirm', { reason: b.reason ?? '' }) : t('backup.list.deleteConfirm')}
                    onConfirm={() => void remove(b)}
                    okButtonProps={{ danger: true, ...({ 'data-testid': 'backup-delete-ok' } as Record<string, string>) }}
                  >
                    <Button type="link" size="small" danger data-testid="backup-delete">
                      {t('backup.list.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {wizard && <RestoreWizard open initialPath={wizard.path} encrypted={wizard.encrypted} onClose={() => setWizard(null)} />}
      <VerifyPassphrase entry={verifyFor?.entry ?? null} onCancel={() => setVerifyFor(null)} onOk={(p) => verifyFor && void verify(verifyFor.entry, verifyFor.deep, p)} />
    </div>
  );
}

/** A plain backup made in the last 10 minutes whose background check has not reported yet. */
function pendingCheck(b: Entry): boolean {
  return !b.encrypted && !b.verified && !b.problem && b.checks == null && Date.now() - Date.parse(b.createdAt) < 10 * 60_000;
}

function VerifyPassphrase({ entry, onCancel, onOk }: { entry: Entry | null; onCancel(): void; onOk(pass: string): void }) {
  const { t } = useTranslation();
  const [pass, setPass] = useState('');
  return (
    <Modal open={!!entry} title={t('backup.list.verify')} onCancel={onCancel} onOk={() => onOk(pass)} okText={t('backup.list.verify')} cancelText={t('form.cancel')} destroyOnHidden afterClose={() => setPass('')}>
      <Form layout="vertical">
        <Form.Item label={t('backup.restore.passphrase')}>
          <Input.Password value={pass} onChange={(e) => setPass(e.target.value)} autoComplete="off" data-testid="verify-passphrase" onPressEnter={() => onOk(pass)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
