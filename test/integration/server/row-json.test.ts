// Pull pages and snapshots send rows as JSON built by the database (server/sync/rows.ts); pushes, intake and the
// admin routes send the same entities built in JavaScript. Both encodings must give the same rows, field for field,
// whatever the text holds: compared here over the whole demo data and rows made to stress the encoding.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase, type OpenedServerDatabase } from '../../../server/db/database';
import * as schema from '../../../server/db/schema';
import { seedDemo } from '../../../server/demo/seed';
import { actionJson, candidatureJson, entryPointJson, preRegistrationJson, sessionJson, toAction, toCandidature, toEntryPoint, toPreRegistration, toSession, withTallyJson } from '../../../server/sync/rows';
import { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../../shared/protocol/entities';
import { TEST_NOW } from './harness';

/** Text no encoder may mangle: quotes, backslashes, control characters, line separators, astral characters. */
const AWKWARD = 'Zoë « O\'Brien » "quoted" \\back\\slash\n\ttab\u0001 \u2028\u2029 🎓 日本';

let database: OpenedServerDatabase;

beforeAll(async () => {
  database = await openServerDatabase({});
  await seedDemo(database.db, { candidatures: 400, seed: 42, now: new Date(TEST_NOW) });
  const db = database.db;
  const [candidature] = await db.select().from(schema.candidatures).limit(1);
  await db
    .update(schema.candidatures)
    .set({
      candidate: { firstName: AWKWARD, lastName: AWKWARD, email: 'a@exemple.fr', phone: null },
      prescriberStructureName: AWKWARD,
      avisBy: AWKWARD,
      avisReceivedAt: '2025-06-16T10:00:00.000Z',
      avisTimeNote: 'FUTURE',
    })
    .where(eq(schema.candidatures.id, candidature!.id));
  const [session] = await db.select().from(schema.sessions).limit(1);
  await db.update(schema.sessions).set({ trainingPlace: AWKWARD, disabilityReferent: null, endDate: null }).where(eq(schema.sessions.id, session!.id));
  const [action] = await db.select().from(schema.actions).limit(1);
  await db.update(schema.actions).set({ title: AWKWARD, highlight: null, moduleCount: null }).where(eq(schema.actions.id, action!.id));
}, 120_000);
afterAll(async () => database?.close());

describe('rows encoded by the database', () => {
  it('candidatures: the same as toCandidature, for every row', async () => {
    const found = await database.db.select({ row: schema.candidatures, json: candidatureJson }).from(schema.candidatures);
    expect(found.length).toBe(400);
    for (const { row, json } of found) {
      const parsed: unknown = JSON.parse(json);
      expect(parsed).toEqual(toCandidature(row));
      expect(Candidature.safeParse(parsed).success).toBe(true);
    }
    expect(found.some(({ json }) => (JSON.parse(json) as Candidature).candidate.firstName === AWKWARD)).toBe(true);
    expect(found.some(({ json }) => (JSON.parse(json) as Candidature).retained !== null)).toBe(true);
    expect(found.some(({ json }) => (JSON.parse(json) as Candidature).nonRetained !== null)).toBe(true);
  });

  it('sessions, with an org role and without: the same as toSession', async () => {
    const found = await database.db
      .select({ row: schema.sessions, withRole: sessionJson(sql`'RESPONSABLE'`), withoutRole: sessionJson(sql`null`) })
      .from(schema.sessions);
    expect(found.length).toBeGreaterThan(0);
    for (const { row, withRole, withoutRole } of found) {
      expect(JSON.parse(withRole)).toEqual(toSession(row, 'RESPONSABLE'));
      expect(JSON.parse(withoutRole)).toEqual(toSession(row, null));
      expect(Session.safeParse(JSON.parse(withRole)).success).toBe(true);
    }
    expect(found.some(({ row }) => row.trainingPlace === AWKWARD)).toBe(true);
  });

  it('actions: the same as toAction', async () => {
    const found = await database.db
      .select({ row: schema.actions, name: schema.structures.name, json: actionJson(schema.structures.name) })
      .from(schema.actions)
      .innerJoin(schema.structures, eq(schema.structures.id, schema.actions.responsibleStructureId));
    expect(found.length).toBeGreaterThan(0);
    for (const { row, name, json } of found) {
      expect(JSON.parse(json)).toEqual(toAction(row, name));
      expect(Action.safeParse(JSON.parse(json)).success).toBe(true);
    }
    expect(found.some(({ row }) => row.title === AWKWARD && row.moduleCount === null)).toBe(true);
  });

  it('entry points, tallies added: the same as toEntryPoint', async () => {
    const found = await database.db.select({ row: schema.entryPoints, json: entryPointJson }).from(schema.entryPoints);
    expect(found.length).toBeGreaterThan(0);
    for (const [i, { row, json }] of found.entries()) {
      const tally = { retainedInWindow: i % 7, sessionPending: i % 5 };
      const encoded: unknown = JSON.parse(withTallyJson(json, tally));
      expect(encoded).toEqual(toEntryPoint(row, tally));
      expect(EntryPoint.safeParse(encoded).success).toBe(true);
    }
  });

  it('pre-registrations: the same as toPreRegistration', async () => {
    const found = await database.db.select({ row: schema.preRegistrations, json: preRegistrationJson }).from(schema.preRegistrations);
    expect(found.length).toBeGreaterThan(0);
    for (const { row, json } of found) {
      expect(JSON.parse(json)).toEqual(toPreRegistration(row));
      expect(PreRegistration.safeParse(JSON.parse(json)).success).toBe(true);
    }
  });
});
