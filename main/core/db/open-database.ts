// Opens the encrypted local database (SQLCipher through better-sqlite3-multiple-ciphers), applies the shipped
// migrations, and recovers when the file cannot be read: wrong key, corrupt or foreign file. Recovery moves the bad
// file aside, exports the unsent decisions kept in the outbox journal to a readable file, and starts a fresh
// database into which those decisions are queued again, so nothing the user decided is lost before re-syncing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type LocalDb = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export const DB_FILE = 'rafael.db';

/** Found from this module's location (and from the bundle's when packaged), never from the working directory. */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'migrations'), path.join(here, 'db', 'migrations'), path.join(here, 'core-migrations')];
  return candidates.find((p) => fs.existsSync(path.join(p, 'meta', '_journal.json'))) ?? candidates[0]!;
}

export class DatabaseUnreadableError extends Error {
  constructor(readonly reason: string) {
    super(`Base locale illisible : ${reason}`);
  }
}

export type OpenOptions = { file: string; key: string; nativeBinding?: string; migrations?: string };

function keyPragma(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('database key must be 32 bytes of hex');
  return `key="x'${key}'"`;
}

/** Opens and migrates, or throws DatabaseUnreadableError when the file is not ours or not readable with this key. */
export function openDatabase(options: OpenOptions): { sqlite: Sqlite; db: LocalDb } {
  let sqlite: Sqlite | undefined;
  try {
    sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma(`legacy=4`);
    sqlite.pragma(keyPragma(options.key));
    // Reading the schema is what fails on a wrong key, a corrupt file or a foreign file.
    sqlite.prepare('select count(*) from sqlite_master').get();
    const [check] = sqlite.pragma('quick_check') as { quick_check: string }[];
    if (check?.quick_check !== 'ok') throw new Error(`contrôle d'intégrité : ${check?.quick_check}`);
  } catch (error) {
    sqlite?.close();
    throw new DatabaseUnreadableError(error instanceof Error ? error.message : String(error));
  }
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit the user was told about survives a power cut (NORMAL may roll back the last ones in WAL mode).
  // Commands are few and a sync commits once per page of 1000 rows, so the extra fsync costs little.
  sqlite.pragma('synchronous = FULL');
  // Every page read from disk is decrypted: a 64 MB cache keeps a 100k-candidature structure's hot pages in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle(sqlite, { schema });
  // drizzle-kit rebuilds tables on some changes; with foreign keys on, the rebuild would cascade-delete children.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: options.migrations ?? migrationsFolder() });
  sqlite.pragma('foreign_keys = ON');
  // Planner statistics for a long-lived connection (SQLite's recommendation): cheap, and analyses what needs it.
  sqlite.pragma('optimize = 0x10002');
  return { sqlite, db };
}
