// Servers started at a fixed date load the demo data from a kept PGlite template instead of seeding it
// (server/demo/seed-template.ts): what they hold must be exactly what seeding makes.
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDatabase, rows, type OpenedServerDatabase } from '../../../server/db/database';
import { seedDemo } from '../../../server/demo/seed';
import { demoSeedTemplate } from '../../../server/demo/seed-template';
import { sql } from 'drizzle-orm';
import { TEST_NOW } from './harness';

const NOW = new Date(TEST_NOW);
const SIZE = { candidatures: 300, seed: 42 };
const opened: OpenedServerDatabase[] = [];
afterAll(async () => Promise.all(opened.map((d) => d.close())));

/** What the demo data is made of, independent of random ids and password salts. */
async function contents(database: OpenedServerDatabase) {
  const counts = await rows<{ name: string; n: number }>(database.db, sql`
    select 'structures' as name, count(*)::int as n from structures union all
    select 'users', count(*)::int from users union all
    select 'memberships', count(*)::int from memberships union all
    select 'actions', count(*)::int from actions union all
    select 'sessions', count(*)::int from sessions union all
    select 'entry_points', count(*)::int from entry_points union all
    select 'candidatures', count(*)::int from candidatures`);
  const states = await rows<{ state: string; n: number }>(database.db, sql`select state, count(*)::int as n from candidatures group by state order by state`);
  return { counts, states };
}

describe('seeded template', () => {
  it('names the seed: another date or size is another template', () => {
    const key = demoSeedTemplate(SIZE, NOW).key;
    expect(demoSeedTemplate(SIZE, NOW).key).toBe(key);
    expect(demoSeedTemplate(SIZE, new Date('2025-06-17T10:00:00.000Z')).key).not.toBe(key);
    expect(demoSeedTemplate({ ...SIZE, candidatures: 301 }, NOW).key).not.toBe(key);
  });

  it('a database loaded from the template holds what seeding makes', { timeout: 120_000 }, async () => {
    const seeded = await openServerDatabase({});
    opened.push(seeded);
    await seedDemo(seeded.db, { ...SIZE, now: NOW });
    // Twice: the first may build the template, the second surely loads it.
    const built = await openServerDatabase({ template: demoSeedTemplate(SIZE, NOW) });
    opened.push(built);
    const loaded = await openServerDatabase({ template: demoSeedTemplate(SIZE, NOW) });
    opened.push(loaded);
    const expected = await contents(seeded);
    expect(expected.counts.find((c) => c.name === 'candidatures')?.n).toBe(SIZE.candidatures);
    expect(await contents(built)).toEqual(expected);
    expect(await contents(loaded)).toEqual(expected);
  });
});
