// The client core against a large seeded server: the first sync of the demo OF, the queries the screens make
// afterwards, an idle incremental sync, and how long the core holds its event loop while syncing.
//
// The reference server runs in a child process (this same file, started with BENCH_CORE_SYNC_ROLE=server), as a
// real server would be on another machine: its PGlite work then neither slows the core nor shows up in the
// event-loop figure, which is what a window would feel if the core ran on its main thread (in Electron it runs in
// a utility process).
//
// BENCH_CANDIDATURES (default 100 000) sets the server's size; BENCH_PAGE_SIZE (default 1000, the engine's own
// default) the pull page size.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { EventPayload } from '../shared/ipc/contract';
import type { CandidatureFilters } from '../shared/ipc/views';
import { createCore, MemorySecretStore, type Core } from '../main/core';
import type { Bench, BenchFigure } from './harness';

const ROLE_ENV = 'BENCH_CORE_SYNC_ROLE';
const CANDIDATURES = positiveInt(process.env.BENCH_CANDIDATURES, 100_000);
const PAGE_SIZE = positiveInt(process.env.BENCH_PAGE_SIZE, 1000);
const LIST_PAGE = 200; // the renderer's PAGE_SIZE (renderer/src/features/candidatures/use-paged-rows.ts)
const RUNS = 20;
const TICK_MS = 10;
const SERVER_START_TIMEOUT_MS = 15 * 60_000;
const SYNC_TIMEOUT_MS = 30 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got ${raw}`);
  return n;
}

const label = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

// ---- server side (child process) ---------------------------------------------------------------------------------

type ServerMessage = { ready: true; url: string; seedMs: number } | { ready: false; error: string };

async function serveForParent(): Promise<void> {
  const send = (m: ServerMessage) => process.send?.(m);
  try {
    const { startReferenceServer } = await import('../server/index');
    const start = performance.now();
    const server = await startReferenceServer({ seed: { candidatures: CANDIDATURES }, logLevel: 'warn' });
    const seedMs = performance.now() - start;
    let closing = false;
    const close = async () => {
      if (closing) return;
      closing = true;
      await server.close().catch(() => undefined);
      process.disconnect?.();
      process.exit(0);
    };
    process.on('message', (m) => m === 'close' && void close());
    process.on('disconnect', () => void close()); // the parent went away: never outlive it
    send({ ready: true, url: server.url, seedMs });
  } catch (error) {
    send({ ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
}

if (process.env[ROLE_ENV] === 'server') void serveForParent();

type ChildServer = { url: string; seedMs: number; close(): Promise<void> };

function startServerProcess(): Promise<ChildServer> {
  const child: ChildProcess = fork(thisFile, [], {
    cwd: join(here, '..'),
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [ROLE_ENV]: 'server', BENCH_CANDIDATURES: String(CANDIDATURES) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not seed ${CANDIDATURES} candidatures within ${SERVER_START_TIMEOUT_MS / 60_000} min`));
    }, SERVER_START_TIMEOUT_MS);
    child.once('message', (m: ServerMessage) => {
      clearTimeout(timer);
      if (m.ready) resolve({ url: m.url, seedMs: m.seedMs, close });
      else reject(new Error(`server failed to start: ${m.error}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server process exited before it was ready (${code ?? signal})`));
    });
  });
}

// ---- helpers --------------------------------------------------------------------------------------------------------

