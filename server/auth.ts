// Sign-in and bearer tokens: argon2 password hashes; tokens are random, stored only as a SHA-256 hash, expire,
// and can be revoked.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq } from 'drizzle-orm';
import * as s from './db/schema';
import type { Executor } from './db/database';
import type { Membership, User } from '../shared/protocol/entities';
import type { ServerClock } from './clock';

export const TOKEN_TTL_MS = 12 * 3600_000;

export const hashPassword = (password: string) => hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function issueToken(db: Executor, userId: string, clock: ServerClock): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + TOKEN_TTL_MS).toISOString();
  await db.insert(s.tokens).values({ hash: sha256(token), userId, expiresAt });
  return { token, expiresAt };
}

export type AuthUser = typeof s.users.$inferSelect;

export async function authenticate(db: Executor, token: string, clock: ServerClock): Promise<AuthUser | null> {
  const [row] = await db
    .select({ user: s.users, expiresAt: s.tokens.expiresAt, revoked: s.tokens.revoked })
    .from(s.tokens)
    .innerJoin(s.users, eq(s.users.id, s.tokens.userId))
    .where(eq(s.tokens.hash, sha256(token)));
  if (!row || row.revoked || !row.user.active || new Date(row.expiresAt) <= clock.now()) return null;
  return row.user;
}

export async function revokeToken(db: Executor, token: string): Promise<void> {
  await db.update(s.tokens).set({ revoked: true }).where(eq(s.tokens.hash, sha256(token)));
}

export function toUser(u: AuthUser): User {
  return { id: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, phone: u.phone };
}

export async function membershipsOf(db: Executor, userId: string): Promise<Membership[]> {
  const found = await db
    .select({ m: s.memberships, st: s.structures })
    .from(s.memberships)
    .innerJoin(s.structures, eq(s.structures.id, s.memberships.structureId))
    .where(eq(s.memberships.userId, userId));
  return found.map(({ m, st }) => ({
    structure: { id: st.id, siret: st.siret, name: st.name, acronym: st.acronym, kind: st.kind as never, city: st.city },
    profile: m.profile as Membership['profile'],
    parcoursProProfiles: m.parcoursPro as Membership['parcoursProProfiles'],
    referent: m.referent,
    employer: m.employer,
  }));
}

export async function membershipOf(db: Executor, userId: string, structureId: string) {
  const [m] = await db.select().from(s.memberships).where(and(eq(s.memberships.userId, userId), eq(s.memberships.structureId, structureId)));
  return m ?? null;
}
