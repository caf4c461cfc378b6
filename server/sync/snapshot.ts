// The bootstrap snapshot (shared/protocol/snapshot.ts): everything a structure sees, streamed as NDJSON from one
// REPEATABLE READ transaction, one kind after the other, each read in seq order by keyset batches through the same
// visibility functions as the pull, so the two can never disagree about what a structure sees.
//
// The cursor is the highest change sequence visible in the snapshot (or the tombstones' pruned-through mark, if
// higher). Writers draw sequence numbers under the global write lock and commit in that order, so every number up
// to it belongs to a transaction the snapshot sees (or to none): the delta pull that follows misses nothing. Unlike
// a pull page, the snapshot takes no lock: writers go on while it streams, a long download holds back no one (on
// PostgreSQL; PGlite serves every request through its one connection, so there the stream holds it meanwhile).
//
// Memory stays constant: batches of rows, and a bounded buffer in front of the compressor that waits for the client.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { constants as zlib, createBrotliCompress, createGzip, type BrotliCompress, type Gzip, type ZlibOptions } from 'node:zlib';
import { sql } from 'drizzle-orm';
import {
  SNAPSHOT_ENCODINGS, SNAPSHOT_ROW_KINDS, SNAPSHOT_TOTAL_BEFORE, type SnapshotEncoding, type SnapshotEnd, type SnapshotHeader, type SnapshotRowKind, type SnapshotTotal,
} from '../../shared/protocol/snapshot';
import type { ServerContext } from '../context';
import { rows, type Executor } from '../db/database';
import { formatCursor, PRUNED_THROUGH_KEY } from './pull';
import { countSince, ROWS_QUERIES, viewEpoch, type RowsQuery, type Viewer } from './visibility';

/**
 * Rows per query: large enough to amortise a query (on PGlite, 100k snapshot: 1.55-1.72 s to stream at 8 000 against
 * 1.77-2.0 s at 2 000), small enough to keep memory flat (~5 MB of row text at a time).
 */
const BATCH_ROWS = 8000;
/**
 * Each kind's first query is this small, and each next one twice as large up to BATCH_ROWS: the client has rows to
 * write while the server reads the rest, instead of waiting for a whole first batch (10k: first syncs ~35 ms
 * shorter, measured with the header flushed at once too).
 */
const FIRST_BATCH_ROWS = 500;
/** Lines are gathered into chunks of this size before they go to the compressor. */
const CHUNK_BYTES = 64 * 1024;
/** What may wait in front of the compressor before the producer waits for the client. */
const BUFFERED_BYTES = 4 * 1024 * 1024;
/** A client that reads nothing for this long is dropped: its snapshot holds a transaction (on PGlite, the database). */
const STALLED_CLIENT_MS = 60_000;

/**
 * One batch of a kind's rows as snapshot lines, joined by the database into one text: handed over as one value
 * instead of an object per row (on PGlite, rows are decoded one by one in JavaScript: a 10k snapshot, uncompressed,
 * took the server 137 ms that way, 105 ms this way). `last` is the batch's highest seq, where the next one starts.
 */
async function batchLines(db: Executor, kind: SnapshotRowKind, query: RowsQuery): Promise<{ lines: string; rows: number; last: number }> {
  // The kind is one of SNAPSHOT_ROW_KINDS, never input.
  const prefix = sql.raw(`'{"kind":"${kind}","row":'`);
  const [batch] = await rows<{ lines: string | null; n: string | number; last: string | number | null }>(
    db,
    sql`select string_agg(${prefix} || batch.json || '}', chr(10) order by batch.seq) as lines, count(*) as n, max(batch.seq) as last
        from (${query}) as batch`,
  );
  return { lines: batch?.lines ?? '', rows: Number(batch?.n ?? 0), last: Number(batch?.last ?? 0) };
}

/**
 * The change sequence number last drawn, by any transaction: sequences are not transactional, so this reads the
 * present, not the snapshot's instant. Equal to the snapshot's cursor at its end, nothing was written since.
 */
async function lastDrawnSequence(db: Executor): Promise<number> {
  const [row] = await rows<{ seq: string | number }>(db, sql`select case when is_called then last_value else 0 end as seq from change_seq`);
  return Number(row?.seq ?? 0);
}

/** The first statement of the transaction: it fixes the snapshot, and reads the cursor from it. */
async function snapshotSequence(db: Executor): Promise<number> {
  const [row] = await rows<{ seq: string | number | null }>(
    db,
    sql`select greatest(
          (select max(seq) from actions), (select max(seq) from sessions), (select max(seq) from entry_points),
          (select max(seq) from candidatures), (select max(seq) from pre_registrations), (select max(seq) from removals),
          (select value::bigint from meta where key = ${PRUNED_THROUGH_KEY}), 0) as seq`,
  );
  return Number(row?.seq ?? 0);
}

class StreamClosed extends Error {
  constructor() {
    super('the client went away');
  }
}

