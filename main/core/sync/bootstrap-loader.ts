// The first sync of a structure (and every resync): its bootstrap snapshot (shared/protocol/snapshot.ts) streamed
// into the local database. The body is read ahead while rows are written, each line is validated (a malformed one
// stops the load with its line and field named), and rows go in in short transactions between which the event loop
// runs (the core answers the window, and browser mode stays responsive): no stretch of work longer than SLICE_MS.
// The search index is built once, in bulk, at the end; so are the secondary indexes of a large first load into an
// empty table, on a background connection (main/core/db/background-connection.ts), which also takes the checkpoints.
//
// Until the end line has arrived and everything is written, the structure has no cursor and is flagged as loading
// (LocalStore.beginFullLoad): an interrupted load starts over from the beginning, on rows marked stale again, and a
// half-loaded database never passes for a synced one. The cursor, taken by the server at the snapshot's instant, is
// stored last, in the same transaction that clears the flag; delta pulls go on from it.
import type { ErrorReason } from '../../../shared/ipc/errors';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { emptyChangeSet, emptyRemovals } from '../../../shared/protocol/sync';
import { addSnapshotRow, SnapshotEnd, SnapshotHeader, type SnapshotRow, SnapshotTotal } from '../../../shared/protocol/snapshot';
import { describeZodError } from '../../../shared/ipc/validation';
import type { z } from 'zod';
import type { LocalStore } from '../local-store';
import { ServerCallError, type ServerClient } from './server-client';
import { NdjsonLines } from './ndjson-lines';
import { Slices } from './time-slices';
import { CompiledSnapshotRow } from '../compiled-row-schemas';
import { CommitSize } from './commit-size';
/** Parsed rows gathered before they are written (in as many slices as they take). */
const WRITE_BATCH_ROWS = 500;
/** Body read ahead of the writer, at most (decompressed bytes). */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** The page cache while a load runs (cache_size, negative: KiB). */
const LOAD_CACHE_KIB = -16_384;
/**
 * Rows committed between two checkpoints (and one after the last commit). A checkpoint after every commit (9 of them
 * at 10k rows) cost the core ~70 ms of CPU more for a 10k first sync, its fsyncs included, on two saturated cores
 * (the server's too); every 10 000 rows, the log holds ~10-20 MB at most, and 100k first syncs took no longer.
 */
const CHECKPOINT_EVERY_ROWS = 10_000;
/** Rowids per statement in the bulk passes (stale marks, sweep, search index). */
const RANGE_ROWS = 500;
/** How often the screens are told that data arrived while a load runs, and how far it got. */
const CHANGED_EVERY_MS = 2000;
const PROGRESS_EVERY_MS = 100;
/**
 * From how many rows a first load drops the candidatures' secondary indexes and builds them at the end. Below it,
 * keeping them is cheaper: the indexes fit in the page cache while rows go in, and the build at the end reads every
 * page again on the background connection. Measured (apply of a snapshot, indexes kept vs dropped): 11k rows 0.54 vs
 * 0.69 s, 33k 1.55 vs 1.71 s, 65k 4.9 vs 3.9 s, 110k 5.7 vs 4.9 s.
 */
const DROP_INDEXES_FROM_ROWS = 45_000;

const TABLES = ['candidatures', 'entry_points', 'sessions', 'actions', 'pre_registrations'] as const;

export type BootstrapOptions = {
  store: LocalStore;
  client: ServerClient;
  progress(done: number, expected: number): void;
  changed(): void;
  /** Checked between slices: true stops the load (sign-out), leaving it to start over. */
  stopped(): boolean;
  clock: () => Date;
  logger: Logger;
  /** A body that brings nothing for this long is given up as unreachable (default 15 s). */
  stallTimeoutMs?: number;
  /** DROP_INDEXES_FROM_ROWS unless set (tests take the dropping path with a small snapshot). */
  dropIndexesFromRows?: number;
  /** CHECKPOINT_EVERY_ROWS unless set (tests see the checkpoints of a large load with a small snapshot). */
  checkpointEveryRows?: number;
};


