// Messages of the recycle bin and the audit trail (main side), in both languages.
export const recycleBinZh = {
  errors: {
    nothingSelected: '请先选择要删除的客户。',
    notInBin: '有 {{count}} 项不在回收站中（可能已被恢复或永久删除），请刷新后重试。',
    clash: '有 {{count}} 项恢复后会与现有记录冲突，请选择“仍然恢复”或“跳过冲突项”。',
    customClash: '无法恢复“{{name}}”：{{field}}“{{value}}”已被{{other}}使用，该字段要求唯一。请先修改那条记录，或跳过此项。',
    moreClashes: '（另有 {{count}} 处唯一值冲突）',
    hiddenRecord: '另一条记录（您无权查看）',
    badCursor: '分页位置无效，请刷新列表。',
  },
};

export const recycleBinEn: typeof recycleBinZh = {
  errors: {
    nothingSelected: 'Select the customers to delete first.',
    notInBin: '{{count}} item(s) are no longer in the recycle bin (restored or purged meanwhile). Refresh and try again.',
    clash: '{{count}} item(s) would clash with existing records. Choose "Restore anyway" or "Skip clashing items".',
    customClash: 'Cannot restore "{{name}}": {{field}} "{{value}}" is now used by {{other}}, and the field must be unique. Change that record first, or skip this item.',
    moreClashes: ' ({{count}} more unique-value clash(es))',
    hiddenRecord: 'another record (not visible to you)',
    badCursor: 'The page position is not valid; refresh the list.',
  },
};

export const auditZh = {
  permissionName: '查看审计日志',
  /** summaries of entries written by the system or for events without a record name, in the app's language when written */
  summaries: {
    ownerCreated: '创建了店主账号 {{username}}',
    wrongPassword: '密码错误（连续 {{count}} 次）',
    lockedOut: '连续 {{count}} 次密码错误，锁定 {{seconds}} 秒',
    poolReturn: '自 {{since}} 起没有跟进（规则：{{days}} 天）',
    stageRemoved: '删除阶段：{{moved}} 个商机从“{{from}}”移到“{{to}}”',
    defaultProbability: '{{count}} 个商机采用“{{stage}}”的默认赢率',
    // session 10 (audit10): backups, reminders of follow-ups, logins, won/reopened deals — paths and system problem texts stay as given
    backup: {
      kind: { manual: '手动备份', auto: '自动备份', pinned: '保护快照' },
      reason: { restore: '恢复前', import: '导入前', migration: '升级前，数据结构 {{from}}→{{to}}' },
      encrypted: '已加密',
      noteSep: '，',
      created: '创建了{{what}}：{{path}}',
      createdNote: '创建了{{what}}（{{note}}）：{{path}}',
      deleted: '删除了{{what}} {{path}}（创建于 {{at}}）',
      checkProblems: '备份后的检查发现问题（{{path}}）：{{problem}}',
      verified: '校验了备份 {{path}}：{{level}}',
      level: { quick: '快速检查 quick_check', full: '完整检查 integrity_check + foreign_key_check' },
      restored: '从 {{source}} 恢复了数据（数据结构 {{schema}}）；恢复前的数据已保存为保护快照：{{pinned}}',
      restoredMigrated: '从 {{source}} 恢复了数据（数据结构 {{schema}}，由 {{from}} 升级）；恢复前的数据已保存为保护快照：{{pinned}}',
      restoreCheckOk: '恢复后的完整检查通过（来源 {{source}}）',
      restoreCheckFailed: '恢复后的完整检查未通过（来源 {{source}}）：{{problem}}',
      autoFailed: '自动备份失败：{{reason}}',
    },
    reminder: {
      created: '跟进记录 {{id}} 的下次跟进提醒：{{customer}}',
      cleared: '跟进记录 {{id}}：清除了下次跟进时间',
      cancelledWith: '（取消了 {{count}} 个提醒）',
      delivered: '已送达打开的窗口',
      missed: '用户未登录：下次登录时显示为错过的提醒',
    },
    auth: {
      unknownUser: '未知的用户名（{{count}} 个字符）',
      loginBlocked: '账号锁定中，拒绝登录（还剩 {{seconds}} 秒）',
      disabled: '账号已停用',
      passwordChanged: '修改了自己的密码',
    },
    deal: {
      customerWon: '{{customer}}：状态改为已成交（商机 #{{deal}} 赢单）',
      customerReopened: '{{customer}}：状态恢复（商机 #{{deal}} 撤销结单）',
      lossReasons: '输单原因',
    },
    /** what started an automation rule's run (automation/engine.ts), in words; the record by type and number */
    automation: {
      triggers: {
        'deal.stageChanged': '商机进入阶段',
        'deal.closed': '商机结单',
        'customer.created': '新建客户',
        'customer.ownerChanged': '客户分配给新负责人',
        'customer.statusChanged': '客户状态变化',
        'customer.noFollowUp': '客户超过 N 天未跟进',
      },
      target: { customer: '客户 #{{id}}', deal: '商机 #{{id}}' },
    },
    /** separates the record names an entry lists (a purge) */
    listSep: '、',
    /** records without a name of their own (audit/labels.ts numberedLabel) */
    record: { followUp: '跟进记录 #{{id}}', reminder: '提醒 #{{id}}' },
    /** which settings a settings.update entry changed */
    settings: { security: '安全设置', pool: '公海规则' },
  },
  exportTitle: '审计日志',
  columns: { id: '编号', at: '时间', user: '操作人', action: '操作', entity: '对象类型', entityId: '对象编号', batchId: '批次', changes: '变更', summary: '说明' },
  errors: {
    entryNotFound: '找不到这条变更记录。',
    batchNotFound: '找不到这个批次的变更记录。',
    notRevertible: '这条记录没有可以撤销的字段修改。',
    redacted: '这条记录的内容已随永久删除一并清除，无法撤销。',
    notUndoable: '这个批次的操作不支持整批撤销。',
    alreadyUndone: '这个批次已经撤销过了。',
    recordGone: '相关记录已不存在或在回收站中，无法撤销。',
    notAllowed: '您没有撤销这项修改所需的权限。',
    changedSince: '有 {{count}} 个字段在此之后又被修改过。确认仍要撤销吗？',
    exportFailed: '导出失败：{{reason}}',
  },
};

