// The editable list of follow-up methods (电话, 微信, ...), kept in settings.
import type { Db } from '../../../db/sql';
import { DEFAULT_FOLLOW_UP_METHODS } from '../../contract/followUps';
import { getSetting, setSetting } from '../settings/store';

const KEY = 'followUps.methods';

export function followUpMethods(db: Db): string[] {
  const v = getSetting<unknown>(db, KEY, null);
  return Array.isArray(v) && v.length && v.every((m) => typeof m === 'string') ? (v as string[]) : [...DEFAULT_FOLLOW_UP_METHODS];
}

/** Trimmed, without duplicates, order kept. */
export function saveFollowUpMethods(db: Db, methods: string[]): string[] {
  const list = [...new Set(methods.map((m) => m.trim()).filter(Boolean))];
  setSetting(db, KEY, list);
  return list;
}
