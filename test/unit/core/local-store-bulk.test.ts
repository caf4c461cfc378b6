// What a bulk load (the bootstrap snapshot) may do to the local database, and what it must never do: a user's
// command never joins its long transaction, and indexes it dropped always come back, even after a crash.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import Database from 'better-sqlite3-multiple-ciphers';
import { cipherPragmas, openDatabase, type Sqlite } from '../../../main/core/db/open-database';
import { backgroundConnection } from '../../../main/core/db/background-connection';
import { LocalStore } from '../../../main/core/local-store';

let dir: string;
let file: string;
let key: string;
let sqlite: Sqlite;

const candidatureIndexes = (db: Sqlite) =>
  (db.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'candidatures' and sql is not null order by name").all() as { name: string }[]).map((r) => r.name);

const reopen = () => {
  sqlite.close();
  sqlite = openDatabase({ file, key }).sqlite;
  return sqlite;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'store-bulk-'));
  file = path.join(dir, 'db');
  key = randomBytes(32).toString('hex');
  sqlite = openDatabase({ file, key }).sqlite;
});
afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bulk loads in the local store', () => {
  it("a command during a bulk load commits the load's writes first, then its own: both survive a crash", () => {
    const store = new LocalStore(sqlite);
    store.bulkWrite(() => store.sqlite.prepare("insert into kv(key, value) values ('loaded', '1')").run());
    expect(sqlite.inTransaction).toBe(true);
    store.transaction(() => store.sqlite.prepare("insert into kv(key, value) values ('decided', '1')").run());
    expect(sqlite.inTransaction).toBe(false);
    store.bulkWrite(() => store.sqlite.prepare("insert into kv(key, value) values ('loaded-later', '1')").run());
    // The process dies here: the open load transaction is lost, the command is not.
    const after = new LocalStore(reopen());
    expect(after.readKv('loaded', z.number())).toBe(1);
    expect(after.readKv('decided', z.number())).toBe(1);
    expect(after.readKv('loaded-later', z.number())).toBeNull();
  });

  it("the sync's own transactions commit without waiting for the disk, atomically, and leave the user's commits durable", () => {
    const store = new LocalStore(sqlite);
    const synchronous = () => sqlite.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2); // FULL: a user's command waits for the disk
    const seen = store.syncTransaction(() => {
      store.sqlite.prepare("insert into kv(key, value) values ('cursor', '1')").run();
      return synchronous();
    });
    expect(seen).toBe(1); // NORMAL
    expect(synchronous()).toBe(2);
    expect(() =>
      store.syncTransaction(() => {
        store.sqlite.prepare("insert into kv(key, value) values ('half', '1')").run();
        throw new Error('cut');
      }),
    ).toThrow('cut');
    expect(synchronous()).toBe(2);
    const after = new LocalStore(reopen());
    expect(after.readKv('cursor', z.number())).toBe(1);
    expect(after.readKv('half', z.number())).toBeNull();
  });

  it('drops the secondary indexes only for a load into an empty table, and builds them back on the background connection', async () => {
    const all = candidatureIndexes(sqlite);
    expect(all.length).toBeGreaterThan(1);
    const store = new LocalStore(sqlite, backgroundConnection({ file, key }));
    expect(store.dropIndexesForLoad()).toBe(true);
    // The unique key stays, and the partial index of overlaid rows (a load writes none).
    expect(candidatureIndexes(sqlite)).toEqual(['candidatures_key', 'candidatures_pending']);
    await store.rebuildDroppedIndexes();
    expect(candidatureIndexes(sqlite)).toEqual(all);
    await store.closeBackground();

    sqlite.prepare("insert into candidatures(structure_id, id, session_id, state, avis_deadline, created_on, last_name, first_name, email, data) values ('s', 'c', 'x', 'EN_ATTENTE', '2025-01-01', '2025-01-01', 'N', 'P', 'e@x.fr', '{}')").run();
    expect(store.dropIndexesForLoad()).toBe(false);
    expect(candidatureIndexes(sqlite)).toEqual(all);
  });

  it('indexes a load dropped come back when the store next opens after a crash, and before a wipe', () => {
    const all = candidatureIndexes(sqlite);
    expect(new LocalStore(sqlite).dropIndexesForLoad()).toBe(true);
    new LocalStore(reopen()); // the app starts again
    expect(candidatureIndexes(sqlite)).toEqual(all);

    const store = new LocalStore(sqlite);
    expect(store.dropIndexesForLoad()).toBe(true);
    store.wipe(); // sign-out while they were dropped
    expect(candidatureIndexes(sqlite)).toEqual(all);
    new LocalStore(reopen());
    expect(candidatureIndexes(sqlite)).toEqual(all);
  });

  it("a user's write while the background connection writes (an index build, ANALYZE) waits for it instead of failing", { timeout: 30_000 }, async () => {
    const background = backgroundConnection({ file, key });
    const store = new LocalStore(sqlite, background);
    // A long write on the background connection...
    const long = background.run('create table busy_probe(x); insert into busy_probe with recursive n(x) as (select 1 union all select x + 1 from n limit 3000000) select x from n');
    // ...seen holding the write lock by a third connection that does not wait.
    const probe = new Database(file);
    for (const pragma of cipherPragmas(key)) probe.pragma(pragma);
    probe.pragma('busy_timeout = 0');
    let held = false;
    for (let i = 0; i < 400 && !held; i++) {
      try {
        probe.exec('BEGIN IMMEDIATE; ROLLBACK');
        await new Promise((resolve) => setTimeout(resolve, 5));
      } catch (error) {
        held = (error as { code?: string }).code === 'SQLITE_BUSY';
      }
    }
    probe.close();
    expect(held).toBe(true);
    // A command reads, then writes: in a deferred transaction SQLite would refuse the upgrade at once (SQLITE_BUSY).
    store.transaction(() => {
      store.readKv('decided', z.number());
      store.sqlite.prepare("insert into kv(key, value) values ('decided', '1')").run();
    });
    await long;
    expect(store.readKv('decided', z.number())).toBe(1);
    expect(sqlite.prepare('select count(*) from busy_probe').pluck().get()).toBe(3_000_000);
    await store.closeBackground();
  });

  it('once closed, the background connection never opens the database again: a late request is dropped or refused', async () => {
    const background = backgroundConnection({ file, key });
    await background.run('create table before_close(x)');
    await background.close();
    // Its owner closes the database next and removes its folder: a worker started now would recreate files there.
    sqlite.close();
    const left = readdirSync(dir).sort();
    background.checkpoint();
    await expect(background.run('create table after_close(x)')).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readdirSync(dir).sort()).toEqual(left);
    sqlite = openDatabase({ file, key }).sqlite; // for afterEach
    expect(sqlite.prepare("select name from sqlite_master where name like '%_close'").pluck().all()).toEqual(['before_close']);
  });
});
