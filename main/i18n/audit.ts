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
