// A reference server kept in a data directory (persistence, the soak campaign) starts a new directory from the
// prepared template's files; a template that cannot be loaded is forgotten and the directory starts afresh, so the
// cache never breaks a start.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterEach, expect, it } from 'vitest';
import { openPgliteDir, templateFile, templateKey } from '../../../server/db/pglite-template';

const MIGRATIONS = fileURLToPath(new URL('../../../server/db/migrations', import.meta.url));
const migrateFresh = async (client: PGlite) => migrate(drizzle(client) as never, { migrationsFolder: MIGRATIONS });
let dir: string;
let prepared = 0;
// Keys of their own: these tests' templates are nobody else's.
const preparation = {
  key: `data-dir-test-${randomUUID()}`,
  prepare: async (client: PGlite) => {
    prepared++;
    await client.exec(`insert into meta(key, value) values ('probe', 'from the template')`);
  },
};
const probe = async (client: PGlite) => (await client.query<{ value: string }>(`select value from meta where key = 'probe'`)).rows[0]?.value;

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(templateFile(templateKey(MIGRATIONS, preparation), preparation), { force: true });
});

it('a new directory starts from the template, and keeps what is written there across a reopen', { timeout: 120_000 }, async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pglite-dir-'));
  const first = await openPgliteDir(PGlite, path.join(dir, 'a'), MIGRATIONS, migrateFresh, preparation);
  expect(await probe(first)).toBe('from the template');
  await first.exec(`update meta set value = 'written later' where key = 'probe'`);
  await first.close();
  const second = await openPgliteDir(PGlite, path.join(dir, 'b'), MIGRATIONS, migrateFresh, preparation);
  expect(await probe(second)).toBe('from the template'); // another new directory: the template again, not prepared again
  await second.close();
  expect(prepared).toBe(1);
  const again = await openPgliteDir(PGlite, path.join(dir, 'a'), MIGRATIONS, migrateFresh, preparation);
  expect(await probe(again)).toBe('written later');
  await again.close();
});

it('a damaged template is forgotten: the new directory starts from initdb, its caller seeds it', { timeout: 120_000 }, async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pglite-dir-'));
  const damaged = { ...preparation, key: `data-dir-test-${randomUUID()}` };
  const file = templateFile(templateKey(MIGRATIONS, damaged), damaged);
  writeFileSync(file, 'not a tarball');
  try {
    const client = await openPgliteDir(PGlite, path.join(dir, 'c'), MIGRATIONS, migrateFresh, damaged);
    expect(await probe(client)).toBeUndefined(); // migrated and empty: not the template's data
    await client.close();
    expect(existsSync(file)).toBe(false);
  } finally {
    rmSync(file, { force: true });
  }
});
