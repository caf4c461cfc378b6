// The Fastify application: zod validation from shared/protocol, the ApiError shape on every error, the OpenAPI
// document, login rate limiting, and the route groups under /api/v1.
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { API_PREFIX } from '../shared/protocol/sync';
import type { ServerContext } from './context';
import { installErrorHandling, routerErrorHandler } from './http/api-error';
import { requireUser } from './auth/tokens';
import { authRoutes } from './routes/auth';
import { syncRoutes } from './routes/sync';
import { eosRoutes } from './routes/eos';
import { adminRoutes } from './routes/admin';
import { accountRoutes } from './routes/accounts';
import { intakeRoutes } from './routes/intake';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(ctx: ServerContext, options: { logger: Logger; loginRateLimit: { max: number; timeWindow: string } }) {
  const base = Fastify({ loggerInstance: options.logger, bodyLimit: BODY_LIMIT_BYTES, frameworkErrors: routerErrorHandler });
  installErrorHandling(base as unknown as FastifyInstance);
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Tell the OpenAPI document how each route authenticates (runs before swagger collects the route).
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const security = route.url.includes('/eos/') ? [{ eosApiKey: [] }] : route.config?.public ? [] : [{ bearer: [] }];
    route.schema = { ...route.schema, security };
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'RafaelPro — API de référence', version: '1.0.0', description: 'Synchronisation, flux EOS, comptes et outils du référent.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          eosApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    // Per address and e-mail: one user's typos never lock out a whole office behind one NAT.
    keyGenerator: (request) => {
      const body = request.body as { email?: unknown } | undefined;
      return `${request.ip}:${typeof body?.email === 'string' ? body.email.toLowerCase() : ''}`;
    },
  });

  // Authentication before validation: without a valid token a caller learns nothing, not even the body's shape.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || !request.routeOptions.url) return;
    await requireUser(ctx, request);
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx, options.loginRateLimit));
      await api.register(syncRoutes(ctx));
      await api.register(eosRoutes(ctx));
      await api.register(adminRoutes(ctx));
      await api.register(accountRoutes(ctx, options.loginRateLimit));
      await api.register(intakeRoutes(ctx));
      api.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
  return app;
}
