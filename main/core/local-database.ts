// Opening the local data at start-up: the database key and the journal key come from the SecretStore (created on
// first run). When the database cannot be read (wrong or lost key, corrupt or foreign file), the file is moved
// aside, the unsent decisions kept by the journal are exported to a readable file and queued again in a fresh
// database, and the user signs in again to re-sync. Nothing they decided is lost. Any other failure (native module,
// permission, full disk, lock) changes nothing and stops the start-up with LocalDatabaseUnavailableError.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { classifyOpenFailure, DB_FILE, DatabaseUnreadableError, LocalDatabaseUnavailableError, openDatabase, type OpenOptions, type Sqlite } from './db/open-database';
import { LocalStore } from './local-store';
import { readSummary } from './commands';
import { backgroundConnection } from './db/background-connection';
import { OutboxJournal, type JournalEntry } from './outbox-journal';
import { SECRET_DB_KEY, type SecretStore } from './platform';
import type { RecoveryCause } from '../../shared/ipc/views';

export const SECRET_JOURNAL_KEY = 'rafael.journal.key';
export const JOURNAL_FILE = 'outbox-journal.log';
export const RECOVERY_DIR = 'recuperation';

/**
 * `cause`: what happened, which the renderer words (KEY_MISSING, DATABASE_MISSING, UNREADABLE); `reason`: the
 * technical detail for the logs and support (SQLite's own message for an unreadable file). `owners`: the users who
 * made the requeued decisions; nobody else may send them.
 */
export type Recovery = { at: string; cause: RecoveryCause; reason: string; exportedFile: string | null; requeued: number; movedAside: string | null; owners: string[] };

const ownersOf = (entries: readonly JournalEntry[]) => [...new Set(entries.flatMap((e) => (e.userId ? [e.userId] : [])))];

export type OpenedLocalData = { sqlite: Sqlite; store: LocalStore; journal: OutboxJournal; recovery: Recovery | null };

const isKey = (value: string | null): value is string => value !== null && /^[0-9a-f]{64}$/.test(value);
const newKey = () => randomBytes(32).toString('hex');

/** The database file with its write-ahead log and shared memory. */
function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function moveDatabaseFiles(from: string, to: string): void {
  fs.renameSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(from + suffix)) fs.renameSync(from + suffix, to + suffix);
}

/** A journal entry's summary as the readable file shows it: the candidate's name or the action's title. */
function summaryText(stored: string): string {
  const summary = readSummary(stored);
  return 'subject' in summary ? summary.subject : summary.text;
}

/** The readable form of unsent decisions: what was decided, for whom, when, exactly as it would be sent. */
export function decisionsDocument(entries: readonly JournalEntry[], now: Date) {
  return {
    note: "Décisions prises dans RafaelPro Desktop et pas encore transmises au serveur. Elles seront renvoyées automatiquement à la prochaine synchronisation ; ce fichier en garde une copie lisible.",
    exportedAt: now.toISOString(),
    decisions: entries.map((e) => ({ resume: summaryText(e.summary), structure: e.structureId, creeeLe: e.mutation.createdAt, type: e.mutation.kind, identifiant: e.mutation.id, contenu: e.mutation.payload })),
  };
}

