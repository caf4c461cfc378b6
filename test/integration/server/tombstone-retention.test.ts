// The hourly retention job forgets removal tombstones once they are older than the retention period: a client
// that stayed away longer gets RESYNC_REQUIRED; a client that synced within the period is served as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { login, pullAll, pullPage, startTestServer } from './harness';

let server: ReferenceServer;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  manager = (await login(server, 'manager@demo.test')).token;
});
afterAll(async () => server?.close());

describe('tombstone retention', () => {
  it('prunes only what is older than the retention period', { timeout: 60_000 }, async () => {
    const { cursor } = await pullAll(server, manager, 'of-demo');
    const epoch = cursor.split('.')[0]!;
    const ancient = `${epoch}.1`;
    expect(await server.runTombstoneRetention(30)).toBeNull(); // first mark: today
    server.clock.advanceDays(10);
    expect(await server.runTombstoneRetention(30)).toBeNull();
    const recent = (await pullAll(server, manager, 'of-demo')).cursor;
    expect((await pullPage(server, manager, 'of-demo', ancient)).status).toBe(200);

    server.clock.advanceDays(21); // 31 days after the first mark, 21 after the second
    const through = await server.runTombstoneRetention(30);
    expect(through).toBe(Number(cursor.split('.')[1]));
    expect((await pullPage(server, manager, 'of-demo', ancient)).status).toBe(410);
    expect((await pullPage(server, manager, 'of-demo', cursor)).status).toBe(200);
    expect((await pullPage(server, manager, 'of-demo', recent)).status).toBe(200);
    // Running again the same day prunes nothing newer.
    expect(await server.runTombstoneRetention(30)).toBeNull();
  });
});
