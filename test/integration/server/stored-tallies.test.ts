// Entry points carry their counter's tallies as stored columns (server/sync/entry-point-tallies.ts). A database
// whose entry points predate them (migration 0002 adds the columns at zero and leaves a mark) gets them counted when
// the server next starts, before it answers anyone: no client ever pulls a zero where a count belongs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { login, snapshot, startTestServer } from './harness';

let dir: string;
let server: ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function entryPointTallies(from: ReferenceServer): Promise<unknown[]> {
  const { lines } = await snapshot(from, (await login(from, 'manager@demo.test')).token, 'of-demo');
  return lines.filter((line) => line.kind === 'entryPoints').map((line) => line.row);
}

it('a database from before the stored tallies gets them counted when the server starts', { timeout: 120_000 }, async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stored-tallies-'));
  server = await startTestServer({ pgliteDataDir: dir });
  const counted = await entryPointTallies(server);
  expect(counted.some((e) => (e as { retainedInWindow: number }).retainedInWindow > 0)).toBe(true);
  expect(counted.some((e) => (e as { sessionPending: number }).sessionPending > 0)).toBe(true);
  await server.close();
  server = undefined;

  // What migration 0002 leaves on such a database: zeros, and the mark.
  const db = new PGlite(dir);
  await db.exec(`update entry_points set retained_in_window = 0, session_pending = 0;
    insert into meta(key, value) values ('entry_point_tallies_recount', 'pending')`);
  await db.close();

  server = await startTestServer({ pgliteDataDir: dir });
  expect(await entryPointTallies(server)).toEqual(counted);
  await server.close();
  server = undefined;
  // Counted once: the mark is gone.
  const after = new PGlite(dir);
  expect((await after.query(`select 1 from meta where key = 'entry_point_tallies_recount'`)).rows).toEqual([]);
  await after.close();
});
