// A fresh in-memory PGlite spends most of its start-up in initdb (several seconds under WASM). We keep one migrated,
// empty data directory as a template (in memory, and on disk in the OS temp dir keyed by the migrations and the
// PGlite build), and load new in-memory databases from it: tests and `npm start` start several times faster.
// Any failure falls back to a fresh initdb, so the cache can never break start-up.
// A caller may also ask for a prepared template (the demo data seeded at a fixed date, for tests): its key adds the
// caller's own, so each integration test file loads the seeded database instead of seeding it again. A database kept
// on disk (a data directory) starts from the same tarball when its directory is new (templateDump).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';

let inMemory: { key: string; dump: Blob } | null = null;

/** What to do to a freshly migrated database before it is kept as the template, and a key that names the result. */
export interface TemplatePreparation {
  key: string;
  prepare(client: PGlite): Promise<void>;
}

export function templateKey(migrationsFolder: string, preparation?: TemplatePreparation): string {
  const hash = createHash('sha256');
  if (preparation) hash.update(`prepared:${preparation.key}`);
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

const STALE_AFTER_MS = 10 * 60_000;

/**
 * A prepared template holds a few megabytes (the tests' demo seed): 32 MB of shared buffers hold all of it, and each
 * start then initialises 32 MB of buffers instead of PostgreSQL's default 128 MB, which took ~0.5 s of a ~1.3 s start.
 * Databases that grow (`npm start`, the bench's 100k seed) keep the default.
 */
const SMALL_BUFFERS = (PGliteClass: typeof PGlite) => ({
  startParams: [...PGliteClass.defaultStartParams, '-c', 'shared_buffers=32MB'],
});

/** A template in use is not stale for another checkout's cleanup (a file left as it is if it cannot be touched). */
function markUsed(file: string): void {
  try {
    utimesSync(file, new Date(), new Date());
  } catch {
    // Read-only or removed meanwhile: at worst it is rebuilt once.
  }
}

/** Removes the templates of this prefix (then a key) in `dir` that no run has used for STALE_AFTER_MS, but `keep`. */
export function removeStaleTemplates(dir: string, prefix: string, keep: string): void {
  const ours = new RegExp(`^${prefix}[0-9a-f]{16}\\.tar\\.gz$`);
  for (const name of readdirSync(dir)) {
    const other = path.join(dir, name);
    if (!ours.test(name) || other === keep) continue;
    try {
      if (Date.now() - statSync(other).mtimeMs > STALE_AFTER_MS) rmSync(other, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * The template's data directory as a tarball (the one kept in memory or on disk, else made now: a fresh initdb,
 * the migrations, the preparation), or null when none can be made (the caller then starts from scratch).
 */
async function templateDump(
  PGliteClass: typeof PGlite,
  migrationsFolder: string,
  migrateFresh: (client: PGlite) => Promise<void>,
  preparation: TemplatePreparation,
  key: string,
): Promise<Blob | null> {
  const kept = keptDump(key, templateFile(key, preparation));
  if (kept) return kept;
  const client = await openTemplatedPglite(PGliteClass, migrationsFolder, migrateFresh, preparation);
  await client.close();
  return inMemory?.key === key ? inMemory.dump : null;
}

/** A template that could not be read or loaded: forgotten, in memory and on disk, so that it is made again. */
function forgetTemplate(file: string): void {
  inMemory = null;
  rmSync(file, { force: true });
}

/**
 * The template of this key, from memory or else from its file (then kept in memory), or null when there is none (a
 * file that cannot be read is removed: it is made again).
 */
function keptDump(key: string, file: string): Blob | null {
  if (inMemory?.key !== key && existsSync(file)) {
    try {
      inMemory = { key, dump: new Blob([readFileSync(file)]) };
      markUsed(file);
    } catch {
      forgetTemplate(file);
    }
  }
  return inMemory?.key === key ? inMemory.dump : null;
}

/** Where the template of this key is kept on disk. */
export function templateFile(key: string, preparation?: TemplatePreparation): string {
  return path.join(tmpdir(), `${templatePrefix(preparation)}${key}.tar.gz`);
}

function templatePrefix(preparation?: TemplatePreparation): string {
  return preparation ? 'rafael-server-pglite-prepared-' : 'rafael-server-pglite-';
}

/**
 * A PGlite database kept in `dataDir`. A new directory starts from the template's files rather than from initdb and
 * the preparation (seconds under WASM); should that fail, the template is forgotten and the directory starts afresh.
 */
export async function openPgliteDir(
  PGliteClass: typeof PGlite,
  dataDir: string,
  migrationsFolder: string,
  migrateFresh: (client: PGlite) => Promise<void>,
  preparation?: TemplatePreparation,
): Promise<PGlite> {
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const key = fresh && preparation ? templateKey(migrationsFolder, preparation) : null;
  const dump = key && preparation ? await templateDump(PGliteClass, migrationsFolder, migrateFresh, preparation, key) : null;
  if (key && dump) {
    let loaded: PGlite | null = null;
    try {
      loaded = new PGliteClass(dataDir, { loadDataDir: dump });
      await loaded.waitReady;
      await migrateFresh(loaded);
      return loaded;
    } catch {
      await loaded?.close().catch(() => undefined);
      forgetTemplate(templateFile(key, preparation));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const client = new PGliteClass(dataDir);
  await migrateFresh(client);
  return client;
}

export async function openTemplatedPglite(
  PGliteClass: typeof PGlite,
  migrationsFolder: string,
  migrateFresh: (client: PGlite) => Promise<void>,
  preparation?: TemplatePreparation,
): Promise<PGlite> {
  const key = templateKey(migrationsFolder, preparation);
  const prefix = templatePrefix(preparation);
  const file = templateFile(key, preparation);
  try {
    const kept = keptDump(key, file);
    if (kept) {
      const client = new PGliteClass({ loadDataDir: kept, ...(preparation ? SMALL_BUFFERS(PGliteClass) : {}) });
      await client.waitReady;
      await migrateFresh(client); // a no-op on the template, but keeps us honest if it lags behind
      return client;
    }
  } catch {
    forgetTemplate(file);
  }
  // A prepared template starts from the plain one (no second initdb).
  const client = preparation ? await openTemplatedPglite(PGliteClass, migrationsFolder, migrateFresh) : new PGliteClass();
  if (!preparation) await migrateFresh(client);
  await preparation?.prepare(client);
  try {
    const dump = await client.dumpDataDir('gzip');
    inMemory = { key, dump };
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: concurrent test workers never read half a file
    // Templates change with the sources (prepared ones) or with the migrations and PGlite (plain ones), and each key
    // leaves a file of ~5 MB: forget the ones no run has written for a while.
    removeStaleTemplates(tmpdir(), prefix, file);
  } catch {
    // No cache this time; the database itself is fine.
  }
  return client;
}
