// The reference RafaelPro server, started in-process: other engineers' tests and `npm start` use this API.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { openServerDatabase } from './db/database';
import { meta } from './db/schema';
import { createServerClock, type ServerClock } from './clock';
import type { ServerContext } from './context';
import { buildApp } from './app';
import { isEmptyDatabase, seedDemo } from './demo/seed';
import { runDeadlineJob } from './jobs/deadline-job';
import { runTombstoneRetention } from './jobs/tombstone-retention';
import { pruneTombstones } from './sync/pull';

export type { ServerClock } from './clock';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STRUCTURES } from './demo/demo-accounts';

export interface ReferenceServer {
  url: string;
  eosApiKey: string;
  clock: ServerClock;
  runDeadlineJob(): Promise<number>;
  /** Forgets removal tombstones: older cursors then get RESYNC_REQUIRED (for tests and maintenance). */
  pruneTombstones(): Promise<void>;
  /** The hourly retention job: forgets tombstones older than the retention period (30 days by default). */
  runTombstoneRetention(retentionDays?: number): Promise<number | null>;
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
  eosApiKey?: string;
  tokenTtlHours?: number;
  loginRateLimit?: { max: number; timeWindow: string };
};

export const DEMO_CANDIDATURES = 300;

/** Personal data never reaches the logs. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', '*.email', '*.password', '*.token', '*.firstName', '*.lastName', '*.phone'];

async function databaseEpoch(ctx: Pick<ServerContext, 'db'>): Promise<string> {
  const [row] = await ctx.db.select().from(meta).where(eq(meta.key, 'epoch'));
  if (row) return row.value;
  const epoch = randomUUID();
  await ctx.db.insert(meta).values({ key: 'epoch', value: epoch }).onConflictDoNothing();
  const [again] = await ctx.db.select().from(meta).where(eq(meta.key, 'epoch'));
  return again!.value;
}

export async function startReferenceServer(options: StartOptions = {}): Promise<ReferenceServer> {
  const logger = pino({ level: options.logLevel ?? 'warn', redact: { paths: REDACT, censor: '[masqué]' } });
  const clock = createServerClock(options.now);
  const database = await openServerDatabase({ databaseUrl: options.databaseUrl, pgliteDataDir: options.pgliteDataDir });
  try {
    const seed = options.seed ?? 'demo';
    if (seed !== 'none' && (await isEmptyDatabase(database.db))) {
      const size = seed === 'demo' ? { candidatures: DEMO_CANDIDATURES, seed: 42 } : { candidatures: seed.candidatures, seed: seed.seed ?? 42 };
      await seedDemo(database.db, { ...size, now: clock.now() });
    }
    const ctx: ServerContext = {
      db: database.db,
      clock,
      eosApiKey: options.eosApiKey ?? randomBytes(24).toString('base64url'),
      tokenTtlMs: (options.tokenTtlHours ?? 12) * 3_600_000,
      epoch: await databaseEpoch(database),
    };
    const app = await buildApp(ctx, { logger, loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindow: '1 minute' } });
    const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    return {
      url: address.replace('[::1]', '127.0.0.1'),
      eosApiKey: ctx.eosApiKey,
      clock,
      runDeadlineJob: () => runDeadlineJob(ctx),
      pruneTombstones: () => pruneTombstones(ctx),
      runTombstoneRetention: (days) => runTombstoneRetention(ctx, days),
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
