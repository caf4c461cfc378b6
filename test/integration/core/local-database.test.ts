// The encrypted local database of the client core, against a real reference server: the file on disk is
// encrypted; an unreadable file (wrong or lost key, corrupt, foreign) is moved aside and rebuilt without losing the
// unsent decisions; every earlier schema version upgrades with its rows; a process killed while writing loses
// no committed transaction and leaves a readable database; and a database that cannot be opened for any other
// reason (native module, permission, full disk, lock) is left exactly as it was.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { createCore, type Core } from '../../../main/core/index';
import { classifyOpenFailure, DB_FILE, DatabaseUnreadableError, LocalDatabaseUnavailableError, migrationsFolder, openDatabase } from '../../../main/core/db/open-database';
import { JOURNAL_FILE, openLocalData, RECOVERY_DIR, SECRET_JOURNAL_KEY, type OpenDatabase } from '../../../main/core/local-database';
import { LocalStore } from '../../../main/core/local-store';
import { OutboxJournal } from '../../../main/core/outbox-journal';
import { MemorySecretStore, SECRET_DB_KEY, SECRET_TOKEN } from '../../../main/core/platform';
import { ReadModel } from '../../../main/core/queries/read-model';
import type { LocalDatabaseProblem } from '../../../shared/ipc/contract';
import type { CandidatureListRow } from '../../../shared/ipc/views';
import { pullAll, startTestServer, token } from '../server/harness';
import { startToggleProxy, type ToggleProxy } from '../../e2e/support/toggle-proxy';

const MANAGER = { email: 'manager@demo.test', password: 'demo' };
const STRUCTURE = 'of-demo';
const T = 60_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

let server: ReferenceServer;
let proxy: ToggleProxy;
const dirs: string[] = [];
const cores: Core[] = [];

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startToggleProxy(server.url);
}, T);

afterAll(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close().catch(() => undefined)));
  await proxy?.close();
  await server?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}, T);

