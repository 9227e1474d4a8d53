// Shipped default data (stages, loss reasons, follow-up methods, sources, industries) shows in English in the
// English UI while it still has its shipped Chinese name; a renamed or typed value shows as stored; zh-CN always as
// stored. The report exports follow the UI language the same way.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_LABELS, reportValueKind, shippedLabel } from '../../../main/contract/shippedLabels';
import { DEFAULT_FOLLOW_UP_METHODS } from '../../../main/contract/followUps';
import { DEFAULT_INDUSTRIES, DEFAULT_SOURCES } from '../../../main/services/customers/options';
import { displayText } from '../../../main/services/reports/export/cells';
import { makeTestApp } from '../../helpers/testApp';
import { makeDataset, NOV, type Dataset } from '../reports/dataset';
import { openWorld } from '../reminders/support';
import type { TFunction } from 'i18next';

describe('shippedLabel', () => {
  it('a shipped name is shown in English in the English UI', () => {
    expect(shippedLabel('stage', '初步接触', 'en')).toBe('Initial contact');
    expect(shippedLabel('stage', '赢单', 'en')).toBe('Won');
    expect(shippedLabel('lossReason', '价格太高', 'en')).toBe('Price too high');
    expect(shippedLabel('followUpMethod', '电话', 'en')).toBe('Phone');
    expect(shippedLabel('source', '转介绍', 'en')).toBe('Referral');
    expect(shippedLabel('industry', '制造业', 'en')).toBe('Manufacturing');
  });

  it('a renamed or typed value is shown as stored', () => {
    expect(shippedLabel('stage', '需求确认(已核实)', 'en')).toBe('需求确认(已核实)');
    expect(shippedLabel('stage', ' 初步接触', 'en')).toBe(' 初步接触'); // exactly the shipped name, nothing else
    expect(shippedLabel('followUpMethod', '钉钉', 'en')).toBe('钉钉');
    expect(shippedLabel('followUpMethod', 'Phone', 'en')).toBe('Phone');
    // per list: a shipped name of another list is not translated (电话营销 is a source, not a method)
    expect(shippedLabel('followUpMethod', '电话营销', 'en')).toBe('电话营销');
    expect(shippedLabel('stage', '其他', 'en')).toBe('其他');
    // nothing inherited from Object.prototype
    expect(shippedLabel('stage', 'constructor', 'en')).toBe('constructor');
  });

  it('zh-CN shows every value as stored', () => {
    for (const [kind, table] of Object.entries(SHIPPED_LABELS)) {
      for (const name of Object.keys(table)) expect(shippedLabel(kind as keyof typeof SHIPPED_LABELS, name, 'zh-CN')).toBe(name);
    }
  });

  it('report columns holding shipped names', () => {
    expect(reportValueKind('funnel', undefined, 'stageName')).toBe('stage');
    expect(reportValueKind('customerAnalysis', 'bySource', 'key')).toBe('source');
    expect(reportValueKind('customerAnalysis', 'conversionBySource', 'source')).toBe('source');
    expect(reportValueKind('customerAnalysis', 'byIndustry', 'key')).toBe('industry');
    expect(reportValueKind('customerAnalysis', 'byProvince', 'key')).toBeNull();
    expect(reportValueKind('salesPerformance', undefined, 'ownerName')).toBeNull();
    const t = ((k: string) => k) as unknown as TFunction;
    expect(displayText('funnel', undefined, 'stageName', '谈判签约', t, 'en')).toBe('Negotiation');
    expect(displayText('funnel', undefined, 'stageName', '谈判签约', t, 'zh-CN')).toBe('谈判签约');
  });
});

describe('the table covers exactly what the app ships', () => {
  it('the stages and loss reasons a new database is seeded with (migrations 0001, 0003), in order', async () => {
    const t = await makeTestApp();
    try {
      await t.setupAdmin();
      const stages = await t.ok('admin', 'stages:list');
      expect(stages.stages.map((s) => s.name)).toEqual(Object.keys(SHIPPED_LABELS.stage));
      const reasons = await t.ok('admin', 'lossReasons:list');
      expect(reasons.reasons.map((r) => r.name)).toEqual(Object.keys(SHIPPED_LABELS.lossReason));
      expect((await t.ok('admin', 'followUps:methods')).methods).toEqual(Object.keys(SHIPPED_LABELS.followUpMethod));
    } finally {
      await t.close();
    }
  });

  it('the default follow-up methods, sources and industries', () => {
    expect(Object.keys(SHIPPED_LABELS.followUpMethod)).toEqual([...DEFAULT_FOLLOW_UP_METHODS]);
    expect(Object.keys(SHIPPED_LABELS.source)).toEqual(DEFAULT_SOURCES);
    expect(Object.keys(SHIPPED_LABELS.industry)).toEqual(DEFAULT_INDUSTRIES);
    // every English label is distinct within its list (two values never look the same)
    for (const table of Object.values(SHIPPED_LABELS)) expect(new Set(Object.values(table)).size).toBe(Object.keys(table).length);
  });
});