/** Reads a body ahead of its consumer, up to READ_AHEAD_BYTES, whenever the event loop runs. */
class ReadAhead {
  private readonly chunks: (Uint8Array | undefined)[] = [];
  private head = 0;
  private buffered = 0;
  private finished = false;
  private failure: unknown = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  stalled = false;

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly abort: () => void,
    private readonly stallTimeoutMs: number,
  ) {
    void this.pump();
  }

  private armStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stalled = true;
      this.abort();
    }, this.stallTimeoutMs);
  }

  private async pump(): Promise<void> {
    try {
      this.armStallTimer();
      for (;;) {
        while (this.buffered >= READ_AHEAD_BYTES) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        const { value, done } = await this.reader.read();
        this.armStallTimer();
        if (done) break;
        this.chunks.push(value);
        this.buffered += value.byteLength;
        this.wakeConsumer?.();
      }
    } catch (error) {
      this.failure = error;
    } finally {
      if (this.stallTimer) clearTimeout(this.stallTimer);
      this.finished = true;
      this.wakeConsumer?.();
    }
  }

  /** Whether a chunk is waiting to be taken. */
  hasBuffered(): boolean {
    return this.head < this.chunks.length;
  }

  /** The next chunk, or null at the end of the body; throws what reading failed with. */
  async next(): Promise<Uint8Array | null> {
    while (this.head === this.chunks.length && !this.finished) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    this.wakeConsumer = null;
    if (this.head < this.chunks.length) {
      const chunk = this.chunks[this.head]!;
      this.chunks[this.head++] = undefined;
      if (this.head > 1024) {
        this.chunks.splice(0, this.head);
        this.head = 0;
      }
      this.buffered -= chunk.byteLength;
      this.wakeReader?.();
      this.wakeReader = null;
      return chunk;
    }
    if (this.failure) throw this.failure;
    return null;
  }

  cancel(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.reader.cancel().catch(() => undefined);
  }
}

const malformed = (reason: ErrorReason) => new ServerCallError('malformed', `malformed snapshot: ${JSON.stringify(reason)}`, undefined, undefined, reason);

const NO_REMOVALS = emptyRemovals();

/** A completed load: the rows it stored, and whether the server wrote nothing after the snapshot (SnapshotEnd). */
export type LoadedSnapshot = { rows: number; upToDate: boolean };

/**
 * Loads the structure's snapshot. Resolves when it is complete (cursor stored), or with null when stopped; throws a
 * ServerCallError when the server, the network or a line fails, leaving the structure flagged so that the next round
 * starts over.
 */
export async function loadSnapshot(structureId: string, o: BootstrapOptions): Promise<LoadedSnapshot | null> {
  const autoCheckpoint = o.store.setAutoCheckpoint(0);
  // A load mostly appends: a small page cache serves it as well, and the core stays ~40 MB smaller at 100k rows.
  const cacheSize = o.store.setCacheSize(LOAD_CACHE_KIB);
  try {
    return await load(structureId, o);
  } finally {
    o.store.endBulk(); // what was written stays, flagged: a load that did not complete starts over
    try {
      await o.store.rebuildDroppedIndexes();
    } finally {
      o.store.setAutoCheckpoint(autoCheckpoint);
      o.store.setCacheSize(cacheSize);
    }
  }
}

/**
 * When the load commits: after as many rows as keep a commit near its target (commit-size.ts). The commit that brings
 * the rows committed since the last checkpoint to `checkpointEveryRows`, and a forced one, ask for a checkpoint.
 */
class CommitPace {
  /** The first commit's size, before any rate is known: the code runs cold then (2 000 rows took 33 ms at 100k). */
  private readonly size = new CommitSize({ first: 1000, min: 500, max: 50_000 });
  private uncommitted = 0;
  private sinceCheckpoint = 0;

