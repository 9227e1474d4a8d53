import type { Db } from '../../../db/sql';

/** Settings are JSON values under a key; callers own the shape of their key. */
export function getSetting<T>(db: Db, key: string, fallback: T): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

/** Bumped by every setSetting on that database (rolled back or not): lets a hot reader cache a value safely. */
const versions = new WeakMap<Db, number>();
export function settingsVersion(db: Db): number {
  return versions.get(db) ?? 0;
}

export function setSetting(db: Db, key: string, value: unknown): void {
  versions.set(db, settingsVersion(db) + 1);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}