export const auditEn: typeof auditZh = {
  permissionName: 'View audit log',
  summaries: {
    ownerCreated: 'created the owner account {{username}}',
    wrongPassword: 'wrong password ({{count}} in a row)',
    lockedOut: 'locked for {{seconds}}s after {{count}} wrong passwords',
    poolReturn: 'no follow-up since {{since}} (rule: {{days}} days)',
    stageRemoved: 'stage removed: moved {{moved}} deals from {{from}} to {{to}}',
    defaultProbability: '{{count}} deals follow the default probability of {{stage}}',
    backup: {
      kind: { manual: 'manual backup', auto: 'automatic backup', pinned: 'safety snapshot' },
      reason: { restore: 'before a restore', import: 'before an import', migration: 'before an upgrade, schema {{from}}→{{to}}' },
      encrypted: 'encrypted',
      noteSep: ', ',
      created: '{{what}} created: {{path}}',
      createdNote: '{{what}} created ({{note}}): {{path}}',
      deleted: 'deleted {{what}} {{path}} (made {{at}})',
      checkProblems: 'check after backup found problems in {{path}}: {{problem}}',
      verified: 'verified {{path}} ({{level}})',
      level: { quick: 'quick_check', full: 'integrity_check + foreign_key_check' },
      restored: 'restored {{source}} (schema {{schema}}); previous data pinned at {{pinned}}',
      restoredMigrated: 'restored {{source}} (schema {{schema}}, migrated from {{from}}); previous data pinned at {{pinned}}',
      restoreCheckOk: 'full check of the database restored from {{source}}: ok',
      restoreCheckFailed: 'full check of the database restored from {{source}} FAILED: {{problem}}',
      autoFailed: 'automatic backup failed: {{reason}}',
    },
    reminder: {
      created: 'next follow-up reminder of follow-up {{id}}: {{customer}}',
      cleared: 'follow-up {{id}}: next time cleared',
      cancelledWith: ' (reminders cancelled: {{count}})',
      delivered: 'delivered to an open window',
      missed: 'user not logged in: shown as missed at the next login',
    },
    auth: {
      unknownUser: 'unknown user name ({{count}} characters)',
      loginBlocked: 'login refused while locked ({{seconds}}s left)',
      disabled: 'account disabled',
      passwordChanged: 'changed own password',
    },
    deal: {
      customerWon: '{{customer}}: status set to won (deal #{{deal}} won)',
      customerReopened: '{{customer}}: status restored (deal #{{deal}} reopened)',
      lossReasons: 'loss reasons',
    },
    automation: {
      triggers: {
        'deal.stageChanged': 'deal moves to stage',
        'deal.closed': 'deal is closed',
        'customer.created': 'customer is created',
        'customer.ownerChanged': 'customer gets a new owner',
        'customer.statusChanged': 'customer status changes',
        'customer.noFollowUp': 'no follow-up for N days',
      },
      target: { customer: 'customer #{{id}}', deal: 'deal #{{id}}' },
    },
    listSep: ', ',
    record: { followUp: 'follow-up #{{id}}', reminder: 'reminder #{{id}}' },
    settings: { security: 'security settings', pool: 'pool rules' },
  },
  exportTitle: 'Audit log',
  columns: { id: 'No.', at: 'Time', user: 'User', action: 'Action', entity: 'Record type', entityId: 'Record no.', batchId: 'Batch', changes: 'Changes', summary: 'Note' },
  errors: {
    entryNotFound: 'This change record does not exist.',
    batchNotFound: 'No change records belong to this batch.',
    notRevertible: 'This entry has no field change that can be reverted.',
    redacted: 'The values of this entry were removed with a permanent delete; it cannot be reverted.',
    notUndoable: 'This kind of batch cannot be undone as a whole.',
    alreadyUndone: 'This batch has already been undone.',
    recordGone: 'The record no longer exists or is in the recycle bin, so the change cannot be undone.',
    notAllowed: 'You lack the permission needed to undo this change.',
    changedSince: '{{count}} field(s) were changed again since. Undo anyway?',
    exportFailed: 'Export failed: {{reason}}',
  },
};
