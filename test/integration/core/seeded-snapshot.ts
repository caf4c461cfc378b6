// The lines of a real snapshot (header, rows, total, end), as the reference server writes them for the demo structure
// seeded with this many candidatures: what the loader and the core's compiled row schemas are tested against.
import { openServerDatabase } from '../../../server/db/database';
import { seedDemo } from '../../../server/demo/seed';
import { createServerClock } from '../../../server/clock';
import { openSnapshot } from '../../../server/sync/snapshot';
import { TEST_NOW } from '../server/harness';

export const SEEDED_STRUCTURE = 'of-demo';

export async function seededSnapshotLines(candidatures: number): Promise<string[]> {
  const database = await openServerDatabase({});
  try {
    await seedDemo(database.db, { candidatures, seed: 42, now: new Date(TEST_NOW) });
    const context = { db: database.db, clock: createServerClock(TEST_NOW), eosApiKey: 'k', tokenTtlMs: 1000, epoch: 'e' };
    const { body } = await openSnapshot(context, { structureId: SEEDED_STRUCTURE, isPrescriber: false, seesCandidates: true }, { encoding: null });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim().split('\n');
  } finally {
    await database.close();
  }
}
