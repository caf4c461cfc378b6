// Opens the encrypted local database (SQLCipher through better-sqlite3-multiple-ciphers), applies the shipped
// migrations, and tells apart the two ways an open can fail. A file that is not readable with this key (wrong key,
// corrupt or foreign file) is DatabaseUnreadableError, and local-database.ts recovers from it. Anything else (the
// native module does not load, no permission, disk full, file locked) says nothing about the file, which must be
// left exactly as it is: LocalDatabaseUnavailableError, and the app stops on a screen saying what to do.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { RafaelError, type LocalDatabaseProblem } from '../../../shared/ipc/contract';
import * as schema from './schema';

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
    super(`unreadable local database: ${reason}`);
  }
}

/** For logs; the user reads what the renderer makes of the reason (its start-up error screen). */
const UNAVAILABLE_MESSAGES: Record<LocalDatabaseProblem, string> = {
  NATIVE_MODULE: 'the database native module does not load (incomplete install, or built for another version)',
  PERMISSION: 'access to the data folder is denied',
  DISK_FULL: 'the disk is full',
  LOCKED: 'the database is used by another program',
  OTHER: 'the local database could not be opened',
};

/** The database could not be opened for a reason that says nothing about the file: nothing was changed. */
export class LocalDatabaseUnavailableError extends RafaelError {
  constructor(
    readonly problem: LocalDatabaseProblem,
    options?: { cause?: unknown },
  ) {
    super({ code: 'LOCAL_DATABASE_UNAVAILABLE', reason: { key: 'localDatabaseUnavailable', params: { problem } }, message: UNAVAILABLE_MESSAGES[problem] });
    this.name = 'LocalDatabaseUnavailableError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** A failed integrity check: the file opened with this key but its content is damaged. */
class IntegrityCheckFailed extends Error {}

const SQLITE_UNREADABLE = /^SQLITE_(NOTADB|CORRUPT)(_|$)/;
const NATIVE_MODULE_MESSAGE = /compiled against a different Node\.js version|NODE_MODULE_VERSION|Could not locate the bindings file|invalid ELF header|wrong ELF class|not a valid Win32 application|mach-o|incompatible architecture|cannot open shared object file/i;

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** What this failure says: only an unreadable file (wrong key, corrupt, foreign) may be replaced. */
export function classifyOpenFailure(error: unknown): DatabaseUnreadableError | LocalDatabaseUnavailableError {
  if (error instanceof DatabaseUnreadableError || error instanceof LocalDatabaseUnavailableError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof IntegrityCheckFailed || SQLITE_UNREADABLE.test(code)) return new DatabaseUnreadableError(message);
  const problem: LocalDatabaseProblem =
    code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND' || NATIVE_MODULE_MESSAGE.test(message) ? 'NATIVE_MODULE'
      : /^SQLITE_(CANTOPEN|READONLY|PERM|AUTH)(_|$)/.test(code) || ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code) ? 'PERMISSION'
        : /^SQLITE_FULL(_|$)/.test(code) || ['ENOSPC', 'EDQUOT'].includes(code) ? 'DISK_FULL'
          : /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code) || code === 'EBUSY' ? 'LOCKED'
            : 'OTHER';
  return new LocalDatabaseUnavailableError(problem, { cause: error });
}

export type OpenOptions = { file: string; key: string; nativeBinding?: string; migrations?: string };

function keyPragma(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('database key must be 32 bytes of hex');
  return `key="x'${key}'"`;
}

/** What opens the encrypted file with its key, in order (also on the background checkpoint's connection). */
export function cipherPragmas(key: string): string[] {
  return [`cipher='sqlcipher'`, `legacy=4`, keyPragma(key)];
}

/**
 * Opens and migrates. Throws DatabaseUnreadableError when the file is not ours or not readable with this key, and
 * LocalDatabaseUnavailableError for every other failure (the file is then as it was).
 */
export function openDatabase(options: OpenOptions): { sqlite: Sqlite } {
  let sqlite: Sqlite | undefined;
  try {
    sqlite = openAndMigrate(options, (opened) => (sqlite = opened));
    return { sqlite };
  } catch (error) {
    try {
      sqlite?.close();
    } catch {
      // The failure being reported matters more than a failed close.
    }
    throw classifyOpenFailure(error);
  }
}

function openAndMigrate(options: OpenOptions, opened: (sqlite: Sqlite) => void): Sqlite {
  let sqlite: Sqlite;
  try {
    sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    // The constructor loads the native module: a failure here that is not SQLite's own is that module's.
    if (error instanceof Database.SqliteError || /directory does not exist/.test(String(error))) throw error;
    throw Object.assign(new Error('the native SQLite module did not load', { cause: error }), { code: 'ERR_DLOPEN_FAILED' });
  }
  opened(sqlite);
  for (const pragma of cipherPragmas(options.key)) sqlite.pragma(pragma);
  // Reading the schema is what fails on a wrong key, a corrupt file or a foreign file.
  sqlite.prepare('select count(*) from sqlite_master').get();
  const check = sqlite.prepare<[], { quick_check: string }>('pragma quick_check').get();
  if (check?.quick_check !== 'ok') throw new IntegrityCheckFailed(`integrity check: ${check?.quick_check}`);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit the user was told about survives a power cut (NORMAL may roll back the last ones in WAL mode).
  // Commands are few and a sync commits once per page of 1000 rows, so the extra fsync costs little.
  sqlite.pragma('synchronous = FULL');
  // Every page read from disk is decrypted: a 64 MB cache keeps a 100k-candidature structure's hot pages in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // The background connection (background-connection.ts) writes too: index builds and ANALYZE after a bulk load. A
  // write here meanwhile (a user's avis) waits for it rather than failing with SQLITE_BUSY (better-sqlite3's default,
  // stated because it matters; transactions begin IMMEDIATE for the wait to apply: LocalStore.transaction).
  sqlite.pragma('busy_timeout = 5000');
  // drizzle-kit rebuilds tables on some changes; with foreign keys on, the rebuild would cascade-delete children.
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzle(sqlite, { schema }), { migrationsFolder: options.migrations ?? migrationsFolder() });
  sqlite.pragma('foreign_keys = ON');
  // Planner statistics for a long-lived connection (SQLite's recommendation): cheap, and analyses what needs it.
  sqlite.pragma('optimize = 0x10002');
  return sqlite;
}
