// Opening the local data at start-up: the database key and the journal key come from the SecretStore (created on
// first run). When the database cannot be read (wrong or lost key, corrupt or foreign file), the file is moved
// aside, the unsent decisions kept by the journal are exported to a readable file and queued again in a fresh
// database, and the user signs in again to re-sync. Nothing they decided is lost.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, DatabaseUnreadableError, openDatabase, type Sqlite } from './db/open-database';
import { LocalStore } from './local-store';
import { OutboxJournal, type JournalEntry } from './outbox-journal';
import { SECRET_DB_KEY, type SecretStore } from './platform';

export const SECRET_JOURNAL_KEY = 'rafael.journal.key';
export const JOURNAL_FILE = 'outbox-journal.log';
export const RECOVERY_DIR = 'recuperation';

/** `owners`: the users who made the requeued decisions; nobody else may send them. */
export type Recovery = { at: string; reason: string; exportedFile: string | null; requeued: number; movedAside: string | null; owners: string[] };

const ownersOf = (entries: readonly JournalEntry[]) => [...new Set(entries.flatMap((e) => (e.userId ? [e.userId] : [])))];

export type OpenedLocalData = { sqlite: Sqlite; store: LocalStore; journal: OutboxJournal; recovery: Recovery | null };

async function secretKey(secrets: SecretStore, name: string): Promise<{ key: string; created: boolean }> {
  const existing = await secrets.get(name);
  if (existing && /^[0-9a-f]{64}$/.test(existing)) return { key: existing, created: false };
  const key = randomBytes(32).toString('hex');
  await secrets.set(name, key);
  return { key, created: true };
}

/** The readable form of unsent decisions: what was decided, for whom, when, exactly as it would be sent. */
export function decisionsDocument(entries: readonly JournalEntry[], now: Date) {
  return {
    note: "Décisions prises dans RafaelPro Desktop et pas encore transmises au serveur. Elles seront renvoyées automatiquement à la prochaine synchronisation ; ce fichier en garde une copie lisible.",
    exportedAt: now.toISOString(),
    decisions: entries.map((e) => ({ resume: e.summary, structure: e.structureId, creeeLe: e.mutation.createdAt, type: e.mutation.kind, identifiant: e.mutation.id, contenu: e.mutation.payload })),
  };
}

/** The last-resort file, kept beside the database (0600). */
export function writeDecisionsFile(dir: string, entries: readonly JournalEntry[], now: Date): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `decisions-non-envoyees-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(decisionsDocument(entries, now), null, 2), { mode: 0o600 });
  return file;
}

export async function openLocalData(o: { dataDir: string; secrets: SecretStore; nativeBinding?: string | undefined; now: () => Date }): Promise<OpenedLocalData> {
  fs.mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(o.dataDir, DB_FILE);
  const existed = fs.existsSync(file);
  const dbKey = await secretKey(o.secrets, SECRET_DB_KEY);
  const journalKey = await secretKey(o.secrets, SECRET_JOURNAL_KEY);
  const journal = new OutboxJournal(path.join(o.dataDir, JOURNAL_FILE), journalKey.key);
  const open = (key: string) => openDatabase({ file, key, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) });

  let reason: string | null = null;
  if (existed && dbKey.created) reason = 'la clé de chiffrement de la base locale est introuvable dans le trousseau du système';
  else {
    try {
      const { sqlite } = open(dbKey.key);
      const store = new LocalStore(sqlite);
      // Decisions the journal holds and the database does not: the database was deleted, a recovery was cut short
      // after moving it aside, or a power cut rolled back its last commits. They are queued again, never dropped
      // (the server applies a mutation id once, so one that did reach it is not applied twice).
      const known = new Set([...store.outbox().map((e) => e.id), ...store.conflicts().map((c) => c.id)]);
      const journaled = journalKey.created ? [] : journal.pending();
      const orphans = journaled.filter((e) => !known.has(e.mutation.id));
      requeue(store, orphans);
      const recovery = orphans.length && !existed
        ? recoveryReport(o.dataDir, orphans, o.now(), 'la base locale était absente ; les décisions non envoyées ont été retrouvées dans le journal', null)
        : null;
      const author = new Map(journaled.map((e) => [e.mutation.id, e.userId]));
      journal.reset(store.outbox().map((e) => ({ structureId: e.structureId, summary: e.summary, mutation: e.mutation, userId: author.get(e.id) })));
      return { sqlite, store, journal, recovery };
    } catch (error) {
      if (!(error instanceof DatabaseUnreadableError)) throw error;
      reason = error.reason;
    }
  }

  // Recovery: keep the unreadable file for support, never delete it.
  const now = o.now();
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const movedAside = `${file}.illisible-${stamp}`;
  fs.renameSync(file, movedAside);
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedAside + suffix);
  const pending = journalKey.created ? [] : journal.pending();
  const recovery = recoveryReport(o.dataDir, pending, now, reason, movedAside);
  const freshKey = randomBytes(32).toString('hex');
  await o.secrets.set(SECRET_DB_KEY, freshKey);
  const { sqlite } = open(freshKey);
  const store = new LocalStore(sqlite);
  requeue(store, pending);
  journal.reset(pending);
  return { sqlite, store, journal, recovery };
}

function requeue(store: LocalStore, entries: readonly JournalEntry[]): void {
  store.transaction(() => entries.forEach((e) => store.enqueue(e.structureId, e.mutation, e.summary)));
}

/** What the user is told after a rebuild; the decisions are also exported to a readable file. */
function recoveryReport(dataDir: string, entries: readonly JournalEntry[], now: Date, reason: string, movedAside: string | null): Recovery {
  const exportedFile = entries.length ? writeDecisionsFile(path.join(dataDir, RECOVERY_DIR), entries, now) : null;
  return { at: now.toISOString(), reason, exportedFile, requeued: entries.length, movedAside, owners: ownersOf(entries) };
}
