// CONFLICT on save: someone saved this customer after it was opened. Show what differs and let the
// user reload theirs or keep the edits (the next save then overwrites, based on the new version).
import { Button, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { Customer } from '../model/types';
import { EDITABLE_FIELDS, type CustomerFields, type EditableField } from './formValues';
import { displayValue } from '../detail/display';

export interface ConflictState {
  current: Customer;
  /** fields the other save changed (from details.changedFields, else computed) */
  changed: EditableField[];
  mine: CustomerFields;
  /** who saved it, when main says so */
  who?: string;
}

/** Which fields differ between the version the user started from and the one now saved. */
export function changedBetween(base: Customer, current: Customer, fromServer?: unknown): EditableField[] {
  const known = new Set<string>(EDITABLE_FIELDS);
  if (Array.isArray(fromServer)) {
    const listed = fromServer.filter((f): f is EditableField => typeof f === 'string' && known.has(f));
    if (listed.length) return listed;
  }
  return EDITABLE_FIELDS.filter((f) => JSON.stringify(base[f] ?? null) !== JSON.stringify(current[f] ?? null));
}

interface Props {
  state: ConflictState | null;
  onReload(): void;
  onKeepMine(): void;
}

export function ConflictDialog({ state, onReload, onKeepMine }: Props) {
  const { t } = useTranslation();
  if (!state) return null;
  const who = state.who ?? t('customers.conflict.someone');
  const rows = state.changed.map((f) => ({
    key: f,
    field: t(`customers.fields.${f}`),
    theirs: displayValue(f, state.current[f], t),
    mine: displayValue(f, (state.mine as Record<string, unknown>)[f] ?? null, t),
  }));
  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      width={640}
      title={t('customers.conflict.title')}
      footer={[
        <Button key="keep" onClick={onKeepMine} data-testid="conflict-keep-mine">
          {t('customers.conflict.keepMine')}
        </Button>,
        <Button key="reload" type="primary" onClick={onReload} data-testid="conflict-reload">
          {t('customers.conflict.reload')}
        </Button>,
      ]}
    >
      <div data-testid="conflict-dialog">
        <Typography.Paragraph>{t('customers.conflict.body', { who, at: formatDateTime(state.current.updatedAt) })}</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          dataSource={rows}
          data-testid="conflict-fields"
          columns={[
            { title: t('customers.conflict.field'), dataIndex: 'field', width: 120 },
            { title: t('customers.conflict.theirs'), dataIndex: 'theirs' },
            { title: t('customers.conflict.mine'), dataIndex: 'mine' },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('customers.conflict.keepMineHint')}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
