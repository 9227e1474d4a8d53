// Typed queries built with kysely, executed synchronously by better-sqlite3 through a statement cache.
// kysely is used as a query builder and compiler only: better-sqlite3 is synchronous, so services can
// run a whole multi-step change (row + audit row) inside one db.transaction() without awaiting.
import type BetterSqlite3 from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
} from 'kysely';
import type { Database as Schema } from './schema';

export type RawDb = BetterSqlite3.Database;

export class Db {
  readonly q: Kysely<Schema>;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly raw: RawDb) {
    this.q = new Kysely<Schema>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new SqliteIntrospector(k),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
  }

  /** A cached prepared statement for this SQL text. */
  prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.raw.prepare(sql);
      if (this.cache.size > 2000) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Compilable<R> | CompiledQuery<R>): R[] {
    const c = 'compile' in query ? query.compile() : query;
    return this.prepare(c.sql).all(...(c.parameters as unknown[])) as R[];
  }

  get<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined {
    const c = 'compile' in query ? query.compile() : query;
    return this.prepare(c.sql).get(...(c.parameters as unknown[])) as R | undefined;
  }

  run(query: Compilable<unknown> | CompiledQuery<unknown>): BetterSqlite3.RunResult {
    const c = 'compile' in query ? query.compile() : query;
    return this.prepare(c.sql).run(...(c.parameters as unknown[]));
  }

  /** Run fn in one IMMEDIATE transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  close(): void {
    this.cache.clear();
    if (this.raw.open) this.raw.close();
  }
}
