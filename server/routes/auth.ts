// Sign-in, sign-out and the account view.
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginRequest, LoginResponse, MeResponse } from '../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { users } from '../db/schema';
import { verifyPassword } from '../auth/passwords';
import { issueToken, requireUser, revokeToken } from '../auth/tokens';
import { membershipsOf } from '../auth/memberships';
import { unauthenticated } from '../http/api-error';
import { toUser } from '../auth/users';

export function authRoutes(ctx: ServerContext, loginRateLimit: { max: number; timeWindow: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        schema: { tags: ['auth'], body: LoginRequest, response: { 200: LoginResponse } },
        config: { rateLimit: loginRateLimit, public: true },
      },
      async (request) => {
        const email = request.body.email.trim().toLowerCase();
        const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
        // Same answer, and the same argon2 work, for an unknown e-mail and a wrong password: nothing tells which
        // accounts exist.
        const passwordOk = await verifyPassword(user?.passwordHash ?? null, request.body.password);
        if (!user || !passwordOk) {
          throw unauthenticated('E-mail ou mot de passe incorrect.');
        }
        if (!user.active) throw unauthenticated('Votre compte attend encore sa validation.');
        const { token, expiresAt } = await issueToken(ctx, user.id);
        return { token, expiresAt, user: toUser(user), memberships: await membershipsOf(ctx.db, user.id) };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
      await requireUser(ctx, request);
      await revokeToken(ctx, request);
      return reply.code(204).send();
    });

    app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: MeResponse } } }, async (request) => {
      const user = await requireUser(ctx, request);
      return { user: toUser(user), memberships: await membershipsOf(ctx.db, user.id) };
    });
  };
}
