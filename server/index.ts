// The reference RafaelPro server, started in-process: other engineers' tests and `npm start` use this API.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DestinationStream } from 'pino';
import { openServerDatabase } from './db/database';
import { meta } from './db/schema';
import { createServerClock, type ServerClock } from './clock';
import type { ServerContext } from './context';
import { buildApp } from './app';
import { createServerLogger } from './logging';
import { isEmptyDatabase, seedDemo } from './demo/seed';
import { demoSeedTemplate } from './demo/seed-template';
import { runDeadlineJob } from './jobs/deadline-job';
import { runTombstoneRetention } from './jobs/tombstone-retention';
import { pruneTombstones } from './sync/pull';
import { analyzeStale } from './db/planner-statistics';
import { recountTalliesIfMarked } from './sync/entry-point-tallies';

export type { ServerClock } from './clock';
export { DEMO_PASSWORD, DEMO_STRUCTURES } from './demo/demo-accounts';

export interface ReferenceServer {
  url: string;
  eosApiKey: string;
  clock: ServerClock;
  runDeadlineJob(): Promise<number>;
  /** Forgets removal tombstones: older cursors then get RESYNC_REQUIRED (for tests and maintenance). */
  pruneTombstones(): Promise<void>;
  /** The hourly retention job: forgets tombstones older than the retention period (30 days by default). */
  runTombstoneRetention(retentionDays?: number): Promise<number | null>;
  /** Analyzes the tables that changed enough since their last analyze (PGlite has no autovacuum); returns their names. */
  refreshPlannerStatistics(): Promise<string[]>;
  close(): Promise<void>;
}

export type StartOptions = {
  port?: number;
  host?: string;
  databaseUrl?: string;
  pgliteDataDir?: string;
  seed?: 'demo' | 'none' | { candidatures: number; seed?: number };
  now?: Date | string;
  logLevel?: string;
  /** Where log lines go (standard output by default); tests capture them here. */
  logDestination?: DestinationStream;
  eosApiKey?: string;
  tokenTtlHours?: number;
  /** Sign-in attempts per address and e-mail; account and affiliation requests per address get the same limit. */
  loginRateLimit?: { max: number; timeWindow: string };
};

export const DEMO_CANDIDATURES = 300;

/** How often a PGlite server looks for tables to analyze (autovacuum's default naptime). */
const PLANNER_STATISTICS_INTERVAL_MS = 60_000;

async function databaseEpoch(ctx: Pick<ServerContext, 'db'>): Promise<string> {
  const [row] = await ctx.db.select().from(meta).where(eq(meta.key, 'epoch'));
  if (row) return row.value;
  const epoch = randomUUID();
  await ctx.db.insert(meta).values({ key: 'epoch', value: epoch }).onConflictDoNothing();
  const [again] = await ctx.db.select().from(meta).where(eq(meta.key, 'epoch'));
  return again!.value;
}

export async function startReferenceServer(options: StartOptions = {}): Promise<ReferenceServer> {
  const logger = createServerLogger(options.logLevel ?? 'warn', options.logDestination);
  const clock = createServerClock(options.now);
  const seed = options.seed ?? 'demo';
  const size = seed === 'none' ? null : seed === 'demo' ? { candidatures: DEMO_CANDIDATURES, seed: 42 } : { candidatures: seed.candidatures, seed: seed.seed ?? 42 };
  // A fixed date (tests) makes the seeded data the same every time: a PGlite database, in memory or in a new data
  // directory, then loads it ready-made.
  const template = size && !options.databaseUrl && options.now !== undefined ? demoSeedTemplate(size, clock.now()) : undefined;
  const database = await openServerDatabase({ databaseUrl: options.databaseUrl, pgliteDataDir: options.pgliteDataDir, ...(template ? { template } : {}) });
  try {
    if (size && (await isEmptyDatabase(database.db))) await seedDemo(database.db, { ...size, now: clock.now() });
    await recountTalliesIfMarked(database.db);
    // A database opened from disk may have been written without statistics (PGlite, or a restore).
    await analyzeStale(database.db);
    const ctx: ServerContext = {
      db: database.db,
      clock,
      eosApiKey: options.eosApiKey ?? randomBytes(24).toString('base64url'),
      tokenTtlMs: (options.tokenTtlHours ?? 12) * 3_600_000,
      epoch: await databaseEpoch(database),
    };
    const app = await buildApp(ctx, { logger, loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindow: '1 minute' } });
    const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const statisticsTimer = database.engine === 'pglite'
      ? setInterval(() => void analyzeStale(database.db).catch((error: unknown) => logger.warn({ err: error }, 'planner statistics refresh failed')), PLANNER_STATISTICS_INTERVAL_MS)
      : null;
    statisticsTimer?.unref();
    return {
      url: address.replace('[::1]', '127.0.0.1'),
      eosApiKey: ctx.eosApiKey,
      clock,
      runDeadlineJob: () => runDeadlineJob(ctx),
      pruneTombstones: () => pruneTombstones(ctx),
      runTombstoneRetention: (days) => runTombstoneRetention(ctx, days),
      refreshPlannerStatistics: () => analyzeStale(database.db),
      async close() {
        if (statisticsTimer) clearInterval(statisticsTimer);
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
