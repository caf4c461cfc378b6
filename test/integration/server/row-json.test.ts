// Every row leaves the server as JSON built by the database (server/sync/rows.ts). Each encoding must be its protocol
// entity exactly (every field, nothing more) and carry the row's columns as they are stored, whatever the text holds:
// checked here over the whole demo data and rows made to stress the encoding.
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase, type OpenedServerDatabase } from '../../../server/db/database';
import * as schema from '../../../server/db/schema';
import { seedDemo } from '../../../server/demo/seed';
import { actionJson, candidatureJson, entryPointJson, preRegistrationJson, sessionJson } from '../../../server/sync/rows';
import { tallyEntryPoints } from '../../../shared/domain/entry-point-counter';
import { CandidatureState } from '../../../shared/domain/vocabulary';
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

/**
 * The encoding parsed strictly as its entity, each field the row also has equal to the stored column (the rest,
 * computed in the query, is returned for the caller to check).
 */
function decodedAgainst<T extends Record<string, unknown>>(entity: z.ZodObject, json: string, row: Record<string, unknown>): T {
  const parsed = entity.strict().safeParse(JSON.parse(json));
  expect(parsed.error?.issues ?? []).toEqual([]);
  const decoded = parsed.data as T;
  for (const [field, value] of Object.entries(decoded)) if (field in row) expect([field, value]).toEqual([field, row[field]]);
  return decoded;
}

describe('rows encoded by the database', () => {
  it('candidatures: every row, as stored', async () => {
    const found = await database.db.select({ row: schema.candidatures, json: candidatureJson }).from(schema.candidatures);
    expect(found.length).toBe(400);
    const decoded = found.map(({ row, json }) => decodedAgainst<Candidature>(Candidature, json, row));
    expect(decoded.some((c) => c.candidate.firstName === AWKWARD && c.avisBy === AWKWARD)).toBe(true);
    expect(decoded.some((c) => c.retained !== null)).toBe(true);
    expect(decoded.some((c) => c.nonRetained !== null)).toBe(true);
  });

  it('sessions, with an org role and without', async () => {
    const found = await database.db
      .select({ row: schema.sessions, withRole: sessionJson(sql`'RESPONSABLE'`), withoutRole: sessionJson(sql`null`) })
      .from(schema.sessions);
    expect(found.length).toBeGreaterThan(0);
    for (const { row, withRole, withoutRole } of found) {
      expect(decodedAgainst<Session>(Session, withRole, row).orgRole).toBe('RESPONSABLE');
      expect(decodedAgainst<Session>(Session, withoutRole, row).orgRole).toBeNull();
    }
    expect(found.some(({ withRole }) => (JSON.parse(withRole) as Session).trainingPlace === AWKWARD)).toBe(true);
  });

  it('actions, with the responsible structure named', async () => {
    const found = await database.db
      .select({ row: schema.actions, name: schema.structures.name, json: actionJson(schema.structures.name) })
      .from(schema.actions)
      .innerJoin(schema.structures, eq(schema.structures.id, schema.actions.responsibleStructureId));
    expect(found.length).toBeGreaterThan(0);
    for (const { row, name, json } of found) expect(decodedAgainst<Action>(Action, json, row).responsibleStructureName).toBe(name);
    expect(found.some(({ json }) => (JSON.parse(json) as Action).title === AWKWARD)).toBe(true);
  });

  it('entry points, with their tallies as stored, which seeding counted from the candidatures', async () => {
    const found = await database.db.select({ row: schema.entryPoints, json: entryPointJson }).from(schema.entryPoints);
    expect(found.length).toBeGreaterThan(0);
    const decoded = found.map(({ row, json }) => decodedAgainst<EntryPoint>(EntryPoint, json, row));
    const all = (await database.db.select().from(schema.candidatures)).map((c) => ({ ...c, state: CandidatureState.parse(c.state) }));
    for (const sessionId of new Set(decoded.map((e) => e.sessionId))) {
      const points = decoded.filter((e) => e.sessionId === sessionId);
      const counted = tallyEntryPoints(points, all.filter((c) => c.sessionId === sessionId));
      expect(points.map((e) => [e.id, e.retainedInWindow, e.sessionPending])).toEqual(counted.map((e) => [e.id, e.retainedInWindow, e.sessionPending]));
    }
    expect(decoded.some((e) => e.retainedInWindow > 0) && decoded.some((e) => e.sessionPending > 0)).toBe(true);
  });

  it('pre-registrations', async () => {
    const found = await database.db.select({ row: schema.preRegistrations, json: preRegistrationJson }).from(schema.preRegistrations);
    expect(found.length).toBeGreaterThan(0);
    for (const { row, json } of found) decodedAgainst<PreRegistration>(PreRegistration, json, row);
  });
});
