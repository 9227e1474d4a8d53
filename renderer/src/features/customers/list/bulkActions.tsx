// The actions the bulk bar offers for a selection. Each is a button plus the dialog it opens. Other
// features add theirs here; an action shows only
// if the user holds its permission and its channel exists in the contract, so no button is shown
// that cannot work.
import type { ComponentType, ReactNode } from 'react';
import { DeleteOutlined, EditOutlined, ExportOutlined, SwapOutlined } from '@ant-design/icons';
import type { Permission } from '@contract/permissions';
import { isChannelName } from '@contract/index';
import type { CustomerFilter, CustomerSort, CustomSort } from '../model/types';
import { BatchEditDialog } from '../batch/BatchEditDialog';
import { TransferDialog } from '../../customers-transfer/TransferDialog';
import { DeleteCustomersDialog } from '../../recycleBin/DeleteCustomersDialog';
import { useCustomerOptions } from './hooks';
import { ExportDialog } from '../../export/ExportDialog';

/** ids, or everything matching the filter + search (when "select all N" was chosen) */
export type BulkTarget = { ids: number[] } | { filter: CustomerFilter; query?: string };

export interface BulkDialogProps {
  open: boolean;
  target: BulkTarget;
  /** number of customers targeted (a lower bound when the total is capped) */
  count: number;
  /** the same, formatted for people ("10,000+") */
  countText: string;
  onClose(): void;
  /** data changed: the list reloads */
  onDone(): void;
  /** the list's built-in sort: an export writes the rows in the order the list shows them */
  sort?: CustomerSort | null;
  /** the list's custom-field sort (exports follow it too) */
  customSort?: CustomSort | null;
}

export interface BulkAction {
  key: string;
  /** i18n key of the button label */
  labelKey: string;
  icon?: ReactNode;
  danger?: boolean;
  permission: Permission;
  /** the channel the action calls; the button is hidden while the contract lacks it */
  channel: string;
  Dialog: ComponentType<BulkDialogProps>;
  /** the selected customers are gone when it is done (a delete): the selection is cleared */
  clearsSelection?: boolean;
}

function BatchEditAction(p: BulkDialogProps) {
  const options = useCustomerOptions();
  return <BatchEditDialog open={p.open} target={p.target} countText={p.countText} options={options.data} onClose={p.onClose} onDone={p.onDone} />;
}

function TransferAction(p: BulkDialogProps) {
  return <TransferDialog open={p.open} target={p.target} count={p.count} onClose={p.onClose} onDone={p.onDone} />;
}

function DeleteAction(p: BulkDialogProps) {
  const target = 'ids' in p.target ? { ids: p.target.ids } : { filter: p.target.filter, query: p.target.query };
  return <DeleteCustomersDialog open={p.open} target={target} onClose={p.onClose} onDeleted={() => (p.onDone(), p.onClose())} />;
}

function ExportAction(p: BulkDialogProps) {
  const t = p.target;
  const sort = p.sort ?? undefined;
  const customSort = p.customSort ?? undefined;
  return 'ids' in t ? (
    <ExportDialog open={p.open} entity="customers" ids={t.ids} sort={sort} customSort={customSort} onClose={p.onClose} />
  ) : (
    <ExportDialog open={p.open} entity="customers" filter={t.filter} query={t.query} sort={sort} customSort={customSort} filteredText={p.countText} onClose={p.onClose} />
  );
}

export const BULK_ACTIONS: BulkAction[] = [
  { key: 'batchEdit', labelKey: 'customers.bulk.batchEdit', icon: <EditOutlined />, permission: 'customers.batchEdit', channel: 'customers:batchUpdate', Dialog: BatchEditAction },
  { key: 'transfer', labelKey: 'customers.bulk.transfer', icon: <SwapOutlined />, permission: 'customers.transfer', channel: 'customers:transfer', Dialog: TransferAction },
  { key: 'export', labelKey: 'exporter.button', icon: <ExportOutlined />, permission: 'customers.export', channel: 'export:run', Dialog: ExportAction },
  { key: 'delete', labelKey: 'deleteCustomers.ok', icon: <DeleteOutlined />, danger: true, permission: 'customers.delete', channel: 'customers:delete', Dialog: DeleteAction, clearsSelection: true },
];

export function availableBulkActions(can: (p: Permission) => boolean): BulkAction[] {
  return BULK_ACTIONS.filter((a) => can(a.permission) && isChannelName(a.channel));
}
