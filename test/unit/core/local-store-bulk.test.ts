// What a bulk load (the bootstrap snapshot) may do to the local database, and what it must never do: a user's
// command never joins its long transaction, and indexes it dropped always come back, even after a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Sqlite } from '../../../main/core/db/open-database';
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

  it('drops the secondary indexes only for a load into an empty table, and builds them back on the background connection', async () => {
    const all = candidatureIndexes(sqlite);
    expect(all.length).toBeGreaterThan(1);
    const store = new LocalStore(sqlite, backgroundConnection({ file, key }));
    expect(store.dropIndexesForLoad()).toBe(true);
    expect(candidatureIndexes(sqlite)).toEqual(['candidatures_key']);
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
});
