// Every permission a role can hold. Channels name one of these; roles store a subset.
// The labels are i18n keys (`perm.<name>`) shown in the permission matrix.
export const PERMISSIONS = [
  'customers.view',
  'customers.create',
  'customers.edit',
  'customers.delete',
  'customers.import',
  'customers.export',
  'customers.batchEdit',
  'customers.transfer',
  'pool.claim',
  'pool.release',
  'deals.view',
  'deals.create',
  'deals.edit',
  'deals.delete',
  'deals.export',
  'deals.transfer',
  'deals.reopen',
  'followUps.view',
  'followUps.create',
  'followUps.edit',
  'followUps.delete',
  'followUps.export',
  'reports.view',
  'recycleBin.restore',
  'recycleBin.purge',
  'audit.view',
  'backup.manage',
  'users.manage',
  'roles.manage',
  'settings.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type DataScope = 'own' | 'all';

export const BUILTIN_ROLES = {
  admin: { name: '管理员', scope: 'all' as DataScope, permissions: [...PERMISSIONS] as Permission[] },
  manager: {
    name: '销售经理',
    scope: 'all' as DataScope,
    permissions: PERMISSIONS.filter(
      (p) => !['users.manage', 'roles.manage', 'backup.manage', 'recycleBin.purge', 'settings.manage'].includes(p),
    ) as Permission[],
  },
  sales: {
    name: '销售',
    scope: 'own' as DataScope,
    permissions: [
      'customers.view',
      'customers.create',
      'customers.edit',
      'customers.batchEdit',
      'pool.claim',
      'pool.release',
      'deals.view',
      'deals.create',
      'deals.edit',
      'followUps.view',
      'followUps.create',
      'followUps.edit',
      'reports.view',
    ] as Permission[],
  },
} as const;

export type BuiltinRoleKey = keyof typeof BUILTIN_ROLES;
