// PGlite has no autovacuum: the server keeps planner statistics itself, or pulls plan every page as if the tables
// were empty (a hash join and a sort over every remaining row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openServerDatabase, rows, type OpenedServerDatabase } from '../../../server/db/database';
import { analyzeStale } from '../../../server/db/planner-statistics';
import { seedDemo } from '../../../server/demo/seed';
import { TEST_NOW } from './harness';

let database: OpenedServerDatabase;

beforeAll(async () => {
  database = await openServerDatabase({});
  await seedDemo(database.db, { candidatures: 2000, seed: 7, now: new Date(TEST_NOW) });
}, 120_000);
afterAll(() => database?.close());

const estimatedRows = async (table: string) =>
  Number((await rows<{ n: number }>(database.db, sql`select reltuples::int as n from pg_class where relname = ${table}`))[0]!.n);

const analyzedTimes = async (table: string) =>
  Number((await rows<{ n: number }>(database.db, sql`select analyze_count::int as n from pg_stat_user_tables where relname = ${table}`))[0]!.n);

/** Hands this backend's pending modification counters to the statistics system now (the next transaction end). */
async function flushStatistics(): Promise<void> {
  await database.db.execute(sql`select pg_stat_force_next_flush()`);
  await database.db.execute(sql`select 1`);
}

describe('planner statistics on PGlite', () => {
  it('a freshly seeded database is analyzed: the planner knows the tables are not empty', async () => {
    expect(database.engine).toBe('pglite');
    expect(await estimatedRows('candidatures')).toBe(2000);
    expect(await estimatedRows('session_roles')).toBeGreaterThan(0);
    const seq = await rows<{ plan: string }>(database.db, sql`explain select id from candidatures where seq > 1999 order by seq limit 10`);
    expect(seq.map((r) => Object.values(r)[0]).join('\n')).toContain('candidatures_seq');
  });

  it('a bulk change gets the changed table analyzed again, and only that table', async () => {
    // A backend hands its modification counters to the statistics system at most once a second, when a transaction
    // ends: on a loaded machine the seed's own counters arrived after its ANALYZE, and made every table look stale.
    // The test forces those hand-overs instead of sleeping and hoping.
    await flushStatistics();
    await analyzeStale(database.db);
    const before = await analyzedTimes('candidatures');
    await database.db.execute(sql`update candidatures set version = version + 1 where state = 'EN_ATTENTE' or state = 'RETENUE'`);
    await flushStatistics();
    const analyzed = await analyzeStale(database.db);
    expect(analyzed).toEqual(['candidatures']);
    expect(await analyzedTimes('candidatures')).toBe(before + 1);
    expect(await analyzeStale(database.db)).toEqual([]);
  });
});