// ---- helpers -----------------------------------------------------------------------------------------------------
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rafael-localdb-${prefix}-`));
  dirs.push(dir);
  return dir;
}

const randomKey = () => randomBytes(32).toString('hex');

async function startCore(dataDir: string, secrets: MemorySecretStore): Promise<Core> {
  const core = await createCore({
    dataDir,
    serverUrl: proxy.url,
    secrets,
    clock: () => server.clock.now(),
    syncIntervalMs: 3_600_000,
    pushDelayMs: 3_600_000,
    httpTimeoutMs: 3000,
    httpRetries: 0,
    // The test clock stands still: a decision held for its undo window would never leave.
    undoWindowMs: 0,
  });
  cores.push(core);
  return core;
}

async function closeCore(core: Core): Promise<void> {
  await core.close();
  cores.splice(cores.indexOf(core), 1);
}

async function signInAndSync(core: Core): Promise<void> {
  await core.handlers['auth.signIn'](MANAGER);
  await core.syncNow();
  const status = await core.handlers['sync.getStatus']({});
  expect(status.lastError).toBeNull();
  expect(status.lastSuccessAt).not.toBeNull();
}

async function pendingRows(core: Core): Promise<CandidatureListRow[]> {
  const page = await core.handlers['candidatures.list']({
    filters: { states: ['EN_ATTENTE'], roles: ['RESPONSABLE'] },
    sort: { field: 'avisDeadline', direction: 'desc' },
    offset: 0,
    limit: 50,
  });
  return page.rows;
}

/** Candidatures this user may decide on now, that no other test of this file has touched. */
const usedCandidatures = new Set<string>();
async function decidable(core: Core, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (const row of await pendingRows(core)) {
    if (ids.length === count) break;
    if (usedCandidatures.has(row.id)) continue;
    const detail = await core.handlers['candidatures.get']({ id: row.id });
    if (!detail.canGiveAvis.allowed) continue;
    usedCandidatures.add(row.id);
    ids.push(row.id);
  }
  expect(ids).toHaveLength(count);
  return ids;
}

/**
 * Cuts the core off the server. The proxy's sockets close on the next turns of the event loop; the core's HTTP
 * pool must see them closed before it is back online, or it would reuse a dead keep-alive connection.
 */
async function goOffline(): Promise<void> {
  proxy.setOnline(false);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function movedAsideFiles(dataDir: string): string[] {
  return fs.readdirSync(dataDir).filter((f) => f.startsWith(`${DB_FILE}.illisible-`) && !f.endsWith('-wal') && !f.endsWith('-shm'));
}

/** Opens the core's database file in the test, with the key the core keeps in the secret store. */
async function openWithStoredKey(dataDir: string, secrets: MemorySecretStore) {
  const key = await secrets.get(SECRET_DB_KEY);
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  return openDatabase({ file: path.join(dataDir, DB_FILE), key: key! });
}

// ---- 1. encryption at rest -----------------------------------------------------------------------------------------
describe('local database: encryption at rest', () => {
  it('stores synced personal data only encrypted: no e-mail or name in the file bytes, no SQLite header, unreadable without the key', async () => {
    const dataDir = tempDir('enc');
    const secrets = new MemorySecretStore();
    const core = await startCore(dataDir, secrets);
    await signInAndSync(core);
    const rows = await pendingRows(core);
    expect(rows.length).toBeGreaterThan(5);
    // Long strings only, so a chance match in random-looking bytes is out of the question.
    const needles = [...new Set(rows.flatMap((r) => [r.candidateEmail, r.candidateName]))].filter((s) => Buffer.byteLength(s) >= 8);
    expect(needles.length).toBeGreaterThan(5);
    const file = path.join(dataDir, DB_FILE);

    const assertNoPlaintext = (f: string) => {
      const bytes = fs.readFileSync(f);
      for (const needle of needles) expect(bytes.includes(Buffer.from(needle, 'utf8')), `${path.basename(f)} contains "${needle}"`).toBe(false);
      return bytes;
    };
    // While the core is open, part of the data may sit in the write-ahead log: it must be encrypted too.
    for (const f of [file, `${file}-wal`, path.join(dataDir, JOURNAL_FILE)]) if (fs.existsSync(f)) assertNoPlaintext(f);

    await closeCore(core);
    const bytes = assertNoPlaintext(file);
    expect(bytes.length).toBeGreaterThan(64 * 1024); // the synced data is really in this file
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.subarray(0, 15).toString('latin1')).not.toContain('SQLite format');

    // Without a key, SQLite does not recognise the file.
    const plain = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(() => plain.prepare('select count(*) from sqlite_master').get()).toThrow(/file is not a database/);
    } finally {
      plain.close();
    }
    // With another 32-byte key, the core's opener refuses it.
    let failure: unknown = null;
    try {
      openDatabase({ file, key: randomKey() }).sqlite.close();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DatabaseUnreadableError);
    expect((failure as DatabaseUnreadableError).reason).toMatch(/file is not a database/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true); // a failed open writes nothing

    // Positive control: with the stored key, the very strings searched for are in the database.
    const { sqlite } = await openWithStoredKey(dataDir, secrets);
    try {
      const emails = new Set((sqlite.prepare('select email from candidatures').all() as { email: string }[]).map((r) => r.email));
      for (const r of rows) expect(emails.has(r.candidateEmail)).toBe(true);
    } finally {
      sqlite.close();
    }
  }, T);
});

// ---- 2. wrong key: recovery keeps the unsent decisions -------------------------------------------------------------
describe('local database: recovery after a key change', () => {
  it('with the wrong key, moves the file aside, exports and requeues the unsent decisions, then sends them after sign-in', async () => {
    const dataDir = tempDir('wrongkey');
    const secrets = new MemorySecretStore();
    const first = await startCore(dataDir, secrets);
    await signInAndSync(first);
    const ids = await decidable(first, 2);

    await goOffline();
    const mutationIds: string[] = [];
    try {
      for (const candidatureId of ids) {
        const { mutationId } = await first.handlers['avis.give']({ candidatureId, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } });
        mutationIds.push(mutationId);
      }
      expect((await first.handlers['outbox.list']({})).map((e) => e.id)).toEqual(mutationIds);
      await closeCore(first);

      const file = path.join(dataDir, DB_FILE);
      const before = sha256(file);
      const oldKey = await secrets.get(SECRET_DB_KEY);
      await secrets.set(SECRET_DB_KEY, randomKey());

      const second = await startCore(dataDir, secrets);
      const recovery = second.recovery;
      expect(recovery).not.toBeNull();
      expect(recovery!.reason).not.toBe('');
      expect(recovery!.requeued).toBe(2);

      // The unreadable file is kept, byte for byte, for support.
      const aside = movedAsideFiles(dataDir);
      expect(aside).toHaveLength(1);
      expect(path.join(dataDir, aside[0]!)).toBe(recovery!.movedAside);
      expect(sha256(recovery!.movedAside!)).toBe(before);
      const oldDb = openDatabase({ file: recovery!.movedAside!, key: oldKey! });
      expect((oldDb.sqlite.prepare('select count(*) as n from outbox').get() as { n: number }).n).toBe(2);
      oldDb.sqlite.close();

      // A fresh database under a fresh key.
      expect(await secrets.get(SECRET_DB_KEY)).not.toBe(oldKey);
      expect(fs.existsSync(file)).toBe(true);
      expect(sha256(file)).not.toBe(before);

      // The readable export lists both decisions.
      expect(recovery!.exportedFile).not.toBeNull();
      expect(path.dirname(recovery!.exportedFile!)).toBe(path.join(dataDir, RECOVERY_DIR));
      expect(path.basename(recovery!.exportedFile!)).toMatch(/^decisions-non-envoyees-.*\.json$/);
      const exported = JSON.parse(fs.readFileSync(recovery!.exportedFile!, 'utf8')) as {
        decisions: { identifiant: string; type: string; structure: string; contenu: { candidatureId: string; decision: { kind: string; motive: string } } }[];
      };
      expect(exported.decisions.map((d) => d.identifiant)).toEqual(mutationIds);
      expect(exported.decisions.map((d) => d.contenu.candidatureId)).toEqual(ids);
      for (const d of exported.decisions) {
        expect(d).toMatchObject({ type: 'avis', structure: STRUCTURE, contenu: { decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE' } } });
      }

      // The app tells the user, and the decisions wait in the new outbox.
      const state = await second.handlers['app.getState']({});
      expect(state.recovery).toMatchObject({ reason: recovery!.reason, requeued: 2, exportedFile: recovery!.exportedFile });
      expect(state.signedIn).toBe(false);
      expect((await second.handlers['sync.getStatus']({})).pendingCount).toBe(2);

      // Back online: sign in again; the requeued decisions go out with the first sync.
      proxy.setOnline(true);
      await second.handlers['auth.signIn'](MANAGER);
      // Read before any I/O of the sync the sign-in started can complete.
      const outbox = await second.handlers['outbox.list']({});
      expect(outbox.map((e) => e.id)).toEqual(mutationIds);
      expect(outbox.map((e) => (e.mutation.kind === 'avis' ? e.mutation.payload.candidatureId : null))).toEqual(ids);
      await second.syncNow();
      expect(await second.handlers['outbox.list']({})).toEqual([]);
      expect(await second.handlers['conflicts.list']({})).toEqual([]);
      expect((await second.handlers['app.getState']({})).recovery).not.toBeNull();

      const { pages } = await pullAll(server, await token(server, MANAGER.email), STRUCTURE);
      const onServer = new Map(pages.flatMap((p) => p.changes.candidatures).map((c) => [c.id, c]));
      for (const id of ids) expect(onServer.get(id)?.state).toBe('NON_RETENUE');
      // And locally, after the re-sync.
      for (const id of ids) expect((await second.handlers['candidatures.get']({ id })).candidature.state).toBe('NON_RETENUE');
      await closeCore(second);
    } finally {
      proxy.setOnline(true);
    }
  }, T);
});

// ---- 2b. a process killed in the middle of a recovery ---------------------------------------------------------------
const RECOVERY_FIXTURE = path.join(here, 'fixtures', 'kill-mid-write-recovery.ts');

/** Runs one start-up of the local data in a child process and SIGKILLs it while it stores the new database key. */
function killDuringRecovery(dataDir: string, dbKey: string, journalKey: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RECOVERY_FIXTURE, dataDir, dbKey, journalKey], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('storing-key\n')) child.kill('SIGKILL');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes('storing-key\n')) resolve(out);
      else reject(new Error(`recovery child ended with code ${code}, signal ${signal}: ${out} ${err}`));
    });
  });
}

describe('local database: a process killed during a recovery', () => {
  let afterRestart: { pendingCount: number; recovery: unknown; exportedDecisions: number; journalPending: number } | null = null;

  it('keeps the moved-aside file and the readable export when killed while storing the new key', async () => {
    const dataDir = tempDir('killrecovery');
    const secrets = new MemorySecretStore();
    const first = await startCore(dataDir, secrets);
    await signInAndSync(first);
    const ids = await decidable(first, 2);
    await goOffline();
    try {
      for (const candidatureId of ids) {
        await first.handlers['avis.give']({ candidatureId, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } });
      }
      await closeCore(first);
      const file = path.join(dataDir, DB_FILE);
      const before = sha256(file);

      // The keychain now holds a key that does not open the file; the start-up recovers, and dies storing the new key.
      const wrongKey = randomKey();
      await secrets.set(SECRET_DB_KEY, wrongKey);
      const journalKey = await secrets.get(SECRET_JOURNAL_KEY);
      await killDuringRecovery(dataDir, wrongKey, journalKey!);

      expect(fs.existsSync(file)).toBe(false);
      const aside = movedAsideFiles(dataDir);
      expect(aside).toHaveLength(1);
      expect(sha256(path.join(dataDir, aside[0]!))).toBe(before);
      const exports = fs.readdirSync(path.join(dataDir, RECOVERY_DIR));
      expect(exports).toHaveLength(1);
      const exported = JSON.parse(fs.readFileSync(path.join(dataDir, RECOVERY_DIR, exports[0]!), 'utf8')) as { decisions: { contenu: { candidatureId: string } }[] };
      expect(exported.decisions.map((d) => d.contenu.candidatureId)).toEqual(ids);

      // The next start-up, with the keychain as the killed process left it.
      const second = await startCore(dataDir, secrets);
      afterRestart = {
        pendingCount: (await second.handlers['sync.getStatus']({})).pendingCount,
        recovery: (await second.handlers['app.getState']({})).recovery,
        exportedDecisions: exported.decisions.length,
        journalPending: 0,
      };
      await closeCore(second);
      afterRestart.journalPending = new OutboxJournal(path.join(dataDir, JOURNAL_FILE), journalKey!).pending().length;
    } finally {
      proxy.setOnline(true);
    }
  }, T);

  // A recovery interrupted between moving the file aside and requeueing (here: killed while the keychain stores the
  // new key) leaves no database but a journal: the next start must queue those decisions again and say so.
  it('after a restart, the decisions of the interrupted recovery are queued again and the recovery is shown', () => {
    expect(afterRestart).not.toBeNull();
    expect(afterRestart!.exportedDecisions).toBe(2);
    const told = afterRestart!.pendingCount === 2 && afterRestart!.recovery !== null;
    const seen = `pending ${afterRestart!.pendingCount}, recovery ${JSON.stringify(afterRestart!.recovery)}, journal ${afterRestart!.journalPending}`;
    expect(told, seen).toBe(true);
  });
});

// ---- 3. corrupt, foreign and key-less files ------------------------------------------------------------------------
type Damage = { name: string; damage: (dataDir: string, secrets: MemorySecretStore) => Promise<void> | void; reason?: RegExp; cause?: 'KEY_MISSING' };

function overwriteMiddle(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    // Several pages in the middle and the second half of the file.
    for (const at of [Math.floor(size / 3), Math.floor(size / 2), Math.floor((size * 3) / 4)]) fs.writeSync(fd, randomBytes(16 * 1024), 0, 16 * 1024, at);
  } finally {
    fs.closeSync(fd);
  }
}

const damages: Damage[] = [
  { name: 'random bytes over the middle of the file', damage: (dir) => overwriteMiddle(path.join(dir, DB_FILE)) },
  {
    name: 'a file truncated to a third then followed by garbage',
    damage: (dir) => {
      const file = path.join(dir, DB_FILE);
      const size = fs.statSync(file).size;
      fs.truncateSync(file, Math.floor(size / 3 / 4096) * 4096);
      fs.appendFileSync(file, randomBytes(10_000));
    },
  },
  {
    name: 'a foreign, unencrypted SQLite database',
    damage: (dir) => {
      const file = path.join(dir, DB_FILE);
      fs.rmSync(file);
      const foreign = new Database(file);
      foreign.exec('create table recettes (id integer primary key, nom text not null); insert into recettes(nom) values (\'garbure\'), (\'piperade\');');
      foreign.close();
    },
    reason: /file is not a database/,
  },
  {
    name: 'a database whose key the keychain lost',
    damage: async (_dir, secrets) => secrets.delete(SECRET_DB_KEY),
    cause: 'KEY_MISSING',
  },
];

describe('local database: recovery from damaged files', () => {
  it.each(damages)('recovers from $name without throwing, and the new database works', async ({ damage, reason, cause }) => {
    const dataDir = tempDir('damage');
    const secrets = new MemorySecretStore();
    const first = await startCore(dataDir, secrets);
    await signInAndSync(first);
    await closeCore(first);
    const file = path.join(dataDir, DB_FILE);
    for (const suffix of ['-wal', '-shm']) expect(fs.existsSync(file + suffix)).toBe(false); // closed cleanly: all in the file
    await damage(dataDir, secrets);
    const damaged = sha256(file);

    // Never throws: the damaged file is handled inside createCore.
    const recovered = await startCore(dataDir, secrets);
    expect(recovered.recovery).not.toBeNull();
    expect(recovered.recovery!.reason.length).toBeGreaterThan(0);
    if (reason) expect(recovered.recovery!.reason).toMatch(reason);
    expect(recovered.recovery!.cause).toBe(cause ?? 'UNREADABLE');
    expect(recovered.recovery!.requeued).toBe(0);
    expect(recovered.recovery!.exportedFile).toBeNull();
    expect(movedAsideFiles(dataDir)).toHaveLength(1);
    expect(sha256(recovered.recovery!.movedAside!)).toBe(damaged);
    expect((await recovered.handlers['app.getState']({})).recovery).toMatchObject({ reason: recovered.recovery!.reason, requeued: 0 });

    // The new database works: sign in, full sync, lists.
    await signInAndSync(recovered);
    expect((await pendingRows(recovered)).length).toBeGreaterThan(5);
    await closeCore(recovered);

    // And it opens again without any recovery.
    const again = await startCore(dataDir, secrets);
    expect(again.recovery).toBeNull();
    expect((await again.handlers['app.getState']({})).signedIn).toBe(true);
    expect((await pendingRows(again)).length).toBeGreaterThan(5);
    await closeCore(again);
  }, T);
});

// ---- 4. upgrades from every earlier schema version -----------------------------------------------------------------
type JournalFile = { version: string; dialect: string; entries: { idx: number; tag: string; when: number }[] };

const shippedFolder = migrationsFolder();
const shippedJournal = JSON.parse(fs.readFileSync(path.join(shippedFolder, 'meta', '_journal.json'), 'utf8')) as JournalFile;
const ftsMigration = shippedJournal.entries.findIndex((e) => fs.readFileSync(path.join(shippedFolder, `${e.tag}.sql`), 'utf8').includes('candidatures_fts'));

/** A copy of the shipped migrations folder that stops after the first `k` migrations. */
function migrationsPrefix(k: number): string {
  const dir = tempDir(`migrations-${k}`);
  fs.cpSync(shippedFolder, dir, { recursive: true });
  const journal: JournalFile = { ...shippedJournal, entries: shippedJournal.entries.slice(0, k) };
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  for (const e of shippedJournal.entries.slice(k)) fs.rmSync(path.join(dir, `${e.tag}.sql`));
  return dir;
}

const hasTable = (sqlite: Database.Database, name: string) => sqlite.prepare(`select 1 from sqlite_master where name = ?`).get(name) !== undefined;

/** Representative rows of every table of schema 0000 (the columns every later version keeps). */
function insertRepresentativeRows(sqlite: Database.Database, tag: string): void {
  const s = 'of-upgrade';
  sqlite.prepare(`insert into actions(structure_id, id, title, reference, market_number, organisme, data) values (?, 'act-1', 'Soudeur Tig', 'REF-1', 'MKT-1', 'Rafael Pro Pau', '{"id":"act-1"}')`).run(s);
  sqlite.prepare(`insert into sessions(structure_id, id, action_id, carif_number, city, department, status, org_role, market_start, market_end, data)
    values (?, 'ses-1', 'act-1', 'CARIF-1', 'Pau', '64', 'PUBLISHED', 'RESPONSABLE', '2025-01-01', '2025-12-31', '{"id":"ses-1"}')`).run(s);
  sqlite.prepare(`insert into entry_points(structure_id, id, session_id, date, places, data) values (?, 'ep-1', 'ses-1', '2025-07-01', 12, '{}')`).run(s);
  const { rid } = sqlite.prepare(`insert into candidatures(structure_id, id, session_id, state, avis_on, avis_deadline, created_on, last_name, first_name, email, data, pending_state, pending_avis_on, pending_mutation_id)
    values (?, 'cand-old', 'ses-1', 'EN_ATTENTE', null, '2025-07-10', '2025-06-01', 'Etchegaray', 'Maialen', 'maialen.etchegaray@exemple.fr', '{"id":"cand-old"}', 'NON_RETENUE', '2025-06-16', 'mut-1')
    returning rid`).get(s) as { rid: number };
  if (hasTable(sqlite, 'candidatures_fts')) {
    sqlite.prepare('insert or replace into candidatures_fts(rowid, text) values (?, ?)').run(rid, 'Maialen Etchegaray maialen.etchegaray@exemple.fr Soudeur Tig CARIF-1');
  }
  sqlite.prepare(`insert into pre_registrations(structure_id, id, session_id, data, pending) values (?, 'pre-1', 'ses-1', null, '{"mutationId":"mut-2"}')`).run(s);
  sqlite.prepare(`insert into outbox(id, structure_id, kind, mutation, summary, created_at) values ('mut-1', ?, 'avis', '{"id":"mut-1","kind":"avis"}', 'Avis non retenu pour Maialen Etchegaray', '2025-06-16T10:00:00.000Z')`).run(s);
  sqlite.prepare(`insert into conflicts(id, structure_id, mutation, code, message, summary, rejected_at) values ('conf-1', ?, '{"id":"mut-0"}', 'VERSION_CONFLICT', 'Conflit', 'Avis', '2025-06-15T10:00:00.000Z')`).run(s);
  sqlite.prepare(`insert into kv(key, value) values ('written-at-schema', ?)`).run(JSON.stringify(tag));
  sqlite.prepare(`insert into sync_state(structure_id, cursor, last_success_at, resyncing) values (?, 'cursor-42', '2025-06-16T09:00:00.000Z', 0)`).run(s);
}

function expectRepresentativeRows(sqlite: Database.Database, tag: string): void {
  const one = (sql: string) => sqlite.prepare(sql).get();
  expect(one(`select title, organisme from actions where id = 'act-1'`)).toEqual({ title: 'Soudeur Tig', organisme: 'Rafael Pro Pau' });
  expect(one(`select city, org_role as orgRole from sessions where id = 'ses-1'`)).toEqual({ city: 'Pau', orgRole: 'RESPONSABLE' });
  expect(one(`select places from entry_points where id = 'ep-1'`)).toEqual({ places: 12 });
  expect(one(`select last_name as lastName, email, pending_state as pendingState, pending_mutation_id as pendingMutationId from candidatures where id = 'cand-old'`)).toEqual({
    lastName: 'Etchegaray', email: 'maialen.etchegaray@exemple.fr', pendingState: 'NON_RETENUE', pendingMutationId: 'mut-1',
  });
  expect(one(`select pending from pre_registrations where id = 'pre-1'`)).toEqual({ pending: '{"mutationId":"mut-2"}' });
  expect(one(`select id, kind, attempts from outbox`)).toEqual({ id: 'mut-1', kind: 'avis', attempts: 0 });
  expect(one(`select code from conflicts where id = 'conf-1'`)).toEqual({ code: 'VERSION_CONFLICT' });
  expect(one(`select value from kv where key = 'written-at-schema'`)).toEqual({ value: JSON.stringify(tag) });
  expect(one(`select cursor from sync_state where structure_id = 'of-upgrade'`)).toEqual({ cursor: 'cursor-42' });
}

function search(sqlite: Database.Database, text: string): string[] {
  const read = new ReadModel(new LocalStore(sqlite));
  const page = read.candidatures('of-upgrade', { filters: { search: text }, sort: { field: 'candidateName', direction: 'asc' }, offset: 0, limit: 50 }, '2025-06-16', new Set());
  return page.rows.map((r) => r.id);
}

/** Opens an old-schema database with the full shipped migrations, as the new version of the app does. */
function upgradeFrom(k: number): { sqlite: Database.Database; tag: string } {
  const tag = shippedJournal.entries[k - 1]!.tag;
  const file = path.join(tempDir(`upgrade-${k}`), DB_FILE);
  const key = randomKey();
  const old = openDatabase({ file, key, migrations: migrationsPrefix(k) });
  const applied = (old.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
  expect(applied).toBe(k);
  insertRepresentativeRows(old.sqlite, tag);
  old.sqlite.close();
  const { sqlite } = openDatabase({ file, key });
  expect((sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(shippedJournal.entries.length);
  return { sqlite, tag };
}

const prefixes = shippedJournal.entries.map((e, i) => ({ k: i + 1, tag: e.tag }));

describe('local database: upgrade from every earlier schema version', () => {
  it('ships at least the initial schema and the full-text migration', () => {
    expect(shippedJournal.entries.length).toBeGreaterThanOrEqual(2);
    expect(ftsMigration).toBeGreaterThan(0);
  });

  it.each(prefixes)('from schema $tag: every row stays, and full-text search finds newly stored candidatures', ({ k }) => {
    const { sqlite, tag } = upgradeFrom(k);
    try {
      expectRepresentativeRows(sqlite, tag);
      const [check] = sqlite.pragma('quick_check') as { quick_check: string }[];
      expect(check?.quick_check).toBe('ok');
      // A candidature stored after the upgrade, indexed the way the store indexes synced rows.
      const { rid } = sqlite.prepare(`insert into candidatures(structure_id, id, session_id, state, avis_on, avis_deadline, created_on, last_name, first_name, email, data)
        values ('of-upgrade', 'cand-new', 'ses-1', 'EN_ATTENTE', null, '2025-07-20', '2025-06-16', 'Hégoburu', 'Ximun', 'ximun.hegoburu@exemple.fr', '{"id":"cand-new"}') returning rid`).get() as { rid: number };
      sqlite.prepare('insert or replace into candidatures_fts(rowid, text) values (?, ?)').run(rid, 'Ximun Hégoburu ximun.hegoburu@exemple.fr Soudeur Tig CARIF-1');
      expect(search(sqlite, 'hegoburu')).toEqual(['cand-new']);
      expect(search(sqlite, 'Xim')).toEqual(['cand-new']);
      expect(search(sqlite, 'soudeur')).toContain('cand-new');
    } finally {
      sqlite.close();
    }
  });

  const withFts = prefixes.filter(({ k }) => k > ftsMigration);
  it.each(withFts)('from schema $tag: candidatures indexed before the upgrade are still found by search', ({ k }) => {
    const { sqlite } = upgradeFrom(k);
    try {
      expect(search(sqlite, 'etchegaray')).toEqual(['cand-old']);
    } finally {
      sqlite.close();
    }
  });

  // The full-text migration back-fills the index: candidatures stored before it are searchable at once.
  const withoutFts = prefixes.filter(({ k }) => k <= ftsMigration);
  it.each(withoutFts)('from schema $tag (before full-text search): candidatures already stored are found by search after the upgrade', ({ k }) => {
    const { sqlite } = upgradeFrom(k);
    try {
      expect(search(sqlite, 'etchegaray')).toEqual(['cand-old']);
    } finally {
      sqlite.close();
    }
  });
});

// ---- 5. a process killed while writing -----------------------------------------------------------------------------
const FIXTURE = path.join(here, 'fixtures', 'kill-mid-write.ts');
const ROWS_PER_TRANSACTION = 40;

/** Runs the writer until it reported `atLeast` commits (plus a random extra delay), then SIGKILLs it. */
function runAndKill(file: string, key: string, atLeast: number): Promise<{ reported: number; start: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, file, key, String(ROWS_PER_TRANSACTION)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let start = -1;
    let reported = 0;
    let killScheduled = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const ready = /^ready (\d+)$/.exec(line);
        if (ready) start = Number(ready[1]);
        const committed = /^committed (\d+)$/.exec(line);
        if (committed) reported = Number(committed[1]);
      }
      if (!killScheduled && start >= 0 && reported - start >= atLeast) {
        killScheduled = true;
        // Land somewhere inside a later transaction, not on a boundary the test chose.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    // 'close', not 'exit': every line the writer printed before dying has been read by then.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${err}`));
      else if (!killScheduled) reject(new Error(`writer killed before reporting ${atLeast} commits: ${err}`));
      else resolve({ reported, start, signal });
    });
  });
}

