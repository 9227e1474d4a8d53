import type BetterSqlite3 from 'better-sqlite3';

export interface Migration {
  /** user_version after this migration; the static list is 1, 2, 3, ... with no gaps */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}