describe('report exports follow the UI language', () => {
  let d: Dataset;
  beforeAll(async () => {
    d = await makeDataset();
  });
  afterAll(() => d.t.close());

  const funnelCsv = async (file: string) => {
    await d.t.ok('admin', 'reports:export', { report: 'funnel', params: NOV, format: 'csv', columns: [{ key: 'stageName', title: 'Stage' }], title: 'Funnel', path: file });
    return fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '').split('\r\n').filter(Boolean).slice(1);
  };

  it('funnel and industry tables: shipped names in English, a renamed stage and a typed industry as stored; zh-CN as stored', async () => {
    const { stages } = await d.t.ok('admin', 'stages:list');
    const renamed = stages.map((s) => ({ id: s.id, name: s.name === '需求确认' ? '需求确认(已核实)' : s.name, probability: s.probability, kind: s.kind }));
    await d.t.ok('admin', 'stages:update', { stages: renamed });

    await d.t.ok('admin', 'app:setLocale', { locale: 'en' });
    const en = await funnelCsv(path.join(d.t.dataDir, 'funnel-en.csv'));
    expect(en).toContain('Initial contact');
    expect(en).toContain('Won');
    expect(en).toContain('需求确认(已核实)');
    expect(en.join()).not.toMatch(/初步接触|赢单/);

    const file = path.join(d.t.dataDir, 'industry-en.csv');
    await d.t.ok('admin', 'reports:export', { report: 'customerAnalysis', params: NOV, table: 'byIndustry', format: 'csv', columns: [{ key: 'key', title: 'Industry' }], title: 'x', path: file });
    const industries = fs.readFileSync(file, 'utf8').split('\r\n');
    expect(industries).toContain('Manufacturing');
    expect(industries).toContain('零售'); // not a shipped industry

    await d.t.ok('admin', 'app:setLocale', { locale: 'zh-CN' });
    const zh = await funnelCsv(path.join(d.t.dataDir, 'funnel-zh.csv'));
    expect(zh).toContain('初步接触');
    expect(zh).toContain('需求确认(已核实)');
    expect(zh).not.toContain('Initial contact');
    // stored data never changes
    const names = (d.t.app.context.db.raw.prepare('SELECT name FROM stages WHERE archived_at IS NULL ORDER BY position').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['初步接触', '需求确认(已核实)', '方案报价', '谈判签约', '赢单', '输单']);
  });
});

describe('an automation rule fills {stage} in the app language when it writes', () => {
  it('a shipped stage in English while the app is English, a renamed one as stored', async () => {
    const w = await openWorld();
    try {
      const rep = w.user('rep', 'sales', '小李');
      await w.ok('admin', 'automations:create', {
        name: 'stage reminder',
        trigger: { type: 'deal.stageChanged', stageId: w.stageId('方案报价') },
        actions: [{ type: 'createReminder', days: 1, content: 'Follow up {deal} ({stage})' }],
      });
      const c = w.customer('Acme', rep);
      await w.ok('admin', 'app:setLocale', { locale: 'en' });
      const a = await w.ok('rep', 'deals:create', { name: 'Tea', customerId: c });
      await w.ok('rep', 'deals:moveStage', { id: a.id, version: a.version, stageId: w.stageId('方案报价') });
      await w.ok('admin', 'app:setLocale', { locale: 'zh-CN' });
      const b = await w.ok('rep', 'deals:create', { name: 'Cups', customerId: c });
      await w.ok('rep', 'deals:moveStage', { id: b.id, version: b.version, stageId: w.stageId('方案报价') });
      const contents = w.sql<{ content: string }>('SELECT content FROM reminders ORDER BY id').map((r) => r.content);
      expect(contents).toEqual(['Follow up Tea (Proposal & quote)', 'Follow up Cups (方案报价)']);
    } finally {
      await w.close();
    }
  });
});