describe('local database: a process killed mid-write', () => {
  it('loses no committed transaction, keeps transactions all-or-nothing, and leaves the database readable', async () => {
    const file = path.join(tempDir('kill'), DB_FILE);
    const key = randomKey();
    let reportedCommitted = 0;
    for (const atLeast of [3, 12, 25]) {
      const run = await runAndKill(file, key, atLeast);
      expect(run.signal).toBe('SIGKILL');
      expect(run.start).toBe(reportedCommitted); // it resumes after the last transaction found committed
      expect(run.reported).toBeGreaterThanOrEqual(run.start + atLeast);
      reportedCommitted = run.reported;
      // The killed process leaves its write-ahead log behind, as after a real crash.
      expect(fs.existsSync(`${file}-wal`)).toBe(true);

      // Reopen the way the core does: it must pass the integrity check and migrate.
      const { sqlite } = openDatabase({ file, key });
      try {
        const [check] = sqlite.pragma('quick_check') as { quick_check: string }[];
        expect(check?.quick_check).toBe('ok');
        const [integrity] = sqlite.pragma('integrity_check') as { integrity_check: string }[];
        expect(integrity?.integrity_check).toBe('ok');

        const perTxn = (sql: string) => new Map((sqlite.prepare(sql).all() as { txn: number; n: number }[]).map((r) => [r.txn, r.n]));
        const candidatures = perTxn(`select json_extract(data, '$.txn') as txn, count(*) as n from candidatures where structure_id = 'kill' group by 1`);
        const indexed = perTxn(`select cast(substr(c.last_name, 4) as integer) as txn, count(*) as n from candidatures_fts f join candidatures c on c.rid = f.rowid
          where candidatures_fts match 'kill' group by 1`);
        const outbox = perTxn(`select json_extract(mutation, '$.txn') as txn, count(*) as n from outbox where structure_id = 'kill' group by 1`);
        const markers = perTxn(`select json_extract(value, '$.txn') as txn, count(*) as n from kv where key like 'kill:%' group by 1`);

        const committed = [...markers.keys()].sort((a, b) => a - b);
        const last = committed.at(-1) ?? 0;
        // Every reported commit is there; at most the one in flight when the kill came was committed unreported.
        expect(last).toBeGreaterThanOrEqual(reportedCommitted);
        expect(last).toBeLessThanOrEqual(reportedCommitted + 1);
        expect(committed).toEqual(Array.from({ length: last }, (_, i) => i + 1));
        // All or nothing: exactly the committed transactions, each complete, in every table it wrote.
        expect([...candidatures.keys()].sort((a, b) => a - b)).toEqual(committed);
        expect([...outbox.keys()].sort((a, b) => a - b)).toEqual(committed);
        expect([...indexed.keys()].sort((a, b) => a - b)).toEqual(committed);
        for (const txn of committed) {
          expect(candidatures.get(txn), `candidatures of transaction ${txn}`).toBe(ROWS_PER_TRANSACTION);
          expect(indexed.get(txn), `indexed candidatures of transaction ${txn}`).toBe(ROWS_PER_TRANSACTION);
          expect(outbox.get(txn)).toBe(1);
          expect(markers.get(txn)).toBe(1);
        }
        reportedCommitted = last;
      } finally {
        sqlite.close();
      }
    }
  }, T);
});

