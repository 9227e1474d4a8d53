// The data the app ships with (the built-in role names, default deal stages, loss reasons, follow-up methods,
// customer sources and industries) is stored in Chinese, as shipped; it is data, not UI text, so users may rename
// it. A value still exactly the shipped Chinese name is shown in the UI language, any other value (renamed, added,
// typed) as stored. Stored values never change, filters send them.
// Shared by main (report exports) and the renderer (lib/shippedLabel.ts).
import { DEFAULT_FOLLOW_UP_METHODS } from './followUps';
import { BUILTIN_ROLE_LABELS } from './roleLabels';

export type ShippedKind = 'role' | 'stage' | 'lossReason' | 'followUpMethod' | 'source' | 'industry';

/** shipped Chinese name → English, per kind (a name can mean different things in two lists). */
export const SHIPPED_LABELS: Record<ShippedKind, Record<string, string>> = {
  // roles.name is UNIQUE, so the name alone tells a built-in role still called by its shipped name
  role: Object.fromEntries(Object.values(BUILTIN_ROLE_LABELS).map((l) => [l['zh-CN'], l.en])),
  // db/migrations/0001_core.ts (a migration is frozen: the names are repeated here, a unit test compares them)
  stage: {
    初步接触: 'Initial contact',
    需求确认: 'Needs analysis',
    方案报价: 'Proposal & quote',
    谈判签约: 'Negotiation',
    赢单: 'Won',
    输单: 'Lost',
  },
  // db/migrations/0003_deals.ts
  lossReason: {
    价格太高: 'Price too high',
    选择了竞争对手: 'Chose a competitor',
    预算不足: 'No budget',
    需求取消: 'Need cancelled',
    联系不上: 'Unreachable',
    其他: 'Other',
  },
  // contract/followUps.ts DEFAULT_FOLLOW_UP_METHODS (a test checks every one has an entry)
  followUpMethod: {
    电话: 'Phone',
    微信: 'WeChat',
    邮件: 'Email',
    短信: 'SMS',
    拜访: 'Visit',
    活动: 'Event',
    其他: 'Other',
  } satisfies Record<(typeof DEFAULT_FOLLOW_UP_METHODS)[number], string>,
  // services/customers/options.ts DEFAULT_SOURCES / DEFAULT_INDUSTRIES
  source: {
    官网: 'Website',
    转介绍: 'Referral',
    展会: 'Trade show',
    电话营销: 'Telemarketing',
    线上广告: 'Online ads',
    其他: 'Other',
  },
  industry: {
    制造业: 'Manufacturing',
    互联网: 'Internet',
    软件和信息技术: 'Software & IT',
    批发零售: 'Wholesale & retail',
    餐饮住宿: 'Hospitality',
    教育培训: 'Education & training',
    医疗健康: 'Healthcare',
    金融保险: 'Finance & insurance',
    房地产: 'Real estate',
    建筑工程: 'Construction',
    物流运输: 'Logistics',
    农林牧渔: 'Agriculture',
    文化传媒: 'Media & culture',
    专业服务: 'Professional services',
    其他: 'Other',
  },
};

/** A stored value as the UI shows it: the shipped name in the UI language, anything else as stored. */
export function shippedLabel(kind: ShippedKind, value: string, locale: 'zh-CN' | 'en'): string {
  if (locale !== 'en') return value;
  return Object.hasOwn(SHIPPED_LABELS[kind], value) ? SHIPPED_LABELS[kind][value] : value;
}

/** A role's name as the UI shows it (roles.name is data; the three shipped names are translated). */
export const roleLabel = (name: string, locale: 'zh-CN' | 'en'): string => shippedLabel('role', name, locale);

/** Which shipped list a report table's text column holds (null: not one of them). Used by the report UI and its
 * exports (xlsx / csv / pdf follow the UI language, like their column titles and status words). */
export function reportValueKind(report: string, table: string | undefined, key: string): ShippedKind | null {
  if (report === 'funnel' && key === 'stageName') return 'stage';
  if (report === 'customerAnalysis') {
    if (table === 'conversionBySource' && key === 'source') return 'source';
    if (table === 'bySource' && key === 'key') return 'source';
    if (table === 'byIndustry' && key === 'key') return 'industry';
  }
  return null;
}