/** The last-resort file, kept beside the database (0600). */
export function writeDecisionsFile(dir: string, entries: readonly JournalEntry[], now: Date): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `decisions-non-envoyees-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(decisionsDocument(entries, now), null, 2), { mode: 0o600 });
  return file;
}

export type OpenDatabase = (options: OpenOptions) => { sqlite: Sqlite };

/**
 * Opens the local data, or throws LocalDatabaseUnavailableError having changed nothing: no file renamed, no key
 * replaced. Only a database unreadable with its key is moved aside and rebuilt, and a key is stored only once the
 * database it opens has opened. `openDatabase` is replaceable for tests that need a given failure.
 */
export async function openLocalData(o: { dataDir: string; secrets: SecretStore; nativeBinding?: string | undefined; now: () => Date; openDatabase?: OpenDatabase }): Promise<OpenedLocalData> {
  try {
    return await openOrRebuild(o);
  } catch (error) {
    if (error instanceof LocalDatabaseUnavailableError) throw error;
    // A fresh database that reads as unreadable is not a fault of the user's file: never a reason to go on.
    throw error instanceof DatabaseUnreadableError ? new LocalDatabaseUnavailableError('OTHER', { cause: error }) : classifyOpenFailure(error);
  }
}

async function openOrRebuild(o: { dataDir: string; secrets: SecretStore; nativeBinding?: string | undefined; now: () => Date; openDatabase?: OpenDatabase }): Promise<OpenedLocalData> {
  fs.mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(o.dataDir, DB_FILE);
  const fresh = `${file}.nouvelle`;
  // Left by a rebuild that was cut short: it never held anything but empty tables.
  removeDatabaseFiles(fresh);
  const existed = fs.existsSync(file);
  const storedDbKey = await o.secrets.get(SECRET_DB_KEY);
  const storedJournalKey = await o.secrets.get(SECRET_JOURNAL_KEY);
  const journalKey = isKey(storedJournalKey) ? storedJournalKey : newKey();
  const keepJournalKey = async () => {
    if (journalKey !== storedJournalKey) await o.secrets.set(SECRET_JOURNAL_KEY, journalKey);
  };
  const journal = new OutboxJournal(path.join(o.dataDir, JOURNAL_FILE), journalKey);
  // Without its key, the journal's lines cannot be read: nothing to recover from it.
  const journaled = () => (journalKey === storedJournalKey ? journal.pending() : []);
  const open = (at: string, key: string) => (o.openDatabase ?? openDatabase)({ file: at, key, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) });

  let reason: string | null = null;
  let cause: RecoveryCause = 'UNREADABLE';
  if (existed && !isKey(storedDbKey)) {
    cause = 'KEY_MISSING';
    reason = 'the database key is missing from the system keychain';
  }
  else {
    const key = isKey(storedDbKey) ? storedDbKey : newKey();
    let sqlite: Sqlite | null = null;
    try {
      sqlite = open(file, key).sqlite;
    } catch (error) {
      if (!(error instanceof DatabaseUnreadableError)) throw error;
      reason = error.reason;
    }
    if (sqlite) {
      try {
        if (key !== storedDbKey) await o.secrets.set(SECRET_DB_KEY, key);
        await keepJournalKey();
        const store = new LocalStore(sqlite, backgroundConnection({ file, key, nativeBinding: o.nativeBinding }));
        // Decisions the journal holds and the database does not: the database was deleted, a recovery was cut short
        // after moving it aside, or a power cut rolled back its last commits. They are queued again, never dropped
        // (the server applies a mutation id once, so one that did reach it is not applied twice).
        const known = new Set([...store.outbox().map((e) => e.id), ...store.conflicts().map((c) => c.id)]);
        const pending = journaled();
        const orphans = pending.filter((e) => !known.has(e.mutation.id));
        requeue(store, orphans);
        const recovery = orphans.length && !existed
          ? recoveryReport(o.dataDir, orphans, o.now(), 'DATABASE_MISSING', 'the database file was missing; unsent decisions were found in the journal', null)
          : null;
        const author = new Map(pending.map((e) => [e.mutation.id, e.userId]));
        journal.reset(store.outbox().map((e) => ({ structureId: e.structureId, summary: e.summary, mutation: e.mutation, userId: author.get(e.id) })));
        return { sqlite, store, journal, recovery };
      } catch (error) {
        sqlite.close();
        // A database created just now, with a key that could not be kept, would read as unreadable next time.
        if (!existed) removeDatabaseFiles(file);
        throw error;
      }
    }
  }

  // Recovery. The fresh database must open before anything else happens: if it cannot (no native module, disk
  // full...), the unreadable file stays where it is, under the same key, and the error stops the start-up.
  const freshKey = newKey();
  const now = o.now();
  const movedAside = `${file}.illisible-${now.toISOString().replace(/[:.]/g, '-')}`;
  let pending: JournalEntry[];
  let recovery: Recovery;
  try {
    open(fresh, freshKey).sqlite.close();
    pending = journaled();
    recovery = recoveryReport(o.dataDir, pending, now, cause, reason ?? 'unreadable database', movedAside);
    // Keep the unreadable file for support, never delete it.
    moveDatabaseFiles(file, movedAside);
    await o.secrets.set(SECRET_DB_KEY, freshKey);
    await keepJournalKey();
  } catch (error) {
    if (fs.existsSync(movedAside) && !fs.existsSync(file)) moveDatabaseFiles(movedAside, file);
    removeDatabaseFiles(fresh);
    throw error;
  }
  moveDatabaseFiles(fresh, file);
  const { sqlite } = open(file, freshKey);
  const store = new LocalStore(sqlite, backgroundConnection({ file, key: freshKey, nativeBinding: o.nativeBinding }));
  requeue(store, pending);
  journal.reset(pending);
  return { sqlite, store, journal, recovery };
}

function requeue(store: LocalStore, entries: readonly JournalEntry[]): void {
  store.transaction(() => entries.forEach((e) => store.enqueue(e.structureId, e.mutation, e.summary)));
}

/** What the user is told after a rebuild; the decisions are also exported to a readable file. */
function recoveryReport(dataDir: string, entries: readonly JournalEntry[], now: Date, cause: RecoveryCause, reason: string, movedAside: string | null): Recovery {
  const exportedFile = entries.length ? writeDecisionsFile(path.join(dataDir, RECOVERY_DIR), entries, now) : null;
  return { at: now.toISOString(), cause, reason, exportedFile, requeued: entries.length, movedAside, owners: ownersOf(entries) };
}
