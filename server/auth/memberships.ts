// A user's memberships, as the login and /me answers carry them, and the guard that a user belongs to a structure.
import { and, eq } from 'drizzle-orm';
import type { Membership, Structure } from '../../shared/protocol/entities';
import type { ManagementProfile, ParcoursProProfile } from '../../shared/domain/vocabulary';
import type { Executor } from '../db/database';
import { memberships, structures } from '../db/schema';
import { notFound } from '../http/api-error';
import type { AuthUser } from './tokens';

export type StructureRow = typeof structures.$inferSelect;

export function toStructure(row: StructureRow): Structure {
  return { id: row.id, siret: row.siret, name: row.name, acronym: row.acronym, kind: row.kind as Structure['kind'], city: row.city };
}

export async function membershipsOf(db: Executor, userId: string): Promise<Membership[]> {
  const found = await db
    .select({ m: memberships, s: structures })
    .from(memberships)
    .innerJoin(structures, eq(structures.id, memberships.structureId))
    .where(eq(memberships.userId, userId))
    .orderBy(structures.name);
  return found.map(({ m, s }) => ({
    structure: toStructure(s),
    profile: m.profile as ManagementProfile | null,
    parcoursProProfiles: m.parcoursPro as ParcoursProProfile[],
    referent: m.referent,
    employer: m.employer,
  }));
}

export type ActiveMembership = {
  userId: string;
  displayName: string;
  structure: StructureRow;
  profile: ManagementProfile | null;
  referent: boolean;
};

/** The user's membership in a structure; 404 otherwise, so ids outside the user's reach reveal nothing. */
export async function requireMembership(db: Executor, user: AuthUser, structureId: string): Promise<ActiveMembership> {
  const [row] = await db
    .select({ m: memberships, s: structures })
    .from(memberships)
    .innerJoin(structures, eq(structures.id, memberships.structureId))
    .where(and(eq(memberships.userId, user.id), eq(memberships.structureId, structureId)));
  if (!row) throw notFound('Structure introuvable.');
  return {
    userId: user.id,
    displayName: `${user.firstName} ${user.lastName}`,
    structure: row.s,
    profile: row.m.profile as ManagementProfile | null,
    referent: row.m.referent,
  };
}
