// A fresh in-memory PGlite spends most of its start-up in initdb (several seconds under WASM). We keep one migrated,
// empty data directory as a template (in memory, and on disk in the OS temp dir keyed by the migrations and the
// PGlite build), and load new in-memory databases from it: tests and `npm start` start several times faster.
// Any failure falls back to a fresh initdb, so the cache can never break start-up.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';

let inMemory: { key: string; dump: Blob } | null = null;

function templateKey(migrationsFolder: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  hash.update(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json')));
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const stat = statSync(entry);
    hash.update(`${entry}:${stat.size}:${stat.mtimeMs}`);
  } catch {
    hash.update('pglite-unknown');
  }
  return hash.digest('hex').slice(0, 16);
}

export async function openTemplatedPglite(
  PGliteClass: typeof PGlite,
  migrationsFolder: string,
  migrateFresh: (client: PGlite) => Promise<void>,
): Promise<PGlite> {
  const key = templateKey(migrationsFolder);
  const file = path.join(tmpdir(), `rafael-server-pglite-${key}.tar.gz`);
  try {
    if (inMemory?.key !== key && existsSync(file)) inMemory = { key, dump: new Blob([readFileSync(file)]) };
    if (inMemory?.key === key) {
      const client = new PGliteClass({ loadDataDir: inMemory.dump });
      await client.waitReady;
      await migrateFresh(client); // a no-op on the template, but keeps us honest if it lags behind
      return client;
    }
  } catch {
    inMemory = null;
    rmSync(file, { force: true });
  }
  const client = new PGliteClass();
  await migrateFresh(client);
  try {
    const dump = await client.dumpDataDir('gzip');
    inMemory = { key, dump };
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: concurrent test workers never read half a file
  } catch {
    // No cache this time; the database itself is fine.
  }
  return client;
}
