// A fresh encrypted local database in a directory of its own, with a random key: what the store's tests start from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Sqlite } from '../../../main/core/db/open-database';

export type TempDatabase = { sqlite: Sqlite; /** Closes the database and removes its directory. */ remove(): void };

export function openTempDatabase(prefix: string): TempDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const { sqlite } = openDatabase({ file: path.join(dir, 'db'), key: randomBytes(32).toString('hex') });
  return {
    sqlite,
    remove: () => {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