  constructor(private readonly checkpointEveryRows: number) {}

  /** Counts rows just written (or ranges passed over); commits when enough are, or when `force`d. */
  async count(rows: number, store: LocalStore, slices: Slices, force = false): Promise<void> {
    this.uncommitted += rows;
    if (!force && this.uncommitted < this.size.rows) return;
    // A commit gets a slice of its own: the one that wrote the rows may have used its whole budget.
    await slices.next();
    const start = performance.now();
    store.endBulk();
    const took = performance.now() - start;
    const committed = this.uncommitted;
    this.uncommitted = 0;
    if (!force) this.size.learn(committed, took);
    this.sinceCheckpoint += committed;
    if (force || this.sinceCheckpoint >= this.checkpointEveryRows) {
      this.sinceCheckpoint = 0;
      store.checkpoint();
    }
    await slices.next();
  }
}

async function load(structureId: string, o: BootstrapOptions): Promise<LoadedSnapshot | null> {
  const { store } = o;
  const slices = new Slices();
  const pace = new CommitPace(o.checkpointEveryRows ?? CHECKPOINT_EVERY_ROWS);
  store.beginFullLoad(structureId);
  // Rows already here (a resync, or a load that was cut) stay until the snapshot has been read whole; those it does
  // not bring are then removed. Only a table that held rows can hold stale ones: a first sync sweeps nothing.
  const heldRows = TABLES.filter((table) => store.rowidSpan(table) !== null);
  await overRanges(store, slices, pace, o, (table, from, to) => store.markStaleRange(table, structureId, from, to), heldRows);
  if (o.stopped()) return null;

  const controller = new AbortController();
  const body = await o.client.snapshot(structureId, controller.signal);
  const input = new ReadAhead(body.getReader(), () => controller.abort(), o.stallTimeoutMs ?? 15_000);
  const splitter = new NdjsonLines();
  const read: { header: SnapshotHeader | null; total: number | null; end: SnapshotEnd | null } = { header: null, total: null, end: null };
  let lineNumber = 0;
  let received = 0;
  let written = 0;
  let pending: SnapshotRow[] = [];
  let lastChanged = performance.now();
  let lastProgress = 0;

  /** The line checked against its schema, or the load stopped with the line and the field named. */
  const checked = <T>(schema: z.ZodType<T>, json: unknown): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw malformed({ key: 'snapshotLine', params: { line: lineNumber, detail: describeZodError(parsed.error).message } });
    return parsed.data;
  };

  const readLine = (text: string): void => {
    lineNumber++;
    if (read.end) throw malformed({ key: 'snapshotAfterEnd', params: { line: lineNumber } });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed({ key: 'snapshotLineUnreadable', params: { line: lineNumber } });
    }
    if (!read.header) {
      read.header = checked(SnapshotHeader, json);
      return;
    }
    const kind = typeof json === 'object' && json !== null && 'kind' in json ? json.kind : null;
    if (kind === 'total' && read.total === null) {
      read.total = checked(SnapshotTotal, json).rows;
      // Into an empty table (a first sync), many rows go in without their secondary indexes, built once at the end
      // (the total comes before the first candidature; the store keeps them once one is in).
      if (read.total >= (o.dropIndexesFromRows ?? DROP_INDEXES_FROM_ROWS)) store.dropIndexesForLoad();
      o.progress(written, read.total);
      return;
    }
    if (kind === 'end') {
      read.end = checked(SnapshotEnd, json);
      return;
    }
    pending.push(checked(CompiledSnapshotRow, json));
    received++;
  };

  const writePending = async (): Promise<void> => {
    const rows = pending;
    pending = [];
    let i = 0;
    await slices.maybeNext();
    while (i < rows.length) {
      if (o.stopped()) return;
      const changes = emptyChangeSet();
      const before = written;
      // Rows of this slice, by kind; the store writes parents before children.
      store.bulkWrite(() => {
        const start = i;
        while (i < rows.length && (i - start < 64 || !slices.due())) {
          const line = rows[i++]!;
          addSnapshotRow(changes, line);
          if ((i - start) % 64 === 0) {
            written += store.applyServerRows(structureId, changes, NO_REMOVALS, { deferSearchIndex: true });
            Object.values(changes).forEach((list) => (list.length = 0));
          }
        }
        written += store.applyServerRows(structureId, changes, NO_REMOVALS, { deferSearchIndex: true });
      });
      await pace.count(written - before, store, slices);
      if (performance.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = performance.now();
        if (read.total !== null) o.progress(written, read.total);
      }
      if (performance.now() - lastChanged >= CHANGED_EVERY_MS) {
        lastChanged = performance.now();
        o.changed();
      }
      await slices.next();
    }
  };

  try {
    for (;;) {
      if (o.stopped()) return null;
      let chunk: Uint8Array | null;
      try {
        chunk = await input.next();
      } catch {
        throw input.stalled
          ? new ServerCallError('unreachable', 'server timed out during the snapshot', undefined, undefined, { key: 'serverTimeout' })
          : new ServerCallError('unreachable', 'connection cut during the snapshot', undefined, undefined, { key: 'snapshotInterrupted' });
      }
      for (const line of chunk === null ? splitter.end() : splitter.push(chunk)) {
        readLine(line);
        if (slices.due()) await slices.next();
      }
      // Rows are written by the batch, or at once when the network has nothing more for now: never idle.
      if (pending.length >= WRITE_BATCH_ROWS || (pending.length > 0 && !input.hasBuffered())) await writePending();
      if (chunk === null) break;
    }
    if (!read.header) throw malformed({ key: 'snapshotEmpty' });
    if (!read.end) throw malformed({ key: 'snapshotIncomplete', params: { received, expected: null } });
    if (read.end.rows !== received) throw malformed({ key: 'snapshotIncomplete', params: { received, expected: read.end.rows } });
    await writePending();
    if (o.stopped()) return null;
    await pace.count(0, store, slices, true);
  } finally {
    input.cancel();
  }

  // What the snapshot did not bring is gone from the server's view; then the search index, in bulk, and the indexes.
  // Progress is repeated meanwhile: the rows are all in, the load is still at work.
  const heartbeat = setInterval(() => o.progress(written, read.total ?? written), 1000);
  try {
    await overRanges(store, slices, pace, o, (table, from, to) => store.sweepStaleRange(table, structureId, from, to), heldRows);
    await overRanges(store, slices, pace, o, (_table, from, to) => store.indexSearchRange(structureId, from, to), ['candidatures']);
    if (o.stopped()) return null;
    await store.rebuildDroppedIndexes();
  } finally {
    clearInterval(heartbeat);
  }
  store.completeFullLoad(structureId, read.header.cursor, o.clock().toISOString());
  o.progress(written, written);
  o.changed();
  o.logger.info({ rows: written }, 'snapshot loaded');
  return { rows: written, upToDate: read.end.upToDate === true };
}

/** Runs `work` over every table's rowids in ranges, as many ranges per transaction as a slice allows. */
async function overRanges(
  store: LocalStore,
  slices: Slices,
  pace: CommitPace,
  o: Pick<BootstrapOptions, 'stopped'>,
  work: (table: (typeof TABLES)[number], from: number, to: number) => void,
  tables: readonly (typeof TABLES)[number][] = TABLES,
): Promise<void> {
  for (const table of tables) {
    const span = store.rowidSpan(table);
    if (!span) continue;
    let from = span.min;
    while (from <= span.max) {
      if (o.stopped()) return;
      const start = from;
      store.bulkWrite(() => {
        do {
          work(table, from, from + RANGE_ROWS - 1);
          from += RANGE_ROWS;
        } while (from <= span.max && !slices.due());
      });
      await slices.next();
      await pace.count(from - start, store, slices);
    }
  }
  await pace.count(0, store, slices, true);
}
