// db/schema.ts and db/reportSchema.ts (kysely's table types) must say what the migrations built: same tables, same columns,
// and a column is nullable in the type exactly when SQLite lets it be NULL. The types are read from the
// source with the TypeScript compiler, so nothing has to be listed twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../../db/connection';
import type { Db } from '../../../db/sql';

interface TypedColumn {
  nullable: boolean;
  generated: boolean;
}

/** table name -> column name -> facts from the TypeScript interface */
function readSchemaTypes(files: string[]): Map<string, Map<string, TypedColumn>> {
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((n) => {
      if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
    });
  }
  const database = interfaces.get('Database');
  if (!database) throw new Error('db/schema.ts has no `interface Database`');

  const hasNull = (t: ts.TypeNode): boolean =>
    ts.isUnionTypeNode(t)
      ? t.types.some(hasNull)
      : ts.isLiteralTypeNode(t)
        ? t.literal.kind === ts.SyntaxKind.NullKeyword
        : ts.isTypeReferenceNode(t) && t.typeArguments
          ? t.typeArguments.some(hasNull)
          : false;

  const tables = new Map<string, Map<string, TypedColumn>>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const tableName = (member.name as ts.Identifier | ts.StringLiteral).text;
    const iface = interfaces.get(member.type.typeName.getText());
    if (!iface) throw new Error(`db/schema.ts: table ${tableName} refers to a missing interface`);
    const cols = new Map<string, TypedColumn>();
    for (const m of iface.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const typeText = m.type.getText();
      cols.set((m.name as ts.Identifier | ts.StringLiteral).text, {
        nullable: hasNull(m.type),
        generated: /^(Generated|GeneratedAlways|ColumnType)</.test(typeText),
      });
    }
    tables.set(tableName, cols);
  }
  return tables;
}

let dir: string;
let db: Db;
let typed: Map<string, Map<string, TypedColumn>>;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-schema-'));
  db = openDatabaseFile(path.join(dir, 'zhanggui.db'));
  typed = readSchemaTypes(['schema.ts', 'reportSchema.ts'].map((f) => path.resolve(__dirname, '../../../db', f)));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Ordinary tables (not FTS/virtual tables, not their shadow tables, not SQLite's own). */
function realTables(): string[] {
  return (db.raw.pragma('table_list') as { schema: string; name: string; type: string }[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .map((t) => t.name)
    .sort();
}

describe('db/schema.ts matches the migrated database', () => {
  it('every ordinary table has a type in `Database`, and every typed table exists', () => {
    const inDb = realTables();
    const inTypes = [...typed.keys()].sort();
    const missingTypes = inDb.filter((t) => !typed.has(t));
    const missingTables = inTypes.filter((t) => !inDb.includes(t) && !isVirtual(t));
    expect({ missingTypes, missingTables }).toEqual({ missingTypes: [], missingTables: [] });
  });

  it('columns match PRAGMA table_info for every table, with nullability', () => {
    const problems: string[] = [];
    for (const [table, cols] of typed) {
      if (isVirtual(table)) continue;
      const info = db.raw.pragma(`table_info(${JSON.stringify(table)})`) as {
        name: string;
        notnull: number;
        pk: number;
        dflt_value: string | null;
      }[];
      const dbCols = new Map(info.map((c) => [c.name, c]));
      for (const name of dbCols.keys()) if (!cols.has(name)) problems.push(`${table}.${name}: column missing from db/schema.ts`);
      for (const [name, t] of cols) {
        const c = dbCols.get(name);
        if (!c) {
          problems.push(`${table}.${name}: in db/schema.ts but not in the database`);
          continue;
        }
        // an INTEGER PRIMARY KEY is never NULL when read, though table_info says notnull = 0
        const mayBeNull = c.notnull === 0 && c.pk === 0;
        if (mayBeNull !== t.nullable) {
          problems.push(`${table}.${name}: database ${mayBeNull ? 'allows' : 'forbids'} NULL but the type ${t.nullable ? 'has' : 'lacks'} null`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the check itself notices a difference (guards against a parser that reads nothing)', () => {
    expect(typed.get('customers')?.get('name')).toEqual({ nullable: false, generated: false });
    expect(typed.get('customers')?.get('owner_id')).toEqual({ nullable: true, generated: false });
    expect(typed.get('users')?.get('id')?.generated).toBe(true);
    expect(typed.size).toBeGreaterThanOrEqual(13);
  });
});

/** Virtual tables (FTS5 etc.) may be typed for queries; table_info on them lists their columns too. */
function isVirtual(table: string): boolean {
  const row = db.raw.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(table) as { sql: string } | undefined;
  return !!row && /^CREATE VIRTUAL TABLE/i.test(row.sql);
}
