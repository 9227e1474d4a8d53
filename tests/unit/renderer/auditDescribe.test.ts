// The audit trail reads a deal's, follow-up's and reminder's changes in words of their own records (a deal's `name`
// is its name, not 客户名称; stages by name; status, amount source and probability as the app shows them), and
// names the actions the trail used to show as code (closeWon, followUpDates, fire, …).
import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { actionLabel, changeSentence, type Names } from '../../../renderer/src/features/audit/describe';
import { summaryWords } from '../../../renderer/src/features/audit/summaryWords';

afterAll(() => i18n.changeLanguage('zh-CN'));

const names: Names = { users: new Map([[1, '王老板']]), roles: new Map(), stages: new Map([[1, '初步接触'], [5, '赢单']]), locale: 'zh-CN' };
const say = (field: string, old: unknown, now: unknown, entity: string | null) => changeSentence('', { field, old, new: now }, i18n.t, names, entity).trim();

describe('audit trail words for deals, follow-ups and reminders', () => {
  it('zh-CN', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(say('name', null, '年度采购', 'deal')).toBe('将 名称 设为 年度采购');
    expect(say('name', null, '西湖茶业', 'customer')).toBe('将 客户名称 设为 西湖茶业');
    expect(say('stageId', 1, 5, 'deal')).toBe('将 阶段 从 初步接触 改为 赢单');
    expect(say('stageId', 9, 5, 'deal')).toBe('将 阶段 从 #9 改为 赢单');
    expect(say('status', 'open', 'won', 'deal')).toBe('将 状态 从 进行中 改为 赢单');
    expect(say('status', 'following', 'won', 'customer')).toBe('将 状态 从 跟进中 改为 已成交');
    expect(say('probability', 10, 100, 'deal')).toBe('将 赢单率 从 10% 改为 100%');
    expect(say('amountSource', null, 'manual', 'deal')).toBe('将 金额来源 设为 手动填写');
    expect(say('customerId', null, 1, 'deal')).toBe('将 客户 设为 #1');
    expect(say('method', null, '电话', 'followUp')).toBe('将 跟进方式 设为 电话');
    expect(say('dueAt', null, '2026-12-01T01:23:00.000Z', 'reminder')).toMatch(/^将 提醒时间 设为 2026\/12\/01 \d\d:23$/);
    expect(actionLabel('deal.closeWon', 'deal', i18n.t)).toBe('商机 · 结单（赢单）');
    expect(actionLabel('customer.followUpDates', 'customer', i18n.t)).toBe('客户 · 更新跟进日期');
    expect(actionLabel('reminder.fire', 'reminder', i18n.t)).toBe('提醒 · 到期提醒');
    // an export is recorded as export.run on the exported list (review, session 17: it read "customers · 执行")
    expect(actionLabel('export.run', 'customers', i18n.t)).toBe('客户 · 导出');
    expect(actionLabel('export.run', 'deals', i18n.t)).toBe('商机 · 导出');
    expect(actionLabel('export.run', 'followUps', i18n.t)).toBe('跟进 · 导出');
  });

  it('en', async () => {
    await i18n.changeLanguage('en');
    expect(say('name', null, 'Annual order', 'deal')).toBe('set Name to Annual order');
    expect(say('stageId', 1, 5, 'deal')).toBe('changed Stage from 初步接触 to 赢单');
    expect(say('status', 'open', 'won', 'deal')).toBe('changed Status from Open to Won');
    expect(say('closedAt', null, '2026-11-20T00:00:00.000Z', 'deal')).toMatch(/^set Closed on to 11\/20\/2026, \d\d:00$/);
    expect(say('nextAt', null, '2026-12-01T01:23:00.000Z', 'followUp')).toMatch(/^set Next follow-up to /);
    expect(actionLabel('deal.closeLost', 'deal', i18n.t)).toBe('Deal · closed (lost)');
    expect(actionLabel('stage.remove', 'stage', i18n.t)).toBe('Stage · removed');
    expect(actionLabel('export.run', 'customers', i18n.t)).toBe('Customers · exported');
  });
});

describe('summaries stored as data read as sentences', () => {
  it('exports, imports, an import undo, the report time zone and a revert, in zh-CN and en', async () => {
    await i18n.changeLanguage('zh-CN');
    const exp = JSON.stringify({ format: 'xlsx', path: '/d/客户.xlsx', rows: 1200, bytes: 1, columns: ['name'], filter: null, query: null });
    expect(summaryWords('export.run', exp, i18n.t)).toBe('导出 1,200 行到 /d/客户.xlsx');
    const imp = JSON.stringify({ file: 'a.xlsx', sheet: 'S1', created: 3, updated: 2, skipped: 1, failed: 0, cancelled: true });
    expect(summaryWords('import.commit', imp, i18n.t)).toBe('a.xlsx：新建 3，更新 2，跳过 1，失败 0（已取消）');
    expect(summaryWords('import.undo', JSON.stringify({ undoOf: 'b', removed: 3, restored: 2, conflicts: 0 }), i18n.t)).toBe('撤销导入：3 个新建的客户移入回收站，2 个更新的客户已还原');
    expect(summaryWords('report.timezone', JSON.stringify({ tzOffsetMinutes: 480 }), i18n.t)).toBe('报表时区改为 UTC+8');
    expect(summaryWords('audit.revert', 'mobile, email', i18n.t)).toBe('手机、邮箱');
    // stored text stays as it is
    expect(summaryWords('customer.update', '{not json', i18n.t)).toBe('{not json');
    expect(summaryWords('backup.create', '创建了手动备份：/d/b.db', i18n.t)).toBe('创建了手动备份：/d/b.db');

    await i18n.changeLanguage('en');
    expect(summaryWords('audit.export', JSON.stringify({ path: '/d/audit.xlsx', rows: 5, bytes: 1, filter: {} }), i18n.t)).toBe('5 rows exported to /d/audit.xlsx');
    expect(summaryWords('report.timezone', JSON.stringify({ tzOffsetMinutes: -330 }), i18n.t)).toBe('report time zone set to UTC-5:30');
    expect(summaryWords('audit.revert', 'mobile, email', i18n.t)).toBe('Mobile, Email');
  });
});

describe('the language setting', () => {
  it('reads as the language names', async () => {
    await i18n.changeLanguage('en');
    expect(say('locale', 'zh-CN', 'en', 'settings')).toBe('changed Language from 中文 to English');
    await i18n.changeLanguage('zh-CN');
    expect(say('locale', 'en', 'zh-CN', 'settings')).toBe('将 界面语言 从 English 改为 中文');
  });
});

describe('counts and record types stored as summaries', () => {
  it('read as words', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(summaryWords('reminder.missedSeen', '3', i18n.t)).toBe('看到 3 个错过的提醒');
    expect(summaryWords('form.update', 'deal', i18n.t)).toBe('商机');
    await i18n.changeLanguage('en');
    expect(summaryWords('notification.read', '1', i18n.t)).toBe('1 notification marked read');
    expect(summaryWords('notification.read', '4', i18n.t)).toBe('4 notifications marked read');
    expect(summaryWords('field.reorder', 'followUp', i18n.t)).toBe('Follow-up');
  });
});
