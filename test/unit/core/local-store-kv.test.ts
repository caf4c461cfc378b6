// The key-value table holds the account and the preferences, which every command and status update reads several
// times: a value is parsed once per stored text, and whatever is written next is what is read.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database';
import { z } from 'zod';
import type { Sqlite } from '../../../main/core/db/open-database';
import { LocalStore } from '../../../main/core/local-store';
import { UnreadableStoredJson } from '../../../main/core/db/typed-sql';

const Pair = z.object({ name: z.string(), tags: z.array(z.string()) });
let db: TempDatabase;
let sqlite: Sqlite;
let store: LocalStore;

beforeEach(() => {
  db = openTempDatabase('kv-');
  sqlite = db.sqlite;
  store = new LocalStore(sqlite);
});
afterEach(() => db.remove());

it('a key read often gives what was last written, however it was written, as a value no caller can change', () => {
  const pair = store.kvValue('k', Pair);
  expect(pair.get()).toBeNull();
  store.setKv('k', { name: 'a', tags: ['x'] });
  const first = pair.get();
  expect(first).toEqual({ name: 'a', tags: ['x'] });
  expect(pair.get()).toBe(first); // parsed once
  expect(() => first!.tags.push('y')).toThrow(TypeError);

  store.setKv('k', { name: 'b', tags: ['x'] }); // same length, other text
  expect(pair.get()).toEqual({ name: 'b', tags: ['x'] });
  sqlite.prepare("update kv set value = ? where key = 'k'").run(JSON.stringify({ name: 'c', tags: [] })); // behind the store's back
  expect(pair.get()).toEqual({ name: 'c', tags: [] });
  store.deleteKv('k');
  expect(pair.get()).toBeNull();
});

it('a stored value its schema refuses is reported, not handed out', () => {
  store.setKv('k', { name: 7, tags: [] });
  expect(() => store.kvValue('k', Pair).get()).toThrow(UnreadableStoredJson);
  expect(() => store.readKv('k', Pair)).toThrow(UnreadableStoredJson);
});
