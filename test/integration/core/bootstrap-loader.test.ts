// The loader of a first sync, fed a real snapshot body: progress counts against the total line, which also decides
// whether the candidatures go in without their secondary indexes (they come after it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { openDatabase, type Sqlite } from '../../../main/core/db/open-database';
import { backgroundConnection } from '../../../main/core/db/background-connection';
import { LocalStore } from '../../../main/core/local-store';
import { loadSnapshot } from '../../../main/core/sync/bootstrap-loader';
import { snapshotBodyClient } from './snapshot-body-client';
import { SEEDED_STRUCTURE as STRUCTURE, seededSnapshotLines } from './seeded-snapshot';
import { TEST_NOW } from '../server/harness';

let lines: string[];

beforeAll(async () => {
  lines = await seededSnapshotLines(4000);
});

let dir: string;
let sqlite: Sqlite;
let store: LocalStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bootstrap-loader-'));
  const file = path.join(dir, 'db');
  const key = randomBytes(32).toString('hex');
  sqlite = openDatabase({ file, key }).sqlite;
  store = new LocalStore(sqlite, backgroundConnection({ file, key }));
});
afterEach(async () => {
  await store.closeBackground();
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const secondaryIndexes = () =>
  (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'candidatures' and sql is not null order by name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((name) => name !== 'candidatures_key');

const storedRows = () =>
  (sqlite.prepare('select (select count(*) from actions) + (select count(*) from sessions) + (select count(*) from entry_points) + (select count(*) from candidatures) as n').get() as { n: number }).n;

/**
 * Loads these lines as a server would send them, in 4 KB chunks; what progress said, and the indexes then; how many
 * rows were committed at each checkpoint asked for.
 */
async function load(body: string[], dropIndexesFromRows: number, checkpointEveryRows?: number) {
  const client = snapshotBodyClient(Buffer.from(`${body.join('\n')}\n`), 4096);
  const progress: { done: number; expected: number; indexes: string[] }[] = [];
  const checkpoints: number[] = [];
  const checkpoint = store.checkpoint.bind(store);
  vi.spyOn(store, 'checkpoint').mockImplementation(() => {
    checkpoints.push(storedRows());
    checkpoint();
  });
  const loaded = await loadSnapshot(STRUCTURE, {
    store, client, clock: () => new Date(TEST_NOW), logger: pino({ level: 'silent' }), changed: () => undefined, stopped: () => false, dropIndexesFromRows,
    progress: (done, expected) => progress.push({ done, expected, indexes: secondaryIndexes() }),
    ...(checkpointEveryRows !== undefined ? { checkpointEveryRows } : {}),
  });
  return { loaded, progress, checkpoints };
}

describe('bootstrap loader', () => {
  it('counts progress against the total line, and loads a large snapshot without the indexes it then builds', async () => {
    const rows = lines.length - 3; // header, total, end
    const all = secondaryIndexes();
    expect(all.length).toBeGreaterThan(1);
    const { loaded, progress } = await load(lines, 100);
    expect(loaded).toMatchObject({ rows });
    expect(progress[0]!.expected).toBe(rows);
    expect(progress.every((p) => p.expected === rows && p.done <= rows)).toBe(true);
    // Dropped at the total line, before the first candidature; only the partial index of overlaid rows stays.
    expect(progress[0]!.indexes).toEqual(['candidatures_pending']);
    expect(progress.at(-1)).toMatchObject({ done: rows, expected: rows });
    expect(secondaryIndexes()).toEqual(all);
    expect(sqlite.prepare('select count(*) as n from candidatures').get()).toEqual({ n: lines.filter((l) => l.includes('"kind":"candidatures"')).length });
  });

  it('keeps the indexes of a snapshot below the threshold', async () => {
    const { progress } = await load(lines, 1_000_000);
    expect(progress.every((p) => p.indexes.length > 1)).toBe(true);
  });

  it('loads a snapshot without a total line (progress only at its end, indexes kept)', async () => {
    const { loaded, progress } = await load(lines.filter((l) => !l.startsWith('{"kind":"total"')), 100);
    const rows = lines.length - 3;
    expect(loaded).toMatchObject({ rows });
    expect(progress).toEqual([{ done: rows, expected: rows, indexes: expect.arrayContaining(['candidatures_pending']) }]);
    expect(progress[0]!.indexes.length).toBeGreaterThan(1);
  });

  it('checkpoints the log only around a load smaller than the threshold: once the rows are all in, and at its end', async () => {
    const rows = lines.length - 3;
    const { checkpoints } = await load(lines, 1_000_000);
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.filter((n) => n > 0 && n < rows)).toEqual([]);
    expect(checkpoints.at(-1)).toBe(rows);
  });

  it('checkpoints the log while rows go in once the rows committed since the last one reach the threshold', async () => {
    const rows = lines.length - 3;
    const { checkpoints } = await load(lines, 1_000_000, 300);
    // Every commit passes 300 rows (the first holds 1 000, the next ones up to half as many again): each asks for one.
    const during = checkpoints.filter((n) => n > 0 && n < rows);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during).toEqual([...during].sort((a, b) => a - b));
    expect(checkpoints.at(-1)).toBe(rows);
  });

  it('refuses a second total line with its line number', async () => {
    const at = lines.findIndex((l) => l.startsWith('{"kind":"total"'));
    const twice = [...lines.slice(0, at + 2), lines[at]!, ...lines.slice(at + 2)];
    await expect(load(twice, 100)).rejects.toMatchObject({ kind: 'malformed', reason: { key: 'snapshotLine', params: { line: at + 3 } } });
  });
});
