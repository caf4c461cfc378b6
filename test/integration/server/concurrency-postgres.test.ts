// Racing writers on a real PostgreSQL (DATABASE_URL; .ci/run starts one): parallel validations and applications on
// the last places of an entry point never overfill it, and pulls racing writes never skip a row. Each run uses a
// fresh database, dropped afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Readable } from 'node:stream';
import type { ReferenceServer } from '../../../server/index';
import { openServerDatabase } from '../../../server/db/database';
import { openSnapshot } from '../../../server/sync/snapshot';
import type { Candidature } from '../../../shared/protocol/entities';
import { SnapshotEnd } from '../../../shared/protocol/snapshot';
import { call, eos, mutation, person, pullAll, pullPage, push, snapshot, startTestServer, testServerContext, token } from './harness';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) {
  console.warn(
    [
      '',
      '#'.repeat(100),
      '# DATABASE_URL is not set: the PostgreSQL concurrency tests of the reference server DID NOT RUN.',
      '# They prove that racing validations never overfill an entry point. Run them with .ci/run or DATABASE_URL=...',
      '#'.repeat(100),
      '',
    ].join('\n'),
  );
}

let server: ReferenceServer;
let adminUrl: URL;
/** The database the server under test uses. */
let serverDbUrl: string;
const dbName = `rafael_server_test_${randomBytes(5).toString('hex')}`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!DATABASE_URL) return;
  adminUrl = new URL(DATABASE_URL);
  await admin((c) => c.query(`create database ${dbName}`));
  const url = new URL(DATABASE_URL);
  url.pathname = `/${dbName}`;
  serverDbUrl = url.toString();
  server = await startTestServer({ databaseUrl: serverDbUrl });
  await eos(server, 'PUT', '/sessions', {
    sessions: ['ses-race-1', 'ses-race-2'].map((id) => ({
      id, actionId: 'act-000001', carifNumber: '00777001', publishedOn: '2025-01-02', marketStart: '2024-02-01', marketEnd: '2027-12-31',
      city: 'BORDEAUX', department: '33', trainingPlace: 'Quai des Chartrons, BORDEAUX', cpfEligible: true, fixedDates: true,
      contact: { name: 'Test', email: null, phone: null }, disabilityReferent: null, status: 'PUBLISHED',
      roles: [{ structureId: 'of-demo', role: 'RESPONSABLE' }],
    })),
  });
}, 120_000);

