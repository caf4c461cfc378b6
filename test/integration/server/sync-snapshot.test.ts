// The bootstrap snapshot: the same rows as a full pull, every line valid, brotli or gzip as accepted, a cursor from which the
// delta pull misses nothing, and a client that goes away releases the database at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { ReferenceServer } from '../../../server/index';
import { openServerDatabase, type OpenedServerDatabase } from '../../../server/db/database';
import { seedDemo } from '../../../server/demo/seed';
import { openSnapshot } from '../../../server/sync/snapshot';
import type { PullPage } from '../../../shared/protocol/sync';
import { SNAPSHOT_ROW_KINDS, SnapshotLine, type SnapshotRowKind } from '../../../shared/protocol/snapshot';
import { addDays, parisDay } from '../../../shared/domain/calendar-date';
import type { Candidature } from '../../../shared/protocol/entities';
import { call, mutation, person, pullAll, pullPage, push, snapshot, startTestServer, TEST_NOW, testServerContext, token } from './harness';

let server: ReferenceServer;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  manager = await token(server, 'manager@demo.test');
});
afterAll(() => server?.close());

type Row = { id: string; version: number };

/** Rows by `kind:id` after applying pull pages in order, as a client does. */
function replayPages(pages: PullPage[], into = new Map<string, unknown>()) {
  for (const p of pages) {
    for (const [kind, rows] of Object.entries(p.changes)) for (const r of rows as Row[]) into.set(`${kind}:${r.id}`, r);
    for (const [kind, ids] of Object.entries(p.removed)) for (const id of ids) into.delete(`${kind}:${id}`);
  }
  return into;
}

function snapshotRows(lines: { kind: string; row?: unknown }[]) {
  const rows = new Map<string, unknown>();
  for (const line of lines) if (line.row) rows.set(`${line.kind}:${(line.row as Row).id}`, line.row);
  return rows;
}