// ---- 6. failures that say nothing about the file: stop, change nothing ----------------------------------------------
// A native module that does not load (a wrong Electron ABI), no permission, a full disk or a lock: the start-up stops
// with LOCAL_DATABASE_UNAVAILABLE and its reason, and the file, the keys, the journal and the folder stay as they were.
describe('local database: a database that cannot be opened now is left untouched', () => {
  let base = '';
  const baseSecrets: Record<string, string> = {};

  beforeAll(async () => {
    base = tempDir('unavailable-base');
    const secrets = new MemorySecretStore();
    const core = await startCore(base, secrets);
    await signInAndSync(core);
    const ids = await decidable(core, 2);
    await goOffline();
    try {
      for (const candidatureId of ids) {
        await core.handlers['avis.give']({ candidatureId, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } });
      }
      await closeCore(core);
    } finally {
      proxy.setOnline(true);
    }
    for (const name of [SECRET_DB_KEY, SECRET_JOURNAL_KEY, SECRET_TOKEN]) baseSecrets[name] = (await secrets.get(name))!;
    expect(fs.existsSync(path.join(base, JOURNAL_FILE))).toBe(true);
  }, T);

  /** A copy of the prepared data (a synced database with two unsent decisions) and of its keychain. */
  function preparedCopy(): { dataDir: string; secrets: MemorySecretStore } {
    const dataDir = tempDir('unavailable');
    fs.cpSync(base, dataDir, { recursive: true });
    return { dataDir, secrets: new MemorySecretStore(baseSecrets) };
  }

  /** Every file and folder under the data directory with its content hash, and every secret. */
  async function snapshot(dataDir: string, secrets: MemorySecretStore) {
    const files = Object.fromEntries(
      (fs.readdirSync(dataDir, { recursive: true }) as string[]).sort().map((f) => {
        const full = path.join(dataDir, f);
        return [f, fs.statSync(full).isDirectory() ? 'dossier' : sha256(full)];
      }),
    );
    const keys = Object.fromEntries(await Promise.all([SECRET_DB_KEY, SECRET_JOURNAL_KEY, SECRET_TOKEN].map(async (k) => [k, await secrets.get(k)])));
    return { files, keys };
  }

  async function expectRefused(start: Promise<unknown>, problem: LocalDatabaseProblem): Promise<LocalDatabaseUnavailableError> {
    const error: unknown = await start.then((opened) => opened, (e: unknown) => e);
    expect(error).toBeInstanceOf(LocalDatabaseUnavailableError);
    const refused = error as LocalDatabaseUnavailableError;
    // The start-up screen words the problem (and that nothing was changed) from this reason.
    expect(refused.toData()).toMatchObject({ code: 'LOCAL_DATABASE_UNAVAILABLE', reason: { key: 'localDatabaseUnavailable', params: { problem } } });
    return refused;
  }

  /** The next ordinary start opens the very same database: no recovery, both decisions still waiting. */
  async function expectOpensAsBefore(dataDir: string, secrets: MemorySecretStore): Promise<void> {
    const core = await startCore(dataDir, secrets);
    expect(core.recovery).toBeNull();
    expect(movedAsideFiles(dataDir)).toEqual([]);
    expect((await core.handlers['sync.getStatus']({})).pendingCount).toBe(2);
    expect((await core.handlers['app.getState']({})).signedIn).toBe(true);
    await closeCore(core);
  }

  const createWith = (dataDir: string, secrets: MemorySecretStore, nativeBinding: string) =>
    createCore({ dataDir, serverUrl: proxy.url, secrets, nativeBinding, clock: () => server.clock.now(), syncIntervalMs: 3_600_000, pushDelayMs: 3_600_000 });

  it('a native module that is missing (no Electron build where it is expected): NATIVE_MODULE, nothing changed', async () => {
    const { dataDir, secrets } = preparedCopy();
    const before = await snapshot(dataDir, secrets);
    await expectRefused(createWith(dataDir, secrets, path.join(tempDir('nobinding'), 'better_sqlite3.node')), 'NATIVE_MODULE');
    expect(await snapshot(dataDir, secrets)).toEqual(before);
    await expectOpensAsBefore(dataDir, secrets);
  }, T);

  it('a native module that does not load (ERR_DLOPEN_FAILED, as with a wrong Electron ABI): NATIVE_MODULE, nothing changed', async () => {
    const { dataDir, secrets } = preparedCopy();
    const binding = path.join(tempDir('badbinding'), 'better_sqlite3.node');
    fs.writeFileSync(binding, randomBytes(4096));
    const before = await snapshot(dataDir, secrets);
    await expectRefused(createWith(dataDir, secrets, binding), 'NATIVE_MODULE');
    expect(await snapshot(dataDir, secrets)).toEqual(before);
    await expectOpensAsBefore(dataDir, secrets);
  }, T);

  it('with the database key lost as well, a native module that does not load still changes nothing: no rebuild, no new key', async () => {
    const { dataDir, secrets } = preparedCopy();
    await secrets.delete(SECRET_DB_KEY);
    const before = await snapshot(dataDir, secrets);
    await expectRefused(createWith(dataDir, secrets, path.join(tempDir('nobinding'), 'better_sqlite3.node')), 'NATIVE_MODULE');
    expect(await snapshot(dataDir, secrets)).toEqual(before);
    expect(await secrets.get(SECRET_DB_KEY)).toBeNull();
  }, T);

  it('on a first start, a native module that does not load creates no key and no database', async () => {
    const dataDir = tempDir('firstbinding');
    const secrets = new MemorySecretStore();
    await expectRefused(createWith(dataDir, secrets, path.join(tempDir('nobinding'), 'better_sqlite3.node')), 'NATIVE_MODULE');
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(await secrets.get(SECRET_DB_KEY)).toBeNull();
    expect(await secrets.get(SECRET_JOURNAL_KEY)).toBeNull();
  }, T);

  it('a database path that cannot be opened (SQLITE_CANTOPEN): PERMISSION, nothing renamed, no key replaced', async () => {
    // Tests run as root, for whom file modes deny nothing: a folder where the file should be cannot be opened either.
    const dataDir = tempDir('cantopen');
    fs.mkdirSync(path.join(dataDir, DB_FILE));
    const secrets = new MemorySecretStore({ [SECRET_DB_KEY]: baseSecrets[SECRET_DB_KEY]!, [SECRET_JOURNAL_KEY]: baseSecrets[SECRET_JOURNAL_KEY]! });
    const before = await snapshot(dataDir, secrets);
    const refused = await expectRefused(startCore(dataDir, secrets), 'PERMISSION');
    expect((refused.cause as { code?: string }).code).toBe('SQLITE_CANTOPEN');
    expect(await snapshot(dataDir, secrets)).toEqual(before);
  }, T);

  it('a database locked by another program (SQLITE_BUSY): LOCKED, nothing changed, and it opens once released', async () => {
    const { dataDir, secrets } = preparedCopy();
    const before = await snapshot(dataDir, secrets);
    const other = new Database(path.join(dataDir, DB_FILE));
    try {
      other.pragma(`cipher='sqlcipher'`);
      other.pragma('legacy=4');
      other.pragma(`key="x'${baseSecrets[SECRET_DB_KEY]}'"`);
      other.pragma('locking_mode = EXCLUSIVE');
      other.exec('begin exclusive');
      other.prepare('select count(*) from sqlite_master').get();
      await expectRefused(startCore(dataDir, secrets), 'LOCKED');
      other.exec('rollback');
    } finally {
      other.close();
    }
    expect(await snapshot(dataDir, secrets)).toEqual(before);
    await expectOpensAsBefore(dataDir, secrets);
  }, T);

  // Failures a test cannot cause for real as root on a roomy disk, thrown by the opener as SQLite and Node throw them.
  const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });
  const injected: { name: string; error: () => Error; problem: LocalDatabaseProblem }[] = [
    { name: 'SQLITE_READONLY', error: () => new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'), problem: 'PERMISSION' },
    { name: 'SQLITE_CANTOPEN', error: () => new Database.SqliteError('unable to open database file', 'SQLITE_CANTOPEN'), problem: 'PERMISSION' },
    { name: 'EACCES', error: () => errno('EACCES', 'permission denied'), problem: 'PERMISSION' },
    { name: 'EPERM', error: () => errno('EPERM', 'operation not permitted'), problem: 'PERMISSION' },
    { name: 'SQLITE_FULL', error: () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), problem: 'DISK_FULL' },
    { name: 'ENOSPC', error: () => errno('ENOSPC', 'no space left on device'), problem: 'DISK_FULL' },
    { name: 'SQLITE_BUSY', error: () => new Database.SqliteError('database is locked', 'SQLITE_BUSY'), problem: 'LOCKED' },
  ];

  it.each(injected)('$name while opening the database: $problem, nothing changed', async ({ error, problem }) => {
    const { dataDir, secrets } = preparedCopy();
    const before = await snapshot(dataDir, secrets);
    const failing: OpenDatabase = () => {
      throw error();
    };
    await expectRefused(openLocalData({ dataDir, secrets, now: () => new Date(), openDatabase: failing }), problem);
    expect(await snapshot(dataDir, secrets)).toEqual(before);
  });

  it('an unreadable database whose replacement cannot be created (disk full): the file stays in place under its key', async () => {
    const { dataDir, secrets } = preparedCopy();
    const wrongKey = randomKey();
    await secrets.set(SECRET_DB_KEY, wrongKey);
    const before = await snapshot(dataDir, secrets);
    const opened: string[] = [];
    const fullForNewFiles: OpenDatabase = (options) => {
      opened.push(path.basename(options.file));
      if (options.file !== path.join(dataDir, DB_FILE)) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      return openDatabase(options);
    };
    await expectRefused(openLocalData({ dataDir, secrets, now: () => new Date(), openDatabase: fullForNewFiles }), 'DISK_FULL');
    expect(opened[0]).toBe(DB_FILE); // it did try the file, found it unreadable, then tried to build the new one
    expect(opened.length).toBe(2);
    expect(await snapshot(dataDir, secrets)).toEqual(before);
    expect(await secrets.get(SECRET_DB_KEY)).toBe(wrongKey);
  });

  it('an unreadable database whose new key the keychain refuses: the file is put back and the old key stays', async () => {
    const { dataDir, secrets } = preparedCopy();
    const wrongKey = randomKey();
    await secrets.set(SECRET_DB_KEY, wrongKey);
    const before = await snapshot(dataDir, secrets);
    const refusing = new MemorySecretStore(Object.fromEntries(Object.entries(before.keys).filter((e): e is [string, string] => e[1] !== null)));
    refusing.set = async () => {
      throw new Error('keychain locked');
    };
    await expectRefused(openLocalData({ dataDir, secrets: refusing, now: () => new Date() }), 'OTHER');
    const after = await snapshot(dataDir, refusing);
    expect(after.keys).toEqual(before.keys);
    // The readable export of the unsent decisions is the one thing added: written first, so it survives anything.
    const added = Object.keys(after.files).filter((f) => !(f in before.files));
    expect(added.every((f) => f.startsWith(RECOVERY_DIR))).toBe(true);
    for (const [f, hash] of Object.entries(before.files)) expect(after.files[f], f).toBe(hash);
  });
});

