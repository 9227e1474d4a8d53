// 角色权限: the matrix roles × permissions with each role's data scope. Edits are drafted locally and
// saved per role (roles:update); built-in roles can be edited but not deleted.
import { Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import type { Permission } from '@contract/permissions';
import { PERMISSION_LABELS } from '@contract/permissionLabels';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { useRoleLabel } from '../../lib/shippedLabel';
import { PERMISSION_GROUPS } from './permissionGroups';

type Role = ChannelOutput<'roles:list'>['roles'][number];
type Draft = Record<number, { permissions: Permission[]; scope: 'own' | 'all' }>;
type MatrixRow = { key: string; kind: 'group' | 'scope' | 'perm'; permission?: Permission; group?: string };

export function RolesTab() {
  const { t } = useTranslation();
  const { locale } = useSession();
  const roleLabel = useRoleLabel();
  const qc = useQueryClient();
  const roles = useQuery({ queryKey: ['roles:list'], queryFn: () => invoke('roles:list') });
  const [draft, setDraft] = useState<Draft>({});
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const list = roles.data?.roles ?? [];
  const current = (r: Role) => draft[r.id] ?? { permissions: r.permissions, scope: r.scope };
  const dirtyIds = list.filter((r) => draft[r.id] && (draft[r.id].scope !== r.scope || [...draft[r.id].permissions].sort().join() !== [...r.permissions].sort().join())).map((r) => r.id);

  const toggle = (r: Role, p: Permission, on: boolean) => {
    const c = current(r);
    setDraft({ ...draft, [r.id]: { ...c, permissions: on ? [...c.permissions, p] : c.permissions.filter((x) => x !== p) } });
  };
  const setScope = (r: Role, scope: 'own' | 'all') => setDraft({ ...draft, [r.id]: { ...current(r), scope } });

  const save = async () => {
    setSaving(true);
    try {
      for (const id of dirtyIds) {
        const r = list.find((x) => x.id === id)!;
        await invoke('roles:update', { id, version: r.version, permissions: draft[id].permissions, scope: draft[id].scope });
      }
      setDraft({});
      void message.success(t('settings.roles.saved'));
    } catch (e) {
      showApiError(e);
    } finally {
      setSaving(false);
      void qc.invalidateQueries({ queryKey: ['roles:list'] });
    }
  };
  const remove = async (r: Role) => {
    try {
      await invoke('roles:delete', { id: r.id });
      void qc.invalidateQueries({ queryKey: ['roles:list'] });
    } catch (e) {
      showApiError(e);
    }
  };

  const rows: MatrixRow[] = useMemo(
    () => [
      { key: 'scope', kind: 'scope' },
      ...PERMISSION_GROUPS.flatMap((g) => [{ key: `g-${g.key}`, kind: 'group' as const, group: g.key }, ...g.permissions.map((p) => ({ key: p, kind: 'perm' as const, permission: p }))]),
    ],
    [],
  );

  const roleHeader = (r: Role) => (
    <Space direction="vertical" size={0} data-testid={`role-col-${r.name}`}>
      <Space size={4}>
        <Typography.Text strong data-testid={`role-name-${r.id}`}>{roleLabel(r.name)}</Typography.Text>
        {r.builtinKey && <Tag>{t('settings.roles.builtin')}</Tag>}
        {!r.builtinKey && (
          <Popconfirm title={t('settings.roles.confirmDelete', { name: roleLabel(r.name) })} onConfirm={() => remove(r)} okText={t('form.ok')} cancelText={t('form.cancel')} disabled={r.userCount > 0}>
            <Tooltip title={r.userCount > 0 ? t('settings.roles.users', { count: r.userCount }) : t('settings.roles.delete')}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={r.userCount > 0} data-testid={`role-delete-${r.name}`} />
            </Tooltip>
          </Popconfirm>
        )}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('settings.roles.users', { count: r.userCount })}
      </Typography.Text>
    </Space>
  );

  return (
    <div data-testid="roles-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="role-add">
          {t('settings.roles.add')}
        </Button>
        <Button type="primary" disabled={!dirtyIds.length} loading={saving} onClick={() => void save()} data-testid="roles-save">
          {t('settings.roles.save')}
        </Button>
        <Button disabled={!dirtyIds.length} onClick={() => setDraft({})}>
          {t('settings.roles.discard')}
        </Button>
        {dirtyIds.length > 0 && <Typography.Text type="warning">{t('settings.roles.dirty')}</Typography.Text>}
      </Space>
      <Table<MatrixRow>
        data-testid="permission-matrix"
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        loading={roles.isLoading}
        dataSource={rows}
        scroll={{ x: 200 + list.length * 150, y: 560 }}
        rowClassName={(row) => (row.kind === 'group' ? 'perm-group-row' : '')}
        columns={[
          {
            title: t('settings.roles.permission'),
            key: 'label',
            fixed: 'left',
            width: 200,
            onCell: (row) => (row.kind === 'group' ? { colSpan: list.length + 1, style: { background: '#fafafa', fontWeight: 600 } } : {}),
            render: (_: unknown, row) =>
              row.kind === 'group' ? t(`settings.roles.groups.${row.group}`) : row.kind === 'scope' ? <Typography.Text strong>{t('settings.roles.scope')}</Typography.Text> : PERMISSION_LABELS[row.permission!][locale],
          },
          ...list.map((r) => ({
            title: roleHeader(r),
            key: String(r.id),
            width: 150,
            align: 'center' as const,
            onCell: (row: MatrixRow) => (row.kind === 'group' ? { colSpan: 0 } : {}),
            render: (_: unknown, row: MatrixRow) => {
              const c = current(r);
              if (row.kind === 'scope') {
                return (
                  <Select
                    size="small"
                    value={c.scope}
                    style={{ width: 120 }}
                    onChange={(v) => setScope(r, v)}
                    options={[
                      { value: 'own', label: t('settings.roles.scopeOwn') },
                      { value: 'all', label: t('settings.roles.scopeAll') },
                    ]}
                    data-testid={`role-scope-${r.name}`}
                  />
                );
              }
              if (row.kind !== 'perm') return null;
              const p = row.permission!;
              return <Checkbox checked={c.permissions.includes(p)} onChange={(e) => toggle(r, p, e.target.checked)} data-testid={`perm-${r.name}-${p}`} />;
            },
          })),
        ]}
      />
      <CreateRoleModal open={creating} roles={list} onClose={() => setCreating(false)} onDone={() => void qc.invalidateQueries({ queryKey: ['roles:list'] })} />
    </div>
  );
}

