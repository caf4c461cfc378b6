// The lines of a real snapshot (header, rows, total, end), as the reference server writes them for the demo structure
// seeded with this many candidatures: what the loader and the core's compiled row schemas are tested against.
import { openServerDatabase } from '../../../server/db/database';
import { seedDemo } from '../../../server/demo/seed';
import { openSnapshot } from '../../../server/sync/snapshot';
import { TEST_NOW, testServerContext } from '../server/harness';

export const SEEDED_STRUCTURE = 'of-demo';

export async function seededSnapshotLines(candidatures: number): Promise<string[]> {
  const database = await openServerDatabase({});
  try {
    await seedDemo(database.db, { candidatures, seed: 42, now: new Date(TEST_NOW) });
    const { body } = await openSnapshot(testServerContext(database.db), { structureId: SEEDED_STRUCTURE, isPrescriber: false, seesCandidates: true }, { encoding: null });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim().split('\n');
  } finally {
    await database.close();
  }
}
