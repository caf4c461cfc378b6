// Opens the server database: PGlite in-process by default (no install, so `npm start` works on a fresh machine),
// a real PostgreSQL when a URL is given. Migrations are found from this module's location, never the cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type ServerDb = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<ServerDb['transaction']>[0]>[0];
export type Executor = ServerDb | Tx;

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export type OpenedServerDatabase = {
  db: ServerDb;
  /** PGlite has no autovacuum: the server keeps its planner statistics itself (planner-statistics.ts). */
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
};

/** For PGlite (in memory, or a new data directory): data to put in the database once and keep in the template (see pglite-template.ts). */
export interface DatabaseTemplate {
  key: string;
  prepare(db: ServerDb): Promise<void>;
}

export async function openServerDatabase(options: { databaseUrl?: string; pgliteDataDir?: string; template?: DatabaseTemplate }): Promise<OpenedServerDatabase> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const db = drizzle(pool, { schema }) as unknown as ServerDb;
    await migrate(db as never, { migrationsFolder: MIGRATIONS });
    return { db, engine: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const migrateClient = async (c: InstanceType<typeof PGlite>) => {
    await migrate(drizzle(c, { schema }) as never, { migrationsFolder: MIGRATIONS });
  };
  const { openPgliteDir, openTemplatedPglite } = await import('./pglite-template');
  const { template } = options;
  const preparation = template && { key: template.key, prepare: (c: InstanceType<typeof PGlite>) => template.prepare(drizzle(c, { schema }) as unknown as ServerDb) };
  const client = options.pgliteDataDir
    ? await openPgliteDir(PGlite, options.pgliteDataDir, MIGRATIONS, migrateClient, preparation)
    : await openTemplatedPglite(PGlite, MIGRATIONS, migrateClient, preparation);
  const db = drizzle(client, { schema }) as unknown as ServerDb;
  return { db, engine: 'pglite', close: () => client.close() };
}

/** Rows of a raw query, whichever driver runs it (both return `{ rows }`). */
export async function rows<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function nextSeq(tx: Executor): Promise<number> {
  const [row] = await rows<{ v: string }>(tx, sql`select nextval('change_seq') as v`);
  return Number(row!.v);
}

/**
 * Every write transaction takes this lock first. Change sequence numbers are then committed in the order they
 * were drawn, so a reader's cursor can never step over a row that commits later with a smaller number.
 */
export async function lockWrites(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
}
