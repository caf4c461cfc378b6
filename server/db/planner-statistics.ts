// Planner statistics. PostgreSQL's autovacuum keeps them fresh; PGlite has no autovacuum, so without this a seeded
// database is never analyzed and the planner guesses: a pull page's candidatures query then hash-joins and sorts
// every remaining row instead of walking the seq index (950 ms against 22 ms a page at 100k candidatures).
// `analyzeStale` applies autovacuum's own rule (50 rows + 10 % of the table modified since the last analyze) from the
// cumulative statistics PGlite does keep; the server runs it at start and every minute, and after seeding.
import { sql } from 'drizzle-orm';
import { rows, type Executor } from './database';

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor's defaults. */
const THRESHOLD = 50;
const SCALE = 0.1;

/** Analyzes every table of the schema now (after a bulk load such as seeding). */
export async function analyzeAll(db: Executor): Promise<void> {
  await db.execute(sql`analyze`);
}

/**
 * Analyzes the tables never analyzed, or modified enough since their last analyze; returns their names.
 * The modification counters reach the statistics system about a second after the writes commit.
 */
export async function analyzeStale(db: Executor): Promise<string[]> {
  const stale = await rows<{ name: string }>(
    db,
    sql`select s.relname as name
          from pg_stat_user_tables s join pg_class c on c.oid = s.relid
         where s.schemaname = 'public'
           and (c.reltuples < 0
                or (s.last_analyze is null and s.last_autoanalyze is null and s.n_mod_since_analyze > 0)
                or s.n_mod_since_analyze > ${THRESHOLD} + ${SCALE} * greatest(c.reltuples, 0))
         order by s.relname`,
  );
  // One table at a time: one connection, one statement (and PGlite serves everyone through that one connection).
  for (const { name } of stale) await db.execute(sql`analyze ${sql.identifier(name)}`);
  return stale.map((s) => s.name);
}