describe('local database: what an open failure says about the file', () => {
  const sqlite = (code: string) => new Database.SqliteError(code, code);
  const cases: { name: string; error: unknown; verdict: LocalDatabaseProblem | 'UNREADABLE' }[] = [
    { name: 'a wrong key or a foreign file (SQLITE_NOTADB)', error: sqlite('SQLITE_NOTADB'), verdict: 'UNREADABLE' },
    { name: 'a corrupt page (SQLITE_CORRUPT)', error: sqlite('SQLITE_CORRUPT'), verdict: 'UNREADABLE' },
    { name: 'a corrupt index (SQLITE_CORRUPT_INDEX)', error: sqlite('SQLITE_CORRUPT_INDEX'), verdict: 'UNREADABLE' },
    { name: 'a module built for another Node/Electron', error: Object.assign(new Error("The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 128. This version of Node.js requires NODE_MODULE_VERSION 115."), { code: 'ERR_DLOPEN_FAILED' }), verdict: 'NATIVE_MODULE' },
    { name: 'a missing default build', error: new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node'), verdict: 'NATIVE_MODULE' },
    { name: 'a file moved while open (SQLITE_READONLY_DBMOVED)', error: sqlite('SQLITE_READONLY_DBMOVED'), verdict: 'PERMISSION' },
    { name: 'a read-only file system (EROFS)', error: Object.assign(new Error('EROFS'), { code: 'EROFS' }), verdict: 'PERMISSION' },
    { name: 'a quota reached (EDQUOT)', error: Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' }), verdict: 'DISK_FULL' },
    { name: 'a lock held by another connection (SQLITE_BUSY_SNAPSHOT)', error: sqlite('SQLITE_BUSY_SNAPSHOT'), verdict: 'LOCKED' },
    { name: 'a disk I/O error (SQLITE_IOERR_READ)', error: sqlite('SQLITE_IOERR_READ'), verdict: 'OTHER' },
    { name: 'anything else', error: new TypeError('x is not a function'), verdict: 'OTHER' },
  ];
  it.each(cases)('$name: $verdict', ({ error, verdict }) => {
    const classified = classifyOpenFailure(error);
    if (verdict === 'UNREADABLE') expect(classified).toBeInstanceOf(DatabaseUnreadableError);
    else expect(classified).toMatchObject({ code: 'LOCAL_DATABASE_UNAVAILABLE', reason: { key: 'localDatabaseUnavailable', params: { problem: verdict } }, problem: verdict });
  });
});
