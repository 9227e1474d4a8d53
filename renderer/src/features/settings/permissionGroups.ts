// How the permission matrix groups permissions, and which actions the "view as role" preview lists.
import { PERMISSIONS, type Permission } from '@contract/permissions';

export const PERMISSION_GROUPS: { key: string; permissions: Permission[] }[] = [
  { key: 'customers', permissions: PERMISSIONS.filter((p) => p.startsWith('customers.')) },
  { key: 'pool', permissions: PERMISSIONS.filter((p) => p.startsWith('pool.')) },
  { key: 'deals', permissions: PERMISSIONS.filter((p) => p.startsWith('deals.')) },
  { key: 'followUps', permissions: PERMISSIONS.filter((p) => p.startsWith('followUps.')) },
  { key: 'other', permissions: PERMISSIONS.filter((p) => !/^(customers|pool|deals|followUps)\./.test(p)) },
];

/** Buttons and actions in the app and the permission each needs (i18n: permActions.<permission>). */
export const PREVIEW_ACTIONS: Permission[] = [
  'customers.create',
  'customers.edit',
  'customers.delete',
  'customers.import',
  'customers.export',
  'customers.batchEdit',
  'customers.transfer',
  'pool.claim',
  'pool.release',
  'deals.create',
  'deals.edit',
  'deals.delete',
  'deals.reopen',
  'followUps.create',
  'followUps.delete',
  'recycleBin.restore',
  'recycleBin.purge',
  'audit.view',
  'backup.manage',
  'users.manage',
  'roles.manage',
  'settings.manage',
];
