// Every non-2xx answer carries the ApiError shape of shared/protocol/sync.ts. Routes throw ApiHttpError; the
// error handler maps validation, body-size and rate-limit failures to the same shape.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError, ApiErrorCode } from '../../shared/protocol/sync';

export class ApiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  body(): ApiError {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}

export const notFound = (what = 'Ressource introuvable.') => new ApiHttpError(404, 'NOT_FOUND', what);
export const forbidden = (message: string) => new ApiHttpError(403, 'FORBIDDEN', message);
export const unauthenticated = (message = 'Authentification requise.') => new ApiHttpError(401, 'UNAUTHENTICATED', message);
export const conflict = (message: string) => new ApiHttpError(409, 'CONFLICT', message);
export const invalid = (message: string, field?: string) => new ApiHttpError(400, 'VALIDATION', message, field);

function fieldOf(instancePath: string, part: string | undefined): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  if (part === 'querystring' || part === 'params' || part === 'headers') return path || part;
  return path || '(corps)';
}

/**
 * Failures of the router itself, before any route or error handler runs (Fastify's `frameworkErrors` option): a
 * path parameter longer than the router's limit (414) or a malformed percent-encoding (400).
 */
export function routerErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(414).send({ code: 'VALIDATION', message: 'Adresse trop longue : un identifiant dépasse la taille permise.' } satisfies ApiError);
    return;
  }
  void reply.code(400).send({ code: 'VALIDATION', message: 'Adresse illisible : encodage invalide.' } satisfies ApiError);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiHttpError, request, reply) => {
    if (error instanceof ApiHttpError) return reply.code(error.statusCode).send(error.body());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = fieldOf(first?.instancePath ?? '', error.validationContext);
      const body: ApiError = { code: 'VALIDATION', field, message: `Donnée invalide — ${field} : ${first?.message ?? 'valeur invalide'}` };
      return reply.code(400).send(body);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ code: 'PAYLOAD_TOO_LARGE', message: 'Requête trop volumineuse.' } satisfies ApiError);
    }
    if (error.statusCode === 429) {
      return reply.code(429).send({ code: 'RATE_LIMITED', message: 'Trop de tentatives : réessayez dans une minute.' } satisfies ApiError);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ code: 'VALIDATION', message: `Requête invalide : ${error.message}` } satisfies ApiError);
    }
    // Two requests racing on a unique value (the same e-mail, the same SIRET): the loser gets a conflict, not a 500.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if ((error as { code?: unknown }).code === '23505' || cause?.code === '23505') {
      return reply.code(409).send({ code: 'CONFLICT', message: 'Cette valeur vient d’être enregistrée par une autre demande.' } satisfies ApiError);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ code: 'INTERNAL', message: 'Erreur interne du serveur.' } satisfies ApiError);
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ code: 'NOT_FOUND', message: 'Route introuvable.' } satisfies ApiError);
  });
}
