// Loads the demo data set into an empty database, in batches (100 000 candidatures in a reasonable time).
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { parisDay } from '../../shared/domain/calendar-date';
import type { ServerDb } from '../db/database';
import * as schema from '../db/schema';
import { hashPassword } from '../auth/passwords';
import { nextSeqSql } from '../db/write-transaction';
import { generateDemoData } from './generator';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STRUCTURES } from './demo-accounts';
import { makeSiret } from './generator';
import { createRng } from './prng';
import { analyzeAll } from '../db/planner-statistics';
import { recountAllTallies } from '../sync/entry-point-tallies';

const BATCH = 1000;

async function insertBatched(db: ServerDb, table: PgTable, rowsToInsert: Record<string, unknown>[], withSeq: boolean): Promise<void> {
  for (let i = 0; i < rowsToInsert.length; i += BATCH) {
    const chunk = rowsToInsert.slice(i, i + BATCH).map((r) => (withSeq ? { ...r, seq: nextSeqSql } : r));
    if (chunk.length > 0) await db.insert(table).values(chunk as never);
  }
}

export const userIdFor = (email: string) => `user-${email.split('@')[0]}`;

export async function isEmptyDatabase(db: ServerDb): Promise<boolean> {
  const result = (await db.execute(sql`select count(*)::int as n from structures`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0) === 0;
}

export async function seedDemo(db: ServerDb, options: { candidatures: number; seed: number; now: Date }): Promise<void> {
  const data = generateDemoData({ candidatures: options.candidatures, seed: options.seed, today: parisDay(options.now), nowIso: options.now.toISOString() });
  await insertBatched(db, schema.structures, data.structures, false);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = DEMO_ACCOUNTS.map((a) => ({
    id: userIdFor(a.email), email: a.email, passwordHash, firstName: a.firstName, lastName: a.lastName, phone: null, isAdmin: !!a.admin, active: true,
  }));
  // People waiting: two account requests and one affiliation request for the demo OF's référent; one first account
  // of a new structure for Cap Métiers.
  const rng = createRng(options.seed + 1);
  const waiting = [
    { id: 'user-attente-1', email: 'nouvelle.recrue@demo.test', firstName: 'Margaux', lastName: 'Ithurralde', active: false },
    { id: 'user-attente-2', email: 'stagiaire.accueil@demo.test', firstName: 'Rayan', lastName: 'Belkacem', active: false },
    { id: 'user-affiliation', email: 'formateur.associe@demo.test', firstName: 'Paul', lastName: 'Sallaberry', active: true },
    { id: 'user-premier-compte', email: 'direction@nouvel-of.test', firstName: 'Claire', lastName: 'Uhart', active: false },
  ];
  for (const w of waiting) users.push({ ...w, passwordHash, phone: null, isAdmin: false });
  await insertBatched(db, schema.users, users, false);
  await db.insert(schema.structures).values({
    id: 'of-nouveau', siret: makeSiret(rng), name: 'Nouvel Organisme Landais', acronym: null, kind: 'ORGANISME_FORMATION', city: 'DAX', validated: false,
  });

  const memberships = DEMO_ACCOUNTS.flatMap((a) =>
    a.memberships.map((m) => ({
      userId: userIdFor(a.email), structureId: m.structureId, profile: m.profile, referent: !!m.referent,
      parcoursPro: ['BENEFICIAIRE'], employer: m.structureId === a.memberships[0]?.structureId,
    })),
  );
  memberships.push({ userId: 'user-affiliation', structureId: DEMO_STRUCTURES.partnerOf.id, profile: 'OF_CATALOGUE', referent: false, parcoursPro: ['BENEFICIAIRE'], employer: true });
  await insertBatched(db, schema.memberships, memberships, false);
  const createdAt = options.now.toISOString();
  await db.insert(schema.membershipRequests).values([
    { id: 'req-0001', kind: 'ACCOUNT', structureId: DEMO_STRUCTURES.of.id, userId: 'user-attente-1', status: 'EN_ATTENTE', createdAt },
    { id: 'req-0002', kind: 'ACCOUNT', structureId: DEMO_STRUCTURES.of.id, userId: 'user-attente-2', status: 'EN_ATTENTE', createdAt },
    { id: 'req-0003', kind: 'AFFILIATION', structureId: DEMO_STRUCTURES.of.id, userId: 'user-affiliation', status: 'EN_ATTENTE', createdAt },
    { id: 'req-0004', kind: 'ACCOUNT', structureId: 'of-nouveau', userId: 'user-premier-compte', status: 'EN_ATTENTE', createdAt },
  ]);

  await insertBatched(db, schema.actions, data.actions, true);
  await insertBatched(db, schema.sessions, data.sessions, true);
  await insertBatched(db, schema.sessionRoles, data.sessionRoles, false);
  await insertBatched(db, schema.entryPoints, data.entryPoints, true);
  await insertBatched(db, schema.candidatures, data.candidatures, true);
  await insertBatched(db, schema.preRegistrations, data.preRegistrations, true);
  await recountAllTallies(db);
  // The planner's statistics describe the empty tables until the next analyze: pulls would hash-join every row.
  await analyzeAll(db);
}
