// 变更记录 tab of the customer detail page: who changed what, in words, newest first, with a revert
// button per field change (customers.edit). Readable by anyone who may see the customer (audit:list allows
// a customer's own history with customers.view + scope).
import { useMemo } from 'react';
import { Button, Empty, Skeleton, Space, Timeline, Typography } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditEntryRow } from '@contract/audit';
import { invoke } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../app/session';
import { actionLabel, changeSentence, registerCustomFieldLabels } from './describe';
import { fieldLabel as customFieldLabel, useFieldDefs } from '../fields/hooks';
import { useUserNames } from './useUserNames';
import { useRevert } from './useRevert';

function headline(e: AuditEntryRow, user: string, t: ReturnType<typeof useTranslation>['t']): string | null {
  const verb = e.action.split('.').pop();
  if (verb === 'create') return t('history.created', { user });
  if (verb === 'delete') return t('history.deleted', { user });
  if (verb === 'restore') return t('history.restored', { user });
  if (verb === 'revert' || verb === 'undo') return t('history.reverted', { user });
  if (!e.changes?.length) return t('history.other', { user, action: actionLabel(e.action, e.entity, t) });
  return null;
}

export function CustomerHistory({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const session = useSession();
  const users = useUserNames();
  const q = useInfiniteQuery({
    queryKey: ['audit:list', 'customer', customerId],
    queryFn: ({ pageParam }) => invoke('audit:list', { entity: 'customer', entityId: customerId, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.rows) ?? [], [q.data]);
  const revert = useRevert(users, () => void q.refetch());
  // custom field changes (`custom.<key>`) read with the field's label
  const defs = useFieldDefs('customer').data;
  if (defs) registerCustomFieldLabels(defs.map((f) => ({ key: f.key, label: customFieldLabel(f) })));
  const canRevert = session.can('customers.edit');

  if (q.isPending) return <Skeleton active data-testid="history-loading" />;
  if (q.error) return <Typography.Text type="danger">{(q.error as Error).message}</Typography.Text>;
  if (!rows.length) return <Empty description={t('history.noRecords')} data-testid="history-empty" />;
  return (
    <div data-testid="change-history">
      <Timeline
        items={rows.map((e) => {
          const user = e.userName ?? t('auditLog.system');
          const head = headline(e, user, t);
          const showChanges = e.changes && !['create', 'delete', 'restore'].includes(e.action.split('.').pop() ?? '');
          return {
            key: e.id,
            content: (
              <div data-testid="history-entry" data-action={e.action} data-audit-id={e.id}>
                {head && <div>{head}</div>}
                {showChanges &&
                  e.changes!.map((c) => (
                    <div key={c.field} className="history-change" data-testid="history-change" data-field={c.field}>
                      <Space size={8} wrap>
                        <span>{changeSentence(head ? '' : user, c, t, users).trim()}</span>
                        {canRevert && e.revertible && !c.redacted && (
                          <Button size="small" type="link" icon={<RollbackOutlined />} onClick={() => revert(e.id, c)} data-testid={`history-revert-${c.field}`}>
                            {t('history.revert')}
                          </Button>
                        )}
                      </Space>
                    </div>
                  ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
              </div>
            ),
          };
        })}
      />
      {q.hasNextPage && (
        <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('history.loadMore')}
        </Button>
      )}
    </div>
  );
}
