// Typed reads of the local database. A query is written with drizzle's `sql` template, so its text and the values
// it binds are built together (a condition and its parameters cannot drift apart), and it names the type of its
// rows, made of the schema's column types (schema.ts): `sql<Pick<SessionRow, 'id'>>`select id ...``. Rows are not
// validated one by one (a list over 100k candidatures must stay fast); what the database cannot vouch for, the JSON
// a column holds, is parsed with its zod schema where it is read (parseJson), so a row written by another version of
// the app is detected rather than trusted.
import { sql, type SQL, type SQLChunk } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Sqlite } from './open-database';

const dialect = new SQLiteSyncDialect();

/** The statement's text and the values it binds, in order. */
export function render(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}

/** Statements kept per connection, by text (the most recently used; values are bound at each run). */
const STATEMENTS_KEPT = 200;
// Kept with no row type of their own (`never` fits every caller's): each caller names its rows, as db.prepare's does.
const statements = new WeakMap<Sqlite, Map<string, Statement<unknown[], never>>>();

/**
 * The connection's statement for this text, compiled once: SQLite compiles a join in a few hundred microseconds,
 * and a command re-reads the same few queries (its checks, the sync bar's counts) every time.
 */
function prepared<Row>(db: Sqlite, text: string): Statement<unknown[], Row> {
  let kept = statements.get(db);
  if (!kept) statements.set(db, (kept = new Map()));
  let statement = kept.get(text);
  if (statement) kept.delete(text); // re-inserted below: the Map's order is the order of use
  else statement = db.prepare<unknown[], never>(text);
  kept.set(text, statement);
  if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
  return statement;
}

/** Every row of a query, typed as its template says. */
export function allRows<Row>(db: Sqlite, query: SQL<Row>): Row[] {
  const { sql: text, params } = render(query);
  return prepared<Row>(db, text).all(...params);
}

/** The first row of a query, if any. */
export function firstRow<Row>(db: Sqlite, query: SQL<Row>): Row | undefined {
  const { sql: text, params } = render(query);
  return prepared<Row>(db, text).get(...params);
}

/** A statement that returns no rows. */
export function execute(db: Sqlite, query: SQL): void {
  const { sql: text, params } = render(query);
  prepared(db, text).run(...params);
}

/** The one row an aggregate (count, min, ...) always returns. */
export function aggregateRow<Row>(db: Sqlite, query: SQL<Row>): Row {
  const row = firstRow(db, query);
  if (row === undefined) throw new Error(`an aggregate returned no row: ${render(query).sql}`);
  return row;
}

/** Conditions joined with `and` (true when there are none). */
export function allOf(conditions: readonly SQL[]): SQL {
  return conditions.length ? sql.join(conditions.map((c) => sql`(${c})`), sql` and `) : sql`1`;
}

/** Bound values as a list, for `in (...)`. */
export function valueList(values: readonly unknown[]): SQL {
  return sql.join(values.map((v): SQLChunk => sql`${v}`), sql`, `);
}

/** JSON a column held that this version cannot read (written by another version, or damaged). */
export class UnreadableStoredJson extends Error {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${where}: stored JSON this version cannot read (${detail})`);
    this.name = 'UnreadableStoredJson';
  }
}

/** A JSON column's text, parsed and checked against its schema; throws UnreadableStoredJson otherwise. */
export function parseJson<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UnreadableStoredJson(where, 'not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UnreadableStoredJson(where, z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * A JSON column holding a value this schema validated before it was stored (server rows are checked at the sync
 * edge, with these schemas, before they are written), read back as the schema's type without checking it again: for
 * lists, where parsing every row with zod would cost more than the query itself. Single rows use parseJson.
 */
export function readStoredJson<S extends z.ZodType>(_schema: S, text: string): z.output<S> {
  return JSON.parse(text);
}
