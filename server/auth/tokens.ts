// Bearer tokens: random, stored only as a SHA-256 hash, expiring, revocable.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import type { Executor } from '../db/database';
import { tokens, users } from '../db/schema';
import { unauthenticated } from '../http/api-error';

export type AuthUser = typeof users.$inferSelect;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(ctx: ServerContext, userId: string): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ctx.tokenTtlMs).toISOString();
  await ctx.db.insert(tokens).values({ hash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes reachable without a bearer token (sign-in, account requests, EOS feed with its own key...). */
    public?: boolean;
  }
}

const signedIn = new WeakMap<FastifyRequest, AuthUser>();

/** The signed-in user of a request, or a 401. */
export async function requireUser(ctx: ServerContext, request: FastifyRequest): Promise<AuthUser> {
  const known = signedIn.get(request);
  if (known) return known;
  const token = bearerOf(request);
  if (!token) throw unauthenticated();
  const [row] = await ctx.db
    .select({ user: users, expiresAt: tokens.expiresAt, revoked: tokens.revoked })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(eq(tokens.hash, hashToken(token)));
  if (!row || row.revoked || row.expiresAt <= new Date().toISOString() || !row.user.active) {
    throw unauthenticated('Session expirée ou invalide : reconnectez-vous.');
  }
  signedIn.set(request, row.user);
  return row.user;
}

export async function revokeToken(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  const token = bearerOf(request);
  if (token) await ctx.db.update(tokens).set({ revoked: true }).where(and(eq(tokens.hash, hashToken(token))));
}

/** Ends every session of the user but the request's own (after a password change). */
export async function revokeOtherTokens(db: Executor, userId: string, request: FastifyRequest): Promise<void> {
  const token = bearerOf(request);
  const others = token ? and(eq(tokens.userId, userId), ne(tokens.hash, hashToken(token))) : eq(tokens.userId, userId);
  await db.update(tokens).set({ revoked: true }).where(and(others, eq(tokens.revoked, false)));
}
