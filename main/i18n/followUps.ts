// Messages of follow-ups, reminders and automation (issue 7), merged into zh-CN.ts / en.ts.
export const followUpsZh = {
  errors: {
    notFound: '找不到这条跟进记录（可能已删除，或不在您的数据范围内）。',
    stale: '这条跟进记录已被别人修改，请查看最新内容后再保存。',
    customerNotFound: '找不到这个客户（可能已删除，或不在您的数据范围内）。',
    unknownMethod: '请选择列表中的跟进方式。',
    atInFuture: '跟进时间不能晚于现在；以后的跟进请填写“下次跟进时间”。',
    nextAtPast: '下次跟进时间必须晚于现在。',
    dealNotOfCustomer: '这个商机不属于所选客户。',
    ownerOnlyManagers: '只有经理可以替别人记录跟进。',
    ownerUnknown: '找不到这个用户，或账号已停用。',
  },
  reminderDefault: '跟进客户：{{customer}}',
};
export const followUpsEn: typeof followUpsZh = {
  errors: {
    notFound: 'This follow-up was not found (it may be deleted or outside your data scope).',
    stale: 'Someone else changed this follow-up. Look at the latest version, then save again.',
    customerNotFound: 'This customer was not found (it may be deleted or outside your data scope).',
    unknownMethod: 'Choose a follow-up method from the list.',
    atInFuture: 'The follow-up time cannot be in the future; plan later contact with "next follow-up".',
    nextAtPast: 'The next follow-up time must be in the future.',
    dealNotOfCustomer: 'This deal does not belong to the chosen customer.',
    ownerOnlyManagers: 'Only managers can record follow-ups for someone else.',
    ownerUnknown: 'This user does not exist or is disabled.',
  },
  reminderDefault: 'Follow up with {{customer}}',
};

export const remindersZh = {
  errors: {
    notFound: '找不到这条提醒。',
    inPast: '提醒时间已经过去，请选择以后的时间。',
    othersForbidden: '只有经理（数据范围为“全部”的角色）可以提醒别人或查看别人的提醒。',
    userUnknown: '找不到这个用户，或账号已停用。',
    customerNotFound: '找不到这个客户（可能已删除，或不在您的数据范围内）。',
    dealNotFound: '找不到这个商机（可能已删除，或不在您的数据范围内）。',
    dealNotOfCustomer: '这个商机不属于所选客户。',
    cancelled: '这条提醒已取消。',
    notPending: '只有未完成的提醒可以推迟。',
    snoozeHow: '请给出推迟的分钟数，或推迟到的时间（二选一）。',
  },
  notifyTitle: '跟进提醒',
  notifyBody: '{{customer}}：{{content}}',
  systemActor: '提醒服务',
};
export const remindersEn: typeof remindersZh = {
  errors: {
    notFound: 'This reminder was not found.',
    inPast: 'That time has already passed. Choose a later time.',
    othersForbidden: "Only managers (roles with scope 'all') can remind others or see their reminders.",
    userUnknown: 'This user does not exist or is disabled.',
    customerNotFound: 'This customer was not found (it may be deleted or outside your data scope).',
    dealNotFound: 'This deal was not found (it may be deleted or outside your data scope).',
    dealNotOfCustomer: 'This deal does not belong to the chosen customer.',
    cancelled: 'This reminder was cancelled.',
    notPending: 'Only open reminders can be snoozed.',
    snoozeHow: 'Give either the minutes to snooze or the time to snooze until.',
  },
  notifyTitle: 'Follow-up reminder',
  notifyBody: '{{customer}}: {{content}}',
  systemActor: 'Reminder service',
};

export const automationZh = {
  errors: {
    notFound: '找不到这条自动化规则。',
    stale: '这条规则已被别人修改，请查看最新内容后再保存。',
    stage: '请选择一个进行中的阶段。',
    user: '找不到这个用户。',
    role: '找不到这个角色。',
    noRecipients: '请至少选择一个通知对象（负责人、用户或角色）。',
    condition: '条件的值与字段不匹配（金额用数字，其他用文字）。',
    dealFieldOnCustomer: '客户类触发条件下不能使用商机字段。',
  },
  actor: '自动化',
  notifyTitle: '自动化：{{rule}}',
  audit: {
    run: '规则「{{rule}}」已执行（{{trigger}} → {{target}}）',
    byRule: '由自动化规则「{{rule}}」执行',
    loopBlocked: '规则「{{rule}}」在同一连锁中已执行过，本次未再执行（防止循环）',
    depthLimit: '规则「{{rule}}」未执行：自动化连锁层数超过上限',
    failed: '规则「{{rule}}」执行失败，已跳过（原操作不受影响）',
  },
};
export const automationEn: typeof automationZh = {
  errors: {
    notFound: 'This automation rule was not found.',
    stale: 'Someone else changed this rule. Look at the latest version, then save again.',
    stage: 'Choose an open stage.',
    user: 'This user does not exist.',
    role: 'This role does not exist.',
    noRecipients: 'Choose at least one recipient (owner, users or roles).',
    condition: 'The value does not fit the field (a number for amounts, text otherwise).',
    dealFieldOnCustomer: 'Deal fields cannot be used with a customer trigger.',
  },
  actor: 'Automation',
  notifyTitle: 'Automation: {{rule}}',
  audit: {
    run: 'Rule "{{rule}}" ran ({{trigger}} → {{target}})',
    byRule: 'Done by automation rule "{{rule}}"',
    loopBlocked: 'Rule "{{rule}}" already ran in this chain and was not run again (loop guard)',
    depthLimit: 'Rule "{{rule}}" was not run: the automation chain is too deep',
    failed: 'Rule "{{rule}}" failed and was skipped (the original change stands)',
  },
};