describe('bootstrap snapshot', () => {
  it.each([
    ['manager@demo.test', 'of-demo'],
    ['prescripteur-n3@demo.test', 'presc-demo'],
  ])('%s: exactly the rows of a full pull, parents first, every line valid, counted before the first candidature and in the end line', async (email, structureId) => {
    const tok = await token(server, email);
    const snap = await snapshot(server, tok, structureId);
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-encoding')).toBe('gzip');
    expect(snap.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const [header, ...rest] = snap.lines;
    const end = rest.pop();
    expect(header).toEqual({ kind: 'header', cursor: expect.any(String) });
    // The count comes once, after the actions and sessions (the client writes them meanwhile), before the first
    // candidature: the client decides from it how to load them.
    const at = rest.findIndex((l) => l.kind === 'total');
    const [total] = rest.splice(at, 1);
    expect(rest.some((l) => l.kind === 'total')).toBe(false);
    expect(total).toEqual({ kind: 'total', rows: rest.length });
    expect(rest.slice(0, at).every((l) => l.kind === 'actions' || l.kind === 'sessions')).toBe(true);
    expect(rest[at]?.kind).toBe('candidatures');
    // upToDate may be false on a database restored from a template: PostgreSQL logs sequence numbers ahead, so one
    // restarts past the last row's (the client then pulls once, as it would without the word).
    expect(end).toEqual({ kind: 'end', rows: rest.length, upToDate: expect.any(Boolean) });
    for (const line of snap.lines) {
      const parsed = SnapshotLine.safeParse(line);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toStrictEqual(line); // every field sent, nothing more
    }
    const order = rest.map((l) => SNAPSHOT_ROW_KINDS.indexOf(l.kind as SnapshotRowKind));
    expect(order.every((k, i) => k >= 0 && (i === 0 || k >= order[i - 1]!))).toBe(true);
    expect(snapshotRows(rest)).toEqual(replayPages((await pullAll(server, tok, structureId)).pages));
    // Nothing changed since: the delta pull from its cursor brings nothing.
    const delta = await pullPage(server, tok, structureId, String(header!.cursor));
    expect(delta.status).toBe(200);
    expect(replayPages([delta.body]).size).toBe(0);
  });

  it('the delta pull from its cursor brings exactly what changed after the snapshot', async () => {
    const snap = await snapshot(server, manager, 'of-demo');
    const cursor = String(snap.lines[0]!.cursor);
    const candidatures = snap.lines.filter((l) => l.kind === 'candidatures').map((l) => l.row as Candidature);
    const today = parisDay(server.clock.now());
    const target = candidatures.find((c) => c.state === 'EN_ATTENTE' && c.avisDeadline >= today && c.avisDeadline <= addDays(today, 60))!;
    const decided = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', baseVersion: target.version, payload: { candidatureId: target.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(decided.body.results[0]?.status).toBe('applied');
    const sessionId = snap.lines.find((l) => l.kind === 'sessions' && (l.row as { orgRole: string; status: string }).orgRole === 'RESPONSABLE' && (l.row as { status: string }).status === 'PUBLISHED')!;
    const applied = await call<Candidature>(server, 'POST', `/sessions/${(sessionId.row as Row).id}/candidatures`, { body: { candidate: person(4242) } });
    expect(applied.status).toBe(201);

    const delta = await pullAll(server, manager, 'of-demo', cursor);
    const changed = delta.pages.flatMap((p) => p.changes.candidatures.map((c) => c.id));
    expect(changed).toContain(target.id);
    expect(changed).toContain(applied.body.id);
    const replayed = replayPages(delta.pages, snapshotRows(snap.lines));
    expect(replayed).toEqual(replayPages((await pullAll(server, manager, 'of-demo')).pages));
  });

  it('answers brotli to a client that accepts it, with the same lines', async () => {
    const br = await snapshot(server, manager, 'of-demo', { acceptEncoding: 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    const gzip = await snapshot(server, manager, 'of-demo', { acceptEncoding: 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(br.lines.length).toBeGreaterThan(2);
    expect(br.lines).toEqual(gzip.lines);
    // A coding refused outright (q=0) is not used.
    expect((await snapshot(server, manager, 'of-demo', { acceptEncoding: 'br;q=0, gzip;q=0.8' })).headers.get('content-encoding')).toBe('gzip');
  });

  it('answers plain NDJSON to a client that accepts neither brotli nor gzip', async () => {
    const snap = await snapshot(server, manager, 'of-demo', { acceptEncoding: 'identity' });
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-encoding')).toBeNull();
    expect(snap.lines.at(-1)).toMatchObject({ kind: 'end' });
  });

  it('is refused like a pull: 404 for a structure the user is not a member of, 401 without a token', async () => {
    const n1 = await token(server, 'prescripteur-n1@demo.test');
    const foreign = await snapshot(server, n1, 'of-demo');
    expect(foreign.status).toBe(404);
    expect(JSON.parse(foreign.text)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call(server, 'GET', '/structures/of-demo/snapshot')).status).toBe(401);
  });
});

describe('a snapshot read in the server process', () => {
  let database: OpenedServerDatabase;
  beforeAll(async () => {
    database = await openServerDatabase({});
    await seedDemo(database.db, { candidatures: 300, seed: 42, now: new Date(TEST_NOW) });
  });
  afterAll(() => database?.close());
  const context = () => testServerContext(database.db);

  it('says in its end line that nothing was written while it streamed (PGlite: no writer can meanwhile)', async () => {
    const { body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding: null });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ kind: 'end', rows: lines.length - 3, upToDate: true }); // header, total, end
  });

  it('ends its transaction at once: the database answers the next query (PGlite has one connection)', async () => {
    const { header, body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding: null, batchRows: 10, bufferedBytes: 1024 });
    expect(header.cursor).toMatch(/\d/);
    for await (const chunk of body) {
      expect(String(chunk)).toContain('"kind":"header"');
      break; // the client reads one chunk and hangs up
    }
    expect(body.destroyed).toBe(true);
    const answered = await Promise.race([
      database.db.execute(sql`select 1`).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
    ]);
    expect(answered).toBe(true);
  });

  const read = async (options: { bufferedBytes?: number; batchRows?: number; firstBatchRows?: number }) => {
    const { body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding: null, batchRows: 50, ...options });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  it('reads the same lines whatever its batches: one per kind, or growing from a few rows', async () => {
    const whole = await read({ batchRows: 100_000, firstBatchRows: 100_000 });
    expect(whole.split('\n').length).toBeGreaterThan(300);
    expect(await read({ batchRows: 40, firstBatchRows: 3 })).toBe(whole);
    expect(await read({ batchRows: 7, firstBatchRows: 7 })).toBe(whole);
  });

  it('carries text of every UTF-8 length intact, across chunks smaller than one line', async () => {
    // Two-, three- and four-byte characters, a line separator that JSON leaves as it is, and what JSON escapes (a
    // newline in a row's text must not end its line: the database joins a batch's lines with newlines).
    const name = `Zoé Œuvre’s 😀\u2028 "dit" a\\b\nsuite\t${'ä'.repeat(400)}`;
    const [target] = await database.db.execute(sql`select id from candidatures where session_id in (select session_id from session_roles where structure_id = 'of-demo') order by id limit 1`).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    await database.db.execute(sql`update candidatures set candidate = jsonb_set(candidate, '{lastName}', to_jsonb(${name}::text)) where id = ${target!.id}`);
    const small = await read({ bufferedBytes: 256 }); // every line larger than a chunk
    expect(small).toBe(await read({}));
    const rows = small.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { kind: string; row?: Candidature });
    expect(rows.find((l) => l.kind === 'candidatures' && l.row?.id === target!.id)?.row?.candidate.lastName).toBe(name);
  });
  it('holds one close listener on its stream however far the compressor is behind (no listener pile-up)', async () => {
    // Small chunks, a large buffer and a slow reader: many flushes wait on the compressor between two queries.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding: 'br', batchRows: 1000, chunkBytes: 1024 });
      let most = 0;
      const chunks: Buffer[] = [];
      for await (const chunk of body) {
        chunks.push(chunk as Buffer);
        most = Math.max(most, body.listenerCount('close'));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(most).toBeLessThanOrEqual(2);
      const lines = brotliDecompressSync(Buffer.concat(chunks)).toString('utf8').trim().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'end', rows: lines.length - 3 });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('drops a client that stops reading a compressed snapshot, and frees the database; serves a slow one to the end', async () => {
    // Text that does not compress: the compressor's output outgrows what an unread stream holds, so it stops taking
    // input while the writer's buffer (4 MB) still accepts it; the wait for the compressor before each query must
    // give up on such a client too. (Last in this block: it changes the rows.)
    const noise = sql.raw(Array.from({ length: 20 }, (_, i) => `md5(random()::text || id || '${i}')`).join(' || '));
    await database.db.execute(sql`update candidatures set candidate = jsonb_set(candidate, '{phone}', to_jsonb(${noise}))`);
    for (const encoding of ['br', 'gzip'] as const) {
      const { body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding, batchRows: 20, stalledClientMs: 200 });
      let failure = '';
      body.on('error', (error) => (failure = error.message)); // as the HTTP response listens
      await new Promise((resolve) => body.once('data', resolve));
      body.pause(); // connected, reading nothing
      const dropped = await Promise.race([
        new Promise<boolean>((resolve) => body.once('close', () => resolve(failure === 'snapshot client stalled'))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      const answered = await Promise.race([
        database.db.execute(sql`select 1`).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      expect({ encoding, dropped, answered }).toEqual({ encoding, dropped: true, answered: true });
    }
    // A slow client that reads steadily is served to the end, even when what one batch sends takes it longer than
    // the stall window to read.
    const { body } = await openSnapshot(context(), { structureId: 'of-demo', isPrescriber: false, seesCandidates: true }, { encoding: 'gzip', batchRows: 300, stalledClientMs: 200 });
    const chunks: Buffer[] = [];
    const started = performance.now();
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(performance.now() - started).toBeGreaterThan(2 * 200); // longer than the stall window, twice
    const lines = gunzipSync(Buffer.concat(chunks)).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'end', rows: lines.length - 3 });
  });
});
