// English counts agree with their noun ("1 deal", not "1 deals": review, session 17); Chinese has one form.
import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';

afterAll(() => i18n.changeLanguage('zh-CN'));

describe('counted nouns', () => {
  it('en: one and many', async () => {
    await i18n.changeLanguage('en');
    const t = i18n.t;
    expect(t('customers.detail.dealsTotal', { count: 1, n: 1, amount: '¥196.00' })).toBe('1 deal, ¥196.00 in total');
    expect(t('customers.detail.dealsTotal', { count: 3, n: 3, amount: '¥196.00' })).toBe('3 deals, ¥196.00 in total');
    expect(t('customers.total', { count: 1, n: '1' })).toBe('1 customer');
    expect(t('customers.total', { count: 1482, n: '1,482+' })).toBe('1,482+ customers');
    expect(t('customers.totalFiltered', { count: 1, n: '1' })).toBe('1 customer (filtered)');
    expect(t('deals.list.total', { count: 1 })).toBe('1 deal');
    expect(t('deals.list.total', { count: 2 })).toBe('2 deals');
    expect(t('reports.dashboard.pipelineSub', { count: 1, n: '1', amount: '¥5.00' })).toBe('1 deal, total ¥5.00');
    expect(t('reports.dashboard.wonSub', { count: 1200, n: '1,200', prev: '¥0.00' })).toBe('1,200 deals · last month ¥0.00');
    expect(t('pool.total', { n: '1,482+' })).toBe('1,482+ in all');
  });

  it('zh-CN: the same sentence for every count', async () => {
    await i18n.changeLanguage('zh-CN');
    const t = i18n.t;
    expect(t('customers.total', { count: 1, n: '1' })).toBe('共 1 位客户');
    expect(t('customers.total', { count: 1482, n: '1,482+' })).toBe('共 1,482+ 位客户');
    expect(t('pool.total', { n: '1,482+' })).toBe('共 1,482+ 位');
  });
});
