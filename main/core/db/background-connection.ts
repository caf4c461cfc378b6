// A second connection to the local database, in a worker thread, for the heavy statements of a bulk load that need
// not run on the core's event loop: checkpoints (copying the write-ahead log into the database file, with their
// fsyncs) and index builds. A bulk load (main/core/sync/bootstrap-loader.ts) turns automatic checkpoints off and asks
// for one after each of its commits; it also builds its table's secondary indexes once, at its end, here.
//
// SQLite allows one writer at a time: while an index is built here, a write on the main connection waits for it (its
// busy timeout). Checkpoints block no one. The worker starts on the first request and stops after a short idle time,
// so it holds no file open for long and needs no closing. Its code is a small CommonJS source evaluated in the
// worker: nothing to bundle separately.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { cipherPragmas } from './open-database';

const IDLE_MS = 2000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
for (const pragma of workerData.pragmas) db.pragma(pragma);
db.pragma('busy_timeout = 10000');
// An index build sorts its keys with a helper thread: it runs when the load's download is over, a core is free then
// (~10 % faster at 66k candidatures).
db.pragma('threads = 2');
// A small page cache: index builds read the whole table once each, far more than any cache holds, and sort in their
// own buffers. better-sqlite3's default (16 MB) built them no faster at 66k candidatures, and the memory this thread
// frees stays with the process on Linux (glibc keeps a thread's arena): ~10-20 MB less resident after a large load.
db.pragma('cache_size = -4096');
parentPort.on('message', ({ id, op, sql }) => {
  if (op === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (op === 'checkpoint') db.pragma('wal_checkpoint(PASSIVE)');
    else {
      // Reading the schema first reloads it if the main connection changed it since (a stale copy would refuse to
      // create an index it still lists).
      db.prepare('select count(*) from sqlite_master').get();
      db.exec(sql);
    }
    parentPort.postMessage({ id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: String(error && error.message) });
  }
});
`;

export interface BackgroundConnection {
  /** Asks for a checkpoint; returns at once (one runs at a time, requests made meanwhile make one more). */
  checkpoint(): void;
  /** Runs SQL (in its own transaction) on the background connection. */
  run(sql: string): Promise<void>;
  /** Closes the connection (before the main one closes: the last to close removes the log files). */
  close(): Promise<void>;
}

export type BackgroundConnectionOptions = { file: string; key: string; nativeBinding?: string | undefined; onError?: (error: Error) => void };

type Job = { op: 'checkpoint' | 'exec'; sql?: string; done?: { resolve(): void; reject(error: Error): void } };

export function backgroundConnection(o: BackgroundConnectionOptions): BackgroundConnection {
  let worker: Worker | null = null;
  let current: Job | null = null;
  const queue: Job[] = [];
  let idle: NodeJS.Timeout | null = null;
  let nextId = 0;

  const fail = (error: Error) => {
    const w = worker;
    worker = null;
    void w?.terminate();
    for (const job of [current, ...queue.splice(0)]) job?.done?.reject(error);
    current = null;
    o.onError?.(error);
  };
  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'),
        file: o.file,
        nativeBinding: o.nativeBinding,
        pragmas: cipherPragmas(o.key),
      },
    });
    w.unref();
    w.on('message', (m: { ok: boolean; error?: string }) => {
      const job = current;
      current = null;
      if (m.ok) job?.done?.resolve();
      else {
        const error = new Error(`background ${job?.op ?? 'statement'} failed: ${m.error}`);
        if (job?.done) job.done.reject(error);
        else o.onError?.(error);
      }
      pump();
    });
    w.on('error', (error) => worker === w && fail(error));
    w.on('exit', () => {
      if (worker === w) fail(new Error('the background connection stopped'));
    });
    return w;
  };
  /** Lets the worker close its connection and end; resolves when it has. */
  const stop = (): Promise<void> => {
    if (idle) clearTimeout(idle);
    idle = null;
    const w = worker;
    worker = null;
    if (!w) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => void w.terminate(), 5000);
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      w.postMessage({ op: 'close' });
    });
  };
  const pump = () => {
    if (current) return;
    const job = queue.shift();
    if (!job) {
      idle = setTimeout(() => void stop(), IDLE_MS);
      idle.unref();
      return;
    }
    if (idle) clearTimeout(idle);
    idle = null;
    try {
      worker ??= start();
    } catch (error) {
      queue.unshift(job);
      fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    current = job;
    worker.postMessage({ id: nextId++, op: job.op, sql: job.sql });
  };
  /** Set by close: nothing starts the worker again (a late request would open the database behind its owner's back). */
  let closed = false;
  return {
    checkpoint() {
      if (closed || queue.some((j) => j.op === 'checkpoint')) return;
      queue.push({ op: 'checkpoint' });
      pump();
    },
    run(sql) {
      if (closed) return Promise.reject(new Error('the background connection is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ op: 'exec', sql, done: { resolve, reject } });
        pump();
      });
    },
    async close() {
      closed = true;
      // What is running finishes; what waits is dropped (checkpoints) or refused (statements).
      for (const job of queue.splice(0)) job.done?.reject(new Error('the background connection is closing'));
      while (current) await new Promise((resolve) => setTimeout(resolve, 10));
      await stop();
    },
  };
}
