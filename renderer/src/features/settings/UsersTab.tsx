// 用户管理: list, create (role + initial password), edit name/role, disable/enable, reset password.
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleLabel } from '../../lib/shippedLabel';
import type { ChannelOutput } from '@contract/index';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../app/session';

type User = ChannelOutput<'users:list'>['users'][number];

export function UsersTab() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const session = useSession();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users:list'], queryFn: () => invoke('users:list') });
  const roles = useQuery({ queryKey: ['roles:list'], queryFn: () => invoke('roles:list'), enabled: session.can('roles.manage') || session.can('users.manage') });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const reload = () => {
    void qc.invalidateQueries({ queryKey: ['users:list'] });
    void qc.invalidateQueries({ queryKey: ['roles:list'] });
    void qc.invalidateQueries({ queryKey: ['users:options'] });
  };
  const roleOptions = (roles.data?.roles ?? []).map((r) => ({ value: r.id, label: roleLabel(r.name) }));

  const toggle = async (u: User) => {
    try {
      await invoke(u.disabled ? 'users:enable' : 'users:disable', { id: u.id });
      void message.success(t('settings.users.saved'));
      reload();
    } catch (e) {
      showApiError(e);
    }
  };

  return (
    <div data-testid="users-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-add">
          {t('settings.users.add')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={users.data?.users ?? []}
        pagination={false}
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('settings.users.username'), dataIndex: 'username' },
          {
            title: t('settings.users.displayName'),
            dataIndex: 'displayName',
            render: (v: string, u) => (
              <>
                {v}
                {u.id === session.user?.id && <Typography.Text type="secondary">{t('settings.users.you')}</Typography.Text>}
              </>
            ),
          },
          { title: t('settings.users.role'), dataIndex: 'roleName', render: (name: string) => roleLabel(name) },
          {
            title: t('settings.users.status'),
            render: (_: unknown, u) => (
              <Space size={4}>
                {u.disabled ? <Tag>{t('settings.users.disabled')}</Tag> : <Tag color="green">{t('settings.users.active')}</Tag>}
                {u.lockedUntil && <Tag color="orange">{t('settings.users.locked')}</Tag>}
              </Space>
            ),
          },
          { title: t('settings.users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? formatDateTime(v) : t('settings.users.never')) },
          {
            title: t('settings.users.actions'),
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>
                  {t('settings.users.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(u)} data-testid={`user-reset-${u.username}`}>
                  {t('settings.users.resetPassword')}
                </Button>
                {u.id !== session.user?.id &&
                  (u.disabled ? (
                    <Button type="link" size="small" onClick={() => void toggle(u)} data-testid={`user-enable-${u.username}`}>
                      {t('settings.users.enable')}
                    </Button>
                  ) : (
                    <Popconfirm title={t('settings.users.confirmDisable', { name: u.displayName })} onConfirm={() => toggle(u)} okText={t('form.ok')} cancelText={t('form.cancel')}>
                      <Button type="link" size="small" danger data-testid={`user-disable-${u.username}`}>
                        {t('settings.users.disable')}
                      </Button>
                    </Popconfirm>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <CreateUserModal open={creating} roleOptions={roleOptions} onClose={() => setCreating(false)} onDone={reload} />
      <EditUserModal user={editing} roleOptions={roleOptions} onClose={() => setEditing(null)} onDone={reload} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} onDone={reload} />
    </div>
  );
}

type RoleOption = { value: number; label: string };

function CreateUserModal({ open, roleOptions, onClose, onDone }: { open: boolean; roleOptions: RoleOption[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; displayName: string; password: string; roleId: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; displayName: string; password: string; roleId: number }) => {
    setBusy(true);
    try {
      const u = await invoke('users:create', v);
      void message.success(t('settings.users.created', { name: u.displayName }));
      form.resetFields();
      onDone();
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const req = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  return (
    <Modal open={open} title={t('settings.users.createTitle')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} okText={t('form.save')} cancelText={t('form.cancel')} okButtonProps={{ 'data-testid': 'user-create-submit' } as Record<string, string>} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="user-create-form">
        <Form.Item name="username" label={t('settings.users.username')} rules={req(t('settings.users.username'))}>
          <Input autoComplete="off" data-testid="user-create-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('settings.users.displayName')} rules={req(t('settings.users.displayName'))}>
          <Input data-testid="user-create-display-name" />
        </Form.Item>
        <Form.Item name="roleId" label={t('settings.users.role')} rules={req(t('settings.users.role'))}>
          <Select options={roleOptions} data-testid="user-create-role" />
        </Form.Item>
        <Form.Item name="password" label={t('settings.users.initialPassword')} rules={[...req(t('settings.users.initialPassword')), { min: 8, message: t('form.passwordTooShort') }]}>
          <Input.Password autoComplete="new-password" data-testid="user-create-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditUserModal({ user, roleOptions, onClose, onDone }: { user: User | null; roleOptions: RoleOption[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ displayName: string; roleId: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { displayName: string; roleId: number }) => {
    if (!user) return;
    setBusy(true);
    try {
      await invoke('users:update', { id: user.id, version: user.version, ...v });
      void message.success(t('settings.users.saved'));
      onDone();
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!user} title={t('settings.users.editTitle')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} okText={t('form.save')} cancelText={t('form.cancel')} destroyOnHidden okButtonProps={{ 'data-testid': 'user-edit-submit' } as Record<string, string>}>
      {user && (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ displayName: user.displayName, roleId: user.roleId }}>
          <Form.Item name="displayName" label={t('settings.users.displayName')} rules={[{ required: true }]}>
            <Input data-testid="user-edit-display-name" />
          </Form.Item>
          <Form.Item name="roleId" label={t('settings.users.role')} rules={[{ required: true }]}>
            <Select options={roleOptions} data-testid="user-edit-role" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose, onDone }: { user: User | null; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ newPassword: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { newPassword: string }) => {
    if (!user) return;
    setBusy(true);
    try {
      await invoke('users:resetPassword', { id: user.id, newPassword: v.newPassword });
      void message.success(t('settings.users.resetDone', { name: user.displayName }));
      onDone();
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!user} title={user ? t('settings.users.resetTitle', { name: user.displayName }) : ''} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} okText={t('form.save')} cancelText={t('form.cancel')} destroyOnHidden okButtonProps={{ 'data-testid': 'user-reset-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="newPassword" label={t('settings.users.newPassword')} rules={[{ required: true, message: t('form.required', { field: t('settings.users.newPassword') }) }, { min: 8, message: t('form.passwordTooShort') }]}>
          <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
