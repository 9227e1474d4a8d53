// The permission decision for every channel of the contract, read by channelMatrix.test.ts.
//
// ADDING A CHANNEL? Add its row here: `permission` must equal the channel's `permission` in the contract
// (null = any logged-in user, or public). Give `input` when a generated minimal input would not reach the
// handler meaningfully (ids of fixture records: see fixture.ts), and `outOfScope` when the channel takes a
// record id: an input naming a record a rep (scope own) must not reach — the test expects NOT_FOUND or
// FORBIDDEN for every scope-own role that holds the permission.
import os from 'node:os';
import path from 'node:path';
import type { Permission } from '../../../main/contract/permissions';
import type { Company } from './fixture';

export interface ChannelRule {
  permission: Permission | null;
  /** a valid input; default: a minimal value generated from the channel's schema */
  input?: (f: Company) => unknown;
  /** the handler also requires one of these (checked beyond the channel permission): roles holding none get FORBIDDEN */
  alsoNeedsOneOf?: Permission[];
  /** input naming a record outside a scope-own user's reach (another rep's customer) */
  outOfScope?: (f: Company) => unknown;
}

export const CHANNEL_RULES: Record<string, ChannelRule> = {
  // app / auth (foundation)
  'app:info': { permission: null },
  'app:setLocale': { permission: null, input: () => ({ locale: 'zh-CN' }) },
  'auth:status': { permission: null },
  'auth:setup': { permission: null },
  'auth:login': { permission: null },
  'auth:logout': { permission: null },
  'auth:changePassword': { permission: null },

  // users, roles, security (perm)
  'users:list': { permission: 'users.manage' },
  'users:options': { permission: null },
  'users:create': { permission: 'users.manage', input: (f) => ({ username: 'newbie', displayName: '新人', password: 'newbie-pass-1', roleId: f.roles.sales }) },
  'users:update': { permission: 'users.manage', input: (f) => ({ id: f.users.repB, version: 1, displayName: '李四四' }) },
  'users:disable': { permission: 'users.manage', input: (f) => ({ id: f.users.repB }) },
  'users:enable': { permission: 'users.manage', input: (f) => ({ id: f.users.repB }) },
  'users:resetPassword': { permission: 'users.manage', input: (f) => ({ id: f.users.repB, newPassword: 'another-pass-1' }) },
  'roles:list': { permission: 'roles.manage' },
  'roles:create': { permission: 'roles.manage', input: () => ({ name: '客服', permissions: ['customers.view'], scope: 'own' }) },
  'roles:update': { permission: 'roles.manage', input: (f) => ({ id: f.roles.sales, version: 1, name: '销售代表' }) },
  'roles:delete': { permission: 'roles.manage', input: (f) => ({ id: f.roles.sales }) },
  'security:settings': { permission: null },
  'security:updateSettings': { permission: 'settings.manage', input: () => ({ idleMinutes: 15 }) },

  // transfer, pool, notifications (perm)
  'customers:transfer': { permission: 'customers.transfer', input: (f) => ({ ids: [f.customers.a1], toUserId: f.users.repB }), outOfScope: (f) => ({ ids: [f.customers.b1], toUserId: f.users.repA }) },
  'pool:list': { permission: 'customers.view' },
  'pool:claim': { permission: 'pool.claim', input: (f) => ({ ids: [f.customers.pool1] }) },
  'pool:release': { permission: 'pool.release', input: (f) => ({ ids: [f.customers.a1], reason: '无意向' }), outOfScope: (f) => ({ ids: [f.customers.b1], reason: '越权' }) },
  'pool:settings': { permission: null },
  'pool:updateSettings': { permission: 'settings.manage', input: () => ({ claimCapPerDay: 10, returnEnabled: true, returnDays: 30, warnDays: 3 }) },
  'pool:returnPreview': { permission: 'settings.manage' },
  'notifications:list': { permission: null },
  'notifications:markRead': { permission: null, input: () => ({ all: true }) },

  // Recorded from the contract when this table was made; each domain's owner: review the decision and
  // add input / outOfScope rows for channels that take a record id.
  'customers:list': { permission: 'customers.view' },
  'customers:get': { permission: 'customers.view', input: (f) => ({ id: f.customers.a1 }), outOfScope: (f) => ({ id: f.customers.b1 }) },
  'customers:create': { permission: 'customers.create' },
  'customers:update': {
    permission: 'customers.edit',
    input: (f) => ({ id: f.customers.a1, version: 1, patch: { level: 'A' } }),
    outOfScope: (f) => ({ id: f.customers.b1, version: 1, patch: { level: 'A' } }),
  },
  'customers:delete': { permission: 'customers.delete', input: (f) => ({ ids: [f.customers.a1] }) },
  'customers:deletePreview': { permission: 'customers.delete' },
  'customers:batchPreview': { permission: 'customers.batchEdit' },
  'customers:batchUpdate': { permission: 'customers.batchEdit' },
  'customers:findDuplicates': { permission: 'customers.view' },
  'customers:options': { permission: 'customers.view' },
  'views:list': { permission: 'customers.view' },
  'views:save': { permission: 'customers.view' },
  'views:delete': { permission: 'customers.view' },
  'deals:list': { permission: 'deals.view' },
  'deals:board': { permission: 'deals.view' },
  'deals:get': { permission: 'deals.view' },
  'deals:create': { permission: 'deals.create' },
  'deals:update': { permission: 'deals.edit' },
  'deals:moveStage': { permission: 'deals.edit' },
  'deals:close': { permission: 'deals.edit' },
  'deals:reopen': { permission: 'deals.reopen' },
  'deals:delete': { permission: 'deals.delete' },
  'deals:options': { permission: 'deals.view' },
  'stages:list': { permission: 'deals.view' },
  'stages:update': { permission: 'settings.manage' },
  'lossReasons:list': { permission: 'deals.view' },
  'lossReasons:update': { permission: 'settings.manage' },
  'backup:create': { permission: 'backup.manage' },
  'backup:list': { permission: 'backup.manage' },
  'backup:verify': { permission: 'backup.manage' },
  'backup:delete': { permission: 'backup.manage' },
  'backup:settings': { permission: 'backup.manage' },
  'backup:inspect': { permission: 'backup.manage' },
  'backup:restore': { permission: 'backup.manage' },
  'dialog:openFile': { permission: null },
  'dialog:saveFile': { permission: null },
  'followUps:list': { permission: 'followUps.view' },
  'followUps:create': { permission: 'followUps.create' },
  'followUps:update': { permission: 'followUps.edit' },
  'followUps:delete': { permission: 'followUps.delete' },
  'followUps:methods': { permission: null },
  'followUps:setMethods': { permission: 'settings.manage' },
  'reminders:list': { permission: null },
  'reminders:create': { permission: null },
  'reminders:complete': { permission: null },
  'reminders:snooze': { permission: null },
  'reminders:reschedule': { permission: null },
  'reminders:cancel': { permission: null },
  'reminders:missed': { permission: null },
  'automations:list': { permission: 'settings.manage' },
  'automations:options': { permission: 'settings.manage' },
  'automations:create': { permission: 'settings.manage' },
  'automations:update': { permission: 'settings.manage' },
  'automations:delete': { permission: 'settings.manage' },
  'dashboard:summary': { permission: 'reports.view' },
  'reports:salesPerformance': { permission: 'reports.view' },
  'reports:customerAnalysis': { permission: 'reports.view' },
  'reports:salesTrend': { permission: 'reports.view' },
  'reports:funnel': { permission: 'reports.view' },
  'reports:options': { permission: 'reports.view' },
  'reports:setTimezone': { permission: 'settings.manage' },
  'reports:export': { permission: 'reports.view', alsoNeedsOneOf: ['customers.export', 'deals.export'] },

  // recycle bin and audit trail (audit)
  'recycleBin:list': { permission: 'recycleBin.restore' },
  'recycleBin:restore': { permission: 'recycleBin.restore', input: (f) => ({ ids: [`customer:${f.customers.a1}`] }) },
  'recycleBin:purge': { permission: 'recycleBin.purge', input: (f) => ({ ids: [`customer:${f.customers.a1}`] }) },
  'recycleBin:settings': { permission: null },
  'recycleBin:updateSettings': { permission: 'settings.manage', input: () => ({ retentionDays: 30 }) },
  // the customer's own history is readable with customers.view + scope; everything else needs audit.view
  'audit:list': {
    permission: null,
    alsoNeedsOneOf: ['audit.view', 'customers.view'],
    input: (f) => ({ entity: 'customer', entityId: f.customers.a1 }),
    outOfScope: (f) => ({ entity: 'customer', entityId: f.customers.b1 }),
  },
  'audit:verify': { permission: 'audit.view' },
  'audit:export': { permission: 'audit.view', input: () => ({ path: '/tmp/zg-matrix-audit.xlsx' }) },
  'audit:revert': { permission: null, alsoNeedsOneOf: ['customers.edit', 'deals.edit'], input: () => ({ auditId: 1 }) },
  'audit:undoBatch': { permission: null, alsoNeedsOneOf: ['customers.batchEdit', 'customers.transfer', 'customers.import'], input: () => ({ batchId: 'no-such-batch' }) },

  // custom fields and form layouts (fields, issue 13)
  'fields:list': { permission: null, input: () => ({ entity: 'customer' }) },
  'fields:create': { permission: 'settings.manage', input: () => ({ entity: 'customer', label: { zh: '微信号' }, type: 'text' }) },
  'fields:update': { permission: 'settings.manage', input: () => ({ id: 999, label: { zh: '微信' } }) },
  'fields:reorder': { permission: 'settings.manage', input: () => ({ entity: 'customer', ids: [] }) },
  'fields:retire': { permission: 'settings.manage', input: () => ({ id: 999 }) },
  'fields:restore': { permission: 'settings.manage', input: () => ({ id: 999 }) },
  'fields:delete': { permission: 'settings.manage', input: () => ({ id: 999, confirmKey: 'f999' }) },

  // import / export (impex, issue 8); files go to the temp folder
  'import:template': { permission: 'customers.import', input: () => ({ path: path.join(os.tmpdir(), 'zg-matrix-template.xlsx') }) },
  'import:preview': { permission: 'customers.import', input: () => ({ path: path.join(os.tmpdir(), 'zg-matrix-missing.xlsx') }) },
  'import:commit': { permission: 'customers.import' },
  'import:cancel': { permission: 'customers.import', input: () => ({ jobId: 'no-such-job' }) },
  'import:errorReport': { permission: 'customers.import', input: () => ({ jobId: 'no-such-job', path: path.join(os.tmpdir(), 'zg-matrix-errors.xlsx') }) },
  'import:mappings': { permission: 'customers.import' },
  'import:saveMapping': { permission: 'customers.import' },
  'import:undo': { permission: 'customers.import', input: () => ({ batchId: 'no-such-batch' }) },
  'export:columns': { permission: null, alsoNeedsOneOf: ['customers.export'], input: () => ({ entity: 'customers' }) },
  'export:run': {
    permission: null,
    alsoNeedsOneOf: ['customers.export'],
    input: () => ({ entity: 'customers', format: 'csv', path: path.join(os.tmpdir(), `zg-matrix-export-${process.pid}.csv`) }),
  },
  'forms:get': { permission: null, input: () => ({ entity: 'customer' }) },
  'forms:update': { permission: 'settings.manage', input: () => ({ entity: 'customer', layout: { sections: [{ id: 'main', title: { zh: '更多' }, fields: [] }] } }) },
};