/**
 * Writes lines in chunks, waiting while the compressor holds more than its high-water mark. Each part is encoded
 * into the chunk's buffer as it comes: a chunk built as one string of thousands of pieces, then encoded, cost ~6 times
 * more (flattening the pieces, as two-byte text as soon as one row holds a character beyond Latin-1).
 */
class LineWriter {
  private chunk: Buffer;
  private used = 0;
  /** Settles once the compressor has handed over everything flushed so far, or the stream closed. */
  private compressed: Promise<void> = Promise.resolve();
  private settleCompressed: () => void = () => undefined;
  private flushes = 0;
  /** When the client last made room for more (see unlessStalled). */
  private lastProgress = 0;
  constructor(
    private readonly out: Writable,
    private readonly chunkBytes: number,
    /** Hands what the compressor holds to the socket (see openSnapshot); calls back once it has. */
    private readonly pushOut: (done: () => void) => void,
    private readonly stalledClientMs: number,
  ) {
    this.chunk = Buffer.allocUnsafe(2 * chunkBytes);
    // A destroyed stream never calls a flush back: one close listener ends the wait for all those in flight. (One per
    // flush piled up while the compressor was behind a slow client: a hundred at 10k rows, and a warning in the log.)
    out.once('close', () => this.settleCompressed());
  }

  /** Appends a line made of these parts (the caller ends it with a newline). */
  async line(...parts: string[]): Promise<void> {
    for (const part of parts) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (this.used + 3 * part.length > this.chunk.length) this.grow(this.used + 3 * part.length);
      this.used += this.chunk.write(part, this.used);
    }
    if (this.used >= this.chunkBytes) await this.flush();
  }

  /** Appends bytes of whole lines, in as many chunks as they fill. */
  async bytes(data: Buffer): Promise<void> {
    for (let offset = 0; offset < data.length; ) {
      const taken = data.copy(this.chunk, this.used, offset, offset + this.chunkBytes - this.used);
      this.used += taken;
      offset += taken;
      if (this.used >= this.chunkBytes) await this.flush();
    }
  }

  private grow(bytes: number): void {
    const larger = Buffer.allocUnsafe(Math.max(bytes, 2 * this.chunk.length));
    this.chunk.copy(larger, 0, 0, this.used);
    this.chunk = larger;
  }

  /**
   * Waits until the compressor has handed everything written so far to the socket. The compressor works in the
   * thread pool but needs the event loop between its steps, which a query on PGlite holds: written before a query,
   * the last chunks would reach the client only after it (at 10k rows, the client sat mostly idle for its first
   * ~250 ms while the server was up to 0.9 MB ahead of it).
   */
  async drained(): Promise<void> {
    await this.unlessStalled(this.compressed);
    if (this.out.destroyed) throw new StreamClosed();
  }

  /**
   * Waits for what the client's reading moves on, dropping a client that reads nothing for stalledClientMs: the
   * snapshot holds a transaction (on PGlite, the database). A dropped stream closes, which ends every wait here.
   */
  private async unlessStalled(moved: Promise<void>): Promise<void> {
    // A slow client reading steadily is not stalled: each chunk taken in by the compressor (whose output was read)
    // counts, and so does each flush through it.
    this.lastProgress = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const idle = performance.now() - this.lastProgress;
      if (idle >= this.stalledClientMs) this.out.destroy(new Error('snapshot client stalled'));
      else timer = setTimeout(check, this.stalledClientMs - idle);
    };
    timer = setTimeout(check, this.stalledClientMs);
    try {
      await moved;
    } finally {
      clearTimeout(timer);
    }
  }

  async flush(): Promise<void> {
    if (this.out.destroyed) throw new StreamClosed();
    // The stream keeps the bytes it is handed until it has used them: the next chunk gets a buffer of its own.
    const bytes = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(2 * this.chunkBytes);
    this.used = 0;
    const accepted = bytes.length === 0 || this.out.write(bytes, () => (this.lastProgress = performance.now()));
    if (bytes.length > 0) {
      // Flushes complete in order: the last one's callback says that everything before it was handed over.
      const flush = ++this.flushes;
      this.compressed = new Promise<void>((resolve) => (this.settleCompressed = resolve));
      this.pushOut(() => {
        this.lastProgress = performance.now();
        if (flush === this.flushes) this.settleCompressed();
      });
    }
    if (!accepted) {
      const out = this.out;
      await this.unlessStalled(
        new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done);
            out.off('close', done);
            resolve();
          };
          out.on('drain', done);
          out.on('close', done);
        }),
      );
    } else {
      // Let the compressor and the socket run: queries on PGlite hold the event loop, so without a turn of it the
      // whole buffer would fill before the client got its first byte (at 10k rows, the whole snapshot).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.out.destroyed) throw new StreamClosed();
  }
}

/**
 * How the body is compressed, by the client's Accept-Encoding: the first of SNAPSHOT_ENCODINGS it accepts. Brotli at
 * quality 2 sends these lines, flushed every 64 KB as below, 15 % smaller than gzip at level 3 for a little less work
 * (100k snapshot: 3.9 vs 4.6 MB, 170 vs 190-220 ms): less to wait for on a field connection.
 */