function CreateRoleModal({ open, roles, onClose, onDone }: { open: boolean; roles: Role[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const [form] = Form.useForm<{ name: string; scope: 'own' | 'all'; copyFrom?: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { name: string; scope: 'own' | 'all'; copyFrom?: number }) => {
    setBusy(true);
    try {
      const base = roles.find((r) => r.id === v.copyFrom);
      await invoke('roles:create', { name: v.name, scope: v.scope, permissions: base?.permissions ?? [] });
      form.resetFields();
      onDone();
      onClose();
    } catch (e) {
      showApiError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('settings.roles.createTitle')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} okText={t('form.save')} cancelText={t('form.cancel')} destroyOnHidden okButtonProps={{ 'data-testid': 'role-create-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ scope: 'own' }}>
        <Form.Item name="name" label={t('settings.roles.name')} rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('settings.roles.name') }) }]}>
          <Input maxLength={30} data-testid="role-create-name" />
        </Form.Item>
        <Form.Item name="scope" label={t('settings.roles.scope')}>
          <Select options={[{ value: 'own', label: t('settings.roles.scopeOwn') }, { value: 'all', label: t('settings.roles.scopeAll') }]} />
        </Form.Item>
        <Form.Item name="copyFrom" label={t('settings.roles.copyFrom')}>
          <Select allowClear options={roles.map((r) => ({ value: r.id, label: roleLabel(r.name) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