afterAll(async () => {
  if (!DATABASE_URL) return;
  await server?.close();
  await admin(async (c) => {
    // A closed pool has let its connections go, but they may still be closing: dropped under them, they would report
    // the termination as an unhandled error.
    for (let i = 0; i < 50; i++) {
      const { rows } = await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [dbName]);
      if (Number(rows[0]?.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await c.query(`drop database if exists ${dbName} with (force)`);
  });
});

describe('on a real PostgreSQL', () => {
  it.skipIf(!DATABASE_URL)('parallel pre-registration validations on the last places never overfill the entry point', async () => {
    expect((await eos(server, 'POST', '/sessions/ses-race-1/entry-points', { id: 'ep-race-1', date: '2025-07-01', places: 5 })).status).toBe(201);
    const n2 = await token(server, 'prescripteur-n2@demo.test');
    const n3 = await token(server, 'prescripteur-n3@demo.test');
    const ids = Array.from({ length: 24 }, () => uuidv7());
    const created = await push(server, n2, 'presc-demo', ids.map((id, i) => mutation({ kind: 'preregistration.create', payload: { preRegistrationId: id, sessionId: 'ses-race-1', candidate: person(i) } })));
    expect(created.body.results.every((r) => r.status === 'applied')).toBe(true);
    // Two field advisers (N2 for its own, N3 for the same ones) racing, one request per validation.
    const results = await Promise.all(
      ids.map((id, i) => push(server, i % 2 ? n2 : n3, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: id } })])),
    );
    const outcomes = results.map((r) => r.body.results[0]!);
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.status === 'rejected' && o.code === 'CAPACITY_REACHED')).toBe(true);
    const manager = await token(server, 'manager@demo.test');
    const rows = (await pullAll(server, manager, 'of-demo')).pages.flatMap((p) => p.changes.candidatures).filter((c) => c.sessionId === 'ses-race-1');
    expect(rows).toHaveLength(5);
  });

  it.skipIf(!DATABASE_URL)('parallel candidate applications: exactly the free places are pending, the rest refused as complete', async () => {
    expect((await eos(server, 'POST', '/sessions/ses-race-2/entry-points', { id: 'ep-race-2', date: '2025-07-01', places: 3 })).status).toBe(201);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call<Candidature>(server, 'POST', '/sessions/ses-race-2/candidatures', { body: { candidate: person(1000 + i) } })),
    );
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(replies.filter((r) => r.body.state === 'EN_ATTENTE')).toHaveLength(3);
    expect(replies.filter((r) => r.body.state === 'REFUS_SESSION_COMPLETE')).toHaveLength(27);
  });

  it.skipIf(!DATABASE_URL)('two managers racing avis on the same pending candidatures: each is decided exactly once', async () => {
    const manager = await token(server, 'manager@demo.test');
    const manager2 = await token(server, 'manager2@demo.test');
    // ses-race-1's first entry point is full: a bis entry point with room takes the next applications.
    await eos(server, 'POST', '/sessions/ses-race-1/entry-points', { id: 'ep-race-1b', date: '2025-06-20', places: 20, bis: true });
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call<Candidature>(server, 'POST', '/sessions/ses-race-1/candidatures', { body: { candidate: person(3000 + i) } })),
    );
    const pending = created.map((r) => r.body).filter((c) => c.state === 'EN_ATTENTE');
    expect(pending).toHaveLength(8);
    const decide = (tok: string, c: Candidature, kind: 'RETENUE' | 'NON_RETENUE') =>
      push(server, tok, 'of-demo', [
        mutation({
          kind: 'avis',
          payload: {
            candidatureId: c.id,
            decision: kind === 'RETENUE' ? { kind, plannedEntry: '2025-07-01', plannedExit: '2025-12-01' } : { kind, motive: 'PERSONNE_INJOIGNABLE', justification: null },
          },
        }),
      ]);
    const races = await Promise.all(pending.flatMap((c) => [decide(manager, c, 'RETENUE'), decide(manager2, c, 'NON_RETENUE')]));
    for (let i = 0; i < pending.length; i++) {
      const pair = [races[2 * i]!.body.results[0]!, races[2 * i + 1]!.body.results[0]!];
      expect(pair.filter((r) => r.status === 'applied')).toHaveLength(1);
      expect(pair.find((r) => r.status === 'rejected')).toMatchObject({ code: 'ALREADY_DECIDED' });
    }
  });

  it.skipIf(!DATABASE_URL)('pulls racing many concurrent writes never skip a change', async () => {
    const manager = await token(server, 'manager@demo.test');
    const start = await pullAll(server, manager, 'of-demo');
    await eos(server, 'POST', '/sessions/ses-race-2/entry-points', { id: 'ep-race-3', date: '2025-09-01', places: 1000 });
    let cursor = start.cursor;
    const seen = new Set<string>();
    const writes = Promise.all(
      Array.from({ length: 40 }, (_, i) => call<Candidature>(server, 'POST', '/sessions/ses-race-2/candidatures', { body: { candidate: person(2000 + i) } })),
    );
    let done = false;
    void writes.then(() => (done = true));
    while (!done) {
      const page = await pullPage(server, manager, 'of-demo', cursor, 7);
      for (const c of page.body.changes.candidatures) seen.add(c.id);
      cursor = page.body.cursor;
    }
    const created = (await writes).map((r) => r.body.id);
    for (;;) {
      const page = await pullPage(server, manager, 'of-demo', cursor, 7);
      for (const c of page.body.changes.candidatures) seen.add(c.id);
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    for (const id of created) expect(seen.has(id)).toBe(true);
  });

  it.skipIf(!DATABASE_URL)('snapshots racing concurrent writes: the delta pull from each snapshot\'s cursor misses nothing', async () => {
    const manager = await token(server, 'manager@demo.test');
    await eos(server, 'POST', '/sessions/ses-race-2/entry-points', { id: 'ep-race-4', date: '2025-10-01', places: 1000 });
    const writes = Promise.all(
      Array.from({ length: 40 }, (_, i) => call<Candidature>(server, 'POST', '/sessions/ses-race-2/candidatures', { body: { candidate: person(5000 + i) } })),
    );
    let done = false;
    void writes.then(() => (done = true));
    const snapshots: { cursor: string; ids: Set<string> }[] = [];
    while (!done || snapshots.length === 0) {
      const snap = await snapshot(server, manager, 'of-demo');
      expect(snap.lines.at(-1)?.kind).toBe('end');
      snapshots.push({ cursor: String(snap.lines[0]!.cursor), ids: new Set(snap.lines.filter((l) => l.kind === 'candidatures').map((l) => (l.row as { id: string }).id)) });
    }
    const created = (await writes).map((r) => r.body.id);
    for (const { cursor, ids } of snapshots) {
      const delta = await pullAll(server, manager, 'of-demo', cursor);
      for (const page of delta.pages) for (const c of page.changes.candidatures) ids.add(c.id);
      for (const id of created) expect(ids.has(id)).toBe(true);
    }
  });
});