export function snapshotEncoding(acceptEncoding: string | undefined): SnapshotEncoding | null {
  // Codings listed, but not those refused with q=0.
  const accepted = new Set(
    (acceptEncoding ?? '')
      .toLowerCase()
      .split(',')
      .filter((coding) => !/;\s*q\s*=\s*0(\.0*)?\s*$/.test(coding))
      .map((coding) => coding.split(';')[0]!.trim()),
  );
  return SNAPSHOT_ENCODINGS.find((encoding) => accepted.has(encoding)) ?? null;
}

function compressor(encoding: SnapshotEncoding | null, buffered: number): Writable & Readable {
  // zlib streams take Transform's options too; @types/node 20's ZlibOptions does not list them.
  if (encoding === 'gzip') return createGzip({ level: 3, writableHighWaterMark: buffered } as ZlibOptions);
  if (encoding === 'br') {
    return createBrotliCompress({
      writableHighWaterMark: buffered,
      params: { [zlib.BROTLI_PARAM_QUALITY]: 2, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
    } as ZlibOptions);
  }
  return new PassThrough({ writableHighWaterMark: buffered });
}

/**
 * A compressor sends nothing until it has filled an output buffer, ~10 times its size of these lines: the client
 * would wait for the actions and the sessions, and the first candidatures behind them. Each chunk is flushed through
 * instead (a flush keeps the compression window: a few bytes each).
 */
function flusher(encoding: SnapshotEncoding | null, out: Writable): (done: () => void) => void {
  if (encoding === 'gzip') return (done) => (out as Gzip).flush(zlib.Z_SYNC_FLUSH, done);
  if (encoding === 'br') return (done) => (out as BrotliCompress).flush(zlib.BROTLI_OPERATION_FLUSH, done);
  return (done) => done();
}

/**
 * Opens a structure's snapshot. Resolves once the snapshot is taken (so a database failure is still an ordinary error
 * response), with the header and the body to send; rows, and their count, then flow as the client reads.
 */
export function openSnapshot(
  ctx: ServerContext,
  viewer: Viewer,
  options: { encoding: SnapshotEncoding | null; batchRows?: number; firstBatchRows?: number; bufferedBytes?: number; chunkBytes?: number; stalledClientMs?: number },
): Promise<{ header: SnapshotHeader; body: Readable }> {
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const firstBatchRows = Math.min(options.firstBatchRows ?? FIRST_BATCH_ROWS, batchRows);
  const buffered = options.bufferedBytes ?? BUFFERED_BYTES;
  const out = compressor(options.encoding, buffered);
  return new Promise((resolve, reject) => {
    let opened = false;
    ctx.db
      .transaction(
        async (tx) => {
          const cursorSeq = await snapshotSequence(tx);
          const header: SnapshotHeader = { kind: 'header', cursor: formatCursor(viewEpoch(ctx.epoch, viewer), cursorSeq) };
          opened = true;
          resolve({ header, body: out });
          const pushOut = flusher(options.encoding, out);
          const writer = new LineWriter(out, Math.min(options.chunkBytes ?? CHUNK_BYTES, buffered), pushOut, options.stalledClientMs ?? STALLED_CLIENT_MS);
          // The header goes at once, and the first rows before the count (SnapshotTotal): the client writes them
          // while the server counts (on PGlite, ~30 ms at 10k rows that the client used to wait before its first row).
          await writer.line(JSON.stringify(header), '\n');
          await writer.flush();
          let sent = 0;
          for (const kind of SNAPSHOT_ROW_KINDS) {
            if (kind === SNAPSHOT_TOTAL_BEFORE) {
              await writer.flush(); // the rows so far reach the client before the count holds the database
              await writer.drained();
              const total: SnapshotTotal = { kind: 'total', rows: await countSince(tx, viewer, 0, { removals: false }) };
              await writer.line(JSON.stringify(total), '\n');
            }
            for (let after = 0, limit = firstBatchRows; ; limit = Math.min(batchRows, 2 * limit)) {
              const query = ROWS_QUERIES[kind](tx, viewer, after, limit);
              if (!query) break;
              await writer.drained();
              const batch = await batchLines(tx, kind, query);
              if (batch.rows > 0) await writer.bytes(Buffer.from(`${batch.lines}\n`));
              sent += batch.rows;
              if (batch.rows < limit) break;
              after = batch.last;
            }
          }
          // Whether a change was written while the rows streamed (on PostgreSQL, writers go on meanwhile): if none,
          // the client spares the delta pull it would make next, a round trip on a field connection.
          const end: SnapshotEnd = { kind: 'end', rows: sent, upToDate: (await lastDrawnSequence(tx)) <= cursorSeq };
          await writer.line(JSON.stringify(end), '\n');
          await writer.flush();
          out.end();
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      )
      .catch((error: unknown) => {
        if (!opened) reject(error);
        else if (!(error instanceof StreamClosed)) out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
