// 审计日志 viewer (route '/audit', audit.view): filters (user, action, record type, date range, batch),
// newest first, integrity check, export to Excel, and undo of a whole batch (batch edit, transfer, import).
import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, RollbackOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { AuditEntryRow, AuditFilter, RevertConflict } from '@contract/audit';
import { ApiError, invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { StepProgress } from '../../lib/stepProgress';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../app/session';
import { actionLabel, changeSentence, fieldLabel, registerCustomFieldLabels, valueText } from './describe';
import { summaryWords } from './summaryWords';
import { fieldLabel as customFieldLabel, useFieldDefs } from '../fields/hooks';
import { useUserNames } from './useUserNames';
import { useRoleLabel } from '../../lib/shippedLabel';

const ENTITIES = ['customer', 'deal', 'followUp', 'reminder', 'user', 'role', 'settings', 'automationRule', 'report'];
const ACTIONS = ['create', 'update', 'delete', 'restore', 'purge', 'batchUpdate', 'transfer', 'revert', 'undo', 'login', 'export'];

export function AuditPage() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  // a role's entries name the role; a user's creation names it in brackets (userHandlers.ts): shipped names in the UI language
  const summaryText = (r: AuditEntryRow) =>
    r.entity === 'role'
      ? roleLabel(r.summary!)
      : r.action === 'user.create'
        ? r.summary!.replace(/\(([^()]+)\)$/, (_m, name: string) => `(${roleLabel(name)})`)
        : summaryWords(r.action, r.summary!, t);
  const { modal, message } = App.useApp();
  const session = useSession();
  const qc = useQueryClient();
  const users = useUserNames();
  const customDefs = useFieldDefs('customer').data; // labels of `custom.<key>` changes
  if (customDefs) registerCustomFieldLabels(customDefs.map((f) => ({ key: f.key, label: customFieldLabel(f) })));
  // `?batchId=`: opened from a batch's result (batch edit) to see or undo that batch
  const [search] = useSearchParams();
  const linkedBatch = search.get('batchId') ?? undefined;
  const [filter, setFilter] = useState<AuditFilter>(() => (linkedBatch ? { batchId: linkedBatch } : {}));
  const [action, setAction] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [undoing, setUndoing] = useState(false);

  // the action filter is a verb: match it on the chosen entity, or on every entity by suffix client-side
  const query: AuditFilter = useMemo(() => ({ ...filter, action: action && filter.entity ? `${filter.entity}.${action}` : undefined }), [filter, action]);
  const list = useInfiniteQuery({
    queryKey: ['audit:list', query],
    queryFn: ({ pageParam }) => invoke('audit:list', { ...query, cursor: pageParam, limit: 100 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: session.can('audit.view'),
  });
  const rows = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.rows) ?? [];
    return action && !filter.entity ? all.filter((r) => r.action.endsWith(`.${action}`)) : all;
  }, [list.data, action, filter.entity]);

  const verify = async () => {
    setBusy(true);
    try {
      const r = await invoke('audit:verify', {});
      if (r.ok) void message.success(t('auditLog.verifyOk', { n: r.checked }));
      else void message.error(t('auditLog.verifyBroken', { id: r.brokenAt, n: r.checked }), 8);
    } catch (e) {
      showApiError(e);
    } finally {
      setBusy(false);
    }
  };

  const exportXlsx = async () => {
    setBusy(true);
    try {
      const r = await invoke('audit:export', query);
      if (r.path) void message.success(t('auditLog.exported', { n: r.rows, path: r.path }));
    } catch (e) {
      showApiError(e);
    } finally {
      setBusy(false);
    }
  };

  const undo = (batchId: string, force = false): Promise<void> => {
    setUndoing(true);
    return invoke('audit:undoBatch', { batchId, force })
      .finally(() => setUndoing(false))
      .then((r) => {
        void message.success(t('auditLog.undone', { n: r.undone }));
        void qc.invalidateQueries({ queryKey: ['audit:list'] });
        void qc.invalidateQueries({ queryKey: ['customers:list'] });
      })
      .catch((e: unknown) => {
        const conflicts = e instanceof ApiError ? (e.details as { conflicts?: RevertConflict[] } | undefined)?.conflicts : undefined;
        if (e instanceof ApiError && e.code === 'CONFLICT' && conflicts && !force) {
          modal.confirm({
            title: t('auditLog.conflictTitle'),
            width: 560,
            content: (
              <div data-testid="undo-conflicts">
                <p>{t('auditLog.conflictBody')}</p>
                <ul>
                  {conflicts.slice(0, 20).map((c) => (
                    <li key={`${c.auditId}-${c.field}`}>
                      {t('auditLog.conflictRow', {
                        name: c.name ?? `#${c.entityId}`,
                        field: fieldLabel(c.field, t, c.entity),
                        current: valueText(c.field, c.current, t, users, c.entity),
                        expected: valueText(c.field, c.expected, t, users, c.entity),
                      })}
                    </li>
                  ))}
                </ul>
              </div>
            ),
            okText: t('auditLog.force'),
            okButtonProps: { danger: true, 'data-testid': 'undo-force' } as never,
            onOk: () => {
              void undo(batchId, true);
            },
          });
        } else showApiError(e);
      });
  };

  const confirmUndo = (batchId: string) =>
    modal.confirm({
      title: t('auditLog.undoBatchTitle'),
      content: t('auditLog.undoBatchBody'),
      okText: t('auditLog.undoBatch'),
      okButtonProps: { 'data-testid': 'undo-confirm' } as never,
      // the dialog closes at once: the page shows the undo's progress (a big batch takes seconds), and every
      // undo button waits until it has finished (one bulk write per window at a time)
      onOk: () => {
        void undo(batchId);
      },
    });

  const columns = [
    { title: t('auditLog.cols.at'), key: 'at', width: 150, render: (_: unknown, r: AuditEntryRow) => formatDateTime(r.at) },
    { title: t('auditLog.cols.user'), key: 'user', width: 100, render: (_: unknown, r: AuditEntryRow) => r.userName ?? t('auditLog.system') },
    { title: t('auditLog.cols.action'), key: 'action', width: 150, render: (_: unknown, r: AuditEntryRow) => <Tag>{actionLabel(r.action, r.entity, t)}</Tag> },
    {
      title: t('auditLog.cols.target'),
      key: 'target',
      width: 180,
      render: (_: unknown, r: AuditEntryRow) => (
        <Space direction="vertical" size={0}>
          {r.entityId !== null && <Typography.Text>{`#${r.entityId}`}</Typography.Text>}
          {r.summary && !/^version \d+$/.test(r.summary) && (
            // up to three lines, the whole text on hover: a backup's path or a won deal's note was cut after ~12 characters
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, tooltip: summaryText(r) }} style={{ maxWidth: 170, marginBottom: 0, overflowWrap: 'anywhere' }} data-testid="audit-summary">
              {summaryText(r)}
            </Typography.Paragraph>
          )}
        </Space>
      ),
    },
    {
      title: t('auditLog.cols.changes'),
      key: 'changes',
      render: (_: unknown, r: AuditEntryRow) =>
        r.redacted ? (
          <Typography.Text type="secondary">{t('auditLog.redacted')}</Typography.Text>
        ) : (
          r.changes?.slice(0, 6).map((c) => (
            <div key={c.field} data-testid="audit-change">
              {changeSentence('', c, t, users, r.entity).trim()}
            </div>
          ))
        ),
    },
    {
      title: t('auditLog.cols.batch'),
      key: 'batch',
      width: 150,
      render: (_: unknown, r: AuditEntryRow) =>
        r.batchId ? (
          <Space direction="vertical" size={2}>
            <a onClick={() => setFilter({ batchId: r.batchId! })} title={r.batchId}>
              {r.batchId.slice(0, 8)}
            </a>
            {r.batchUndoable && (
              <Button size="small" icon={<RollbackOutlined />} onClick={() => confirmUndo(r.batchId!)} disabled={undoing} data-testid={`undo-batch-${r.id}`}>
                {t('auditLog.undoBatch')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];

  return (
    <Card size="small" title={t('auditLog.title')} data-testid="audit-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('auditLog.filters.user')}
          style={{ width: 140 }}
          options={[...users.users].map(([id, name]) => ({ value: id, label: name }))}
          onChange={(v?: number) => setFilter((f) => ({ ...f, userId: v }))}
          data-testid="audit-filter-user"
        />
        <Select
          allowClear
          placeholder={t('auditLog.filters.entity')}
          style={{ width: 140 }}
          options={ENTITIES.map((e) => ({ value: e, label: t(`auditLog.entities.${e}`) }))}
          onChange={(v?: string) => setFilter((f) => ({ ...f, entity: v }))}
          data-testid="audit-filter-entity"
        />
        <Select
          allowClear
          placeholder={t('auditLog.filters.action')}
          style={{ width: 140 }}
          options={ACTIONS.map((a) => ({ value: a, label: t(`auditLog.actions.${a}`) }))}
          onChange={(v?: string) => setAction(v)}
          data-testid="audit-filter-action"
        />
        <DatePicker.RangePicker
          onChange={(v) => {
            const [from, to] = (v ?? [null, null]) as [Dayjs | null, Dayjs | null];
            setFilter((f) => ({ ...f, from: from?.startOf('day').toISOString(), to: to?.endOf('day').toISOString() }));
          }}
        />
        <Input.Search
          allowClear
          placeholder={t('auditLog.filters.batch')}
          style={{ width: 200 }}
          defaultValue={linkedBatch}
          onSearch={(v) => setFilter((f) => ({ ...f, batchId: v.trim() || undefined }))}
          data-testid="audit-filter-batch"
        />
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} loading={busy} data-testid="audit-verify">
          {t('auditLog.verify')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} loading={busy} data-testid="audit-export">
          {t('auditLog.export')}
        </Button>
      </Space>
      <StepProgress tasks={['restore', 'delete', 'undo']} active={undoing} testId="undo-progress" />
      <Table<AuditEntryRow>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={rows}
        columns={columns}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'audit-row', 'data-action': r.action }) as never}
        locale={{ emptyText: t('auditLog.empty') }}
      />
      {list.hasNextPage && (
        <Button block style={{ marginTop: 8 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('auditLog.loadMore')}
        </Button>
      )}
    </Card>
  );
}