describe('a snapshot streaming while writers go on (PostgreSQL)', () => {
  /** Reads a snapshot to its end line, running `meanwhile` once its first chunk has arrived. */
  async function endLine(body: Readable, meanwhile: () => Promise<void> = async () => undefined): Promise<SnapshotEnd> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      if (chunks.push(chunk as Buffer) === 1) await meanwhile();
    }
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    return SnapshotEnd.parse(JSON.parse(lines.at(-1)!));
  }

  it.skipIf(!DATABASE_URL)('says in its end line whether a change was written while it streamed (the client then pulls)', async () => {
    const database = await openServerDatabase({ databaseUrl: serverDbUrl });
    try {
      const ctx = testServerContext(database.db);
      const viewer = { structureId: 'of-demo', isPrescriber: false, seesCandidates: true };
      // Small batches and buffer: the stream waits for its reader, its transaction still open, while the write lands.
      const open = () => openSnapshot(ctx, viewer, { encoding: null, batchRows: 10, bufferedBytes: 1024 });
      expect(await endLine((await open()).body)).toMatchObject({ upToDate: true });
      const written = await endLine((await open()).body, async () => {
        expect((await call(server, 'POST', '/sessions/ses-race-2/candidatures', { body: { candidate: person(7000) } })).status).toBe(201);
      });
      expect(written).toMatchObject({ upToDate: false });
    } finally {
      await database.close();
    }
  });
});

describe('unique values under races (PostgreSQL)', () => {
  it.skipIf(!DATABASE_URL)('parallel account requests with the same e-mail: one account and one request, the same answer for all', async () => {
    const body = { email: 'doublon@demo.test', password: 'motdepasse1', firstName: 'Dou', lastName: 'Blon', phone: null, structureId: 'of-demo', newStructure: null };
    const replies = await Promise.all(Array.from({ length: 6 }, () => call(server, 'POST', '/accounts/requests', { body })));
    // An existing e-mail is never revealed: every caller gets the same 201.
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const manager = await token(server, 'manager@demo.test');
    const requests = await call<{ requests: { email: string }[] }>(server, 'GET', '/structures/of-demo/requests', { token: manager });
    expect(requests.body.requests.filter((r) => r.email === 'doublon@demo.test')).toHaveLength(1);
  });
});