/** Like harness.time, for the core's async handlers: warm-up runs, then the median and slowest of `runs`. */
async function timeAsync<T>(fn: () => Promise<T>, check: (result: T) => void, runs = RUNS, warmup = 2): Promise<{ median: number; max: number }> {
  for (let i = 0; i < warmup; i++) check(await fn());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await fn();
    samples.push(performance.now() - start);
    check(result);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// ---- the benchmark --------------------------------------------------------------------------------------------------

type InitialSync = {
  ms: number;
  pages: number;
  rows: number;
  firstProgressMs: number;
  longestProgressGapMs: number;
  longestTickMs: number;
  longTicks: number;
  busyShare: number;
};

/** Signs in (which starts the first sync at once) and watches that sync from its first status event to its last. */
async function signInAndSync(core: Core): Promise<InitialSync> {
  let start: number | null = null;
  let end: number | null = null;
  const progress: { at: number; done: number; expected: number }[] = [];
  let lastError: string | null = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const unsubscribe = core.onEvent((event, payload) => {
    const now = performance.now();
    if (event === 'sync.status') {
      const status = payload as EventPayload<'sync.status'>;
      if (status.syncing && start === null) start = now;
      else if (!status.syncing && start !== null && end === null) {
        end = now;
        lastError = status.lastError;
        finished();
      }
    } else if (event === 'sync.progress' && start !== null && end === null) {
      const p = payload as EventPayload<'sync.progress'>;
      progress.push({ at: now, done: p.done, expected: p.expected });
    }
  });

  const ticks: number[] = [];
  const interval = setInterval(() => ticks.push(performance.now()), TICK_MS);
  try {
    await core.handlers['auth.signIn']({ email: 'manager@demo.test', password: 'demo' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the initial sync did not finish in time')), SYNC_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
  } finally {
    clearInterval(interval);
    unsubscribe();
  }
  expect(start !== null && end !== null, 'the initial sync never started');
  const t0: number = start;
  const t1: number = end;
  expect(lastError === null, `the initial sync failed: ${String(lastError)}`);
  expect(progress.length > 0, 'the initial sync reported no progress');

  let longestTickMs = 0;
  let longTicks = 0;
  let blocked = 0;
  const inSync = [t0, ...ticks.filter((t) => t > t0 && t < t1), t1];
  for (let i = 1; i < inSync.length; i++) {
    const gap = inSync[i]! - inSync[i - 1]!;
    longestTickMs = Math.max(longestTickMs, gap);
    if (gap > 50) longTicks++;
    blocked += Math.max(0, gap - TICK_MS);
  }
  let longestProgressGapMs = 0;
  for (let i = 1; i < progress.length; i++) longestProgressGapMs = Math.max(longestProgressGapMs, progress[i]!.at - progress[i - 1]!.at);
  const last = progress[progress.length - 1]!;
  expect(last.done === last.expected, `the last progress event says ${last.done} of ${last.expected}`);
  return {
    ms: t1 - t0,
    pages: progress.length,
    rows: last.done,
    firstProgressMs: progress[0]!.at - t0,
    longestProgressGapMs,
    longestTickMs,
    longTicks,
    busyShare: blocked / (t1 - t0),
  };
}

const bench: Bench = async () => {
  const figures: BenchFigure[] = [];
  const n = label(CANDIDATURES);
  process.stderr.write(`  seeding a server with ${CANDIDATURES} candidatures…\n`);
  const server = await startServerProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'rafael-core-bench-'));
  let core: Core | null = null;
  try {
    figures.push({ name: `server seeding, ${n} candidatures (startReferenceServer)`, value: server.seedMs / 1000, unit: 's' });

    core = await createCore({
      dataDir,
      serverUrl: server.url,
      secrets: new MemorySecretStore(),
      syncIntervalMs: 3_600_000,
      pushDelayMs: 3_600_000,
      pageSize: PAGE_SIZE,
    });
    const c = core;

    // ---- initial sync ----
    process.stderr.write(`  initial sync of of-demo (pages of ${PAGE_SIZE})…\n`);
    const sync = await signInAndSync(c);
    figures.push({ name: `initial sync of of-demo, server of ${n} (pages of ${PAGE_SIZE})`, value: sync.ms, unit: 'ms', target: 60_000 });
    figures.push({ name: '  rows stored (all kinds)', value: sync.rows, unit: 'rows' });
    figures.push({ name: '  throughput', value: sync.rows / (sync.ms / 1000), unit: 'rows/s' });
    figures.push({ name: '  pages pulled', value: sync.pages, unit: 'pages' });
    figures.push({ name: '  first sync.progress after the sync started', value: sync.firstProgressMs, unit: 'ms', target: 2000 });
    figures.push({ name: '  longest gap between two sync.progress', value: sync.longestProgressGapMs, unit: 'ms', target: 2000 });
    figures.push({ name: `  longest event-loop stall (setInterval ${TICK_MS} ms)`, value: sync.longestTickMs, unit: 'ms', target: 50 });
    figures.push({ name: '  event-loop stalls over 50 ms', value: sync.longTicks, unit: 'count' });
    figures.push({ name: '  share of the sync the core held its event loop', value: sync.busyShare * 100, unit: '%' });
    const dbFile = join(dataDir, 'rafael.db');
    figures.push({ name: '  local database size (db + wal)', value: (fileSize(dbFile) + fileSize(`${dbFile}-wal`)) / 1024 / 1024, unit: 'MB' });

    // ---- what of-demo gets ----
    const list = (filters: CandidatureFilters, offset = 0, limit = LIST_PAGE) =>
      c.handlers['candidatures.list']({ filters, sort: { field: 'createdOn', direction: 'desc' }, offset, limit });
    const all = await list({ includeArchived: true });
    const enAttente = await list({ states: ['EN_ATTENTE'] });
    figures.push({ name: `candidatures of of-demo stored locally (of ${n} on the server)`, value: all.total, unit: 'rows' });
    figures.push({ name: '  of which EN_ATTENTE', value: enAttente.total, unit: 'rows' });
    expect(all.total > 0, 'of-demo got no candidature');

    // ---- queries ----
    const pageOk = (expectedTotal: number | null, offset = 0) => (r: Awaited<ReturnType<typeof list>>) => {
      if (expectedTotal !== null) expect(r.total === expectedTotal, `total ${r.total}, expected ${expectedTotal}`);
      expect(r.rows.length === Math.min(LIST_PAGE, r.total - offset), `${r.rows.length} rows at offset ${offset} of ${r.total}`);
      for (let i = 1; i < r.rows.length; i++) expect(r.rows[i - 1]!.createdOn >= r.rows[i]!.createdOn, 'rows not sorted by createdOn desc');
    };

    const first = await timeAsync(() => list({}), pageOk(null));
    figures.push({ name: `candidatures.list first ${LIST_PAGE}, createdOn desc (median)`, value: first.median, unit: 'ms', target: 50 });

    const searched = await list({ search: 'secr' });
    expect(searched.total > 0, "the search 'secr' found nothing");
    const search = await timeAsync(() => list({ search: 'secr' }), pageOk(searched.total));
    figures.push({ name: `  + search 'secr' (${searched.total} hits, median)`, value: search.median, unit: 'ms', target: 50 });

    const soonFilters: CandidatureFilters = { states: ['EN_ATTENTE'], deadlineSoon: true };
    const soonTotal = (await list(soonFilters)).total;
    const soon = await timeAsync(() => list(soonFilters), (r) => {
      pageOk(soonTotal)(r);
      expect(r.rows.every((row) => row.state === 'EN_ATTENTE'), 'deadlineSoon returned a row not EN_ATTENTE');
    });
    figures.push({ name: `  + EN_ATTENTE & deadlineSoon (${soonTotal} hits, median)`, value: soon.median, unit: 'ms', target: 50 });

    const deepOffset = Math.max(0, Math.min(50_000, all.total - LIST_PAGE));
    const deep = await timeAsync(() => list({}, deepOffset), pageOk(null, deepOffset));
    figures.push({ name: `  page at offset ${deepOffset} (median)`, value: deep.median, unit: 'ms', target: 100 });

    const sessions = await timeAsync(
      () => c.handlers['sessions.list']({ filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: LIST_PAGE }),
      (r) => expect(r.rows.length === Math.min(LIST_PAGE, r.total) && r.total > 0, `sessions.list returned ${r.rows.length} of ${r.total}`),
    );
    figures.push({ name: `sessions.list first ${LIST_PAGE}, by deadline (median)`, value: sessions.median, unit: 'ms', target: 100 });

    const dashboard = await timeAsync(
      () => c.handlers['dashboard.get']({}),
      (d) => expect(d.rows.length > 0, 'dashboard.get returned no row'),
    );
    figures.push({ name: 'dashboard.get (median)', value: dashboard.median, unit: 'ms', target: 100 });

    const csv = await timeAsync(
      () => c.handlers['candidatures.exportCsv']({ filters: { states: ['EN_ATTENTE'] }, sort: { field: 'createdOn', direction: 'desc' } }),
      (f) => {
        const lines = f.content.split('\r\n').length - 2; // header, trailing newline
        expect(lines === enAttente.total, `the CSV has ${lines} rows, expected ${enAttente.total}`);
      },
    );
    figures.push({ name: `candidatures.exportCsv of ${enAttente.total} EN_ATTENTE (median)`, value: csv.median, unit: 'ms', target: 1000 });

    // ---- incremental sync with nothing new ----
    const incremental = await timeAsync(
      () => c.syncNow(),
      (s) => expect(s.lastError === null && !s.syncing, `incremental sync failed: ${String(s.lastError)}`),
      10,
    );
    figures.push({ name: 'incremental sync, nothing new (median)', value: incremental.median, unit: 'ms', target: 200 });
    return figures;
  } finally {
    await core?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default bench;
