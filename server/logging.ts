// The server's logger, built so that personal data cannot reach it. Redaction by field name is not enough: a failed
// query's error carries the statement's parameters (an argon2 hash, an e-mail, a phone) in its message, its stack
// and its `params`. So every error goes through loggableError(), which keeps only the SQLSTATE code, the constraint
// and the table of a database error; and request lines carry the path without its query string (a search term
// can be a candidate's name).
import pino, { type DestinationStream, type Logger } from 'pino';

/** Named fields that may hold secrets or personal data, wherever they appear in a logged object. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', '*.email', '*.password', '*.token', '*.firstName', '*.lastName', '*.phone'];

type DatabaseErrorFields = { code: string; constraint?: string; table?: string };

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The database error in an error's cause chain (drizzle wraps the driver's error), if any. */
function databaseErrorOf(error: unknown): DatabaseErrorFields | null {
  let wrapped = false;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; table?: unknown; params?: unknown; query?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && SQLSTATE.test(e.code)) {
      return {
        code: e.code,
        ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
        ...(typeof e.table === 'string' ? { table: e.table } : {}),
      };
    }
    if ('params' in e && 'query' in e) wrapped = true;
    current = e.cause;
  }
  // A failed query whose driver error has no SQLSTATE (a lost connection...) is still a database error.
  return wrapped ? { code: 'UNKNOWN' } : null;
}

/** What the log may say about an error: for a database error, its code, constraint and table, nothing else. */
export function loggableError(error: unknown): Record<string, unknown> {
  const database = databaseErrorOf(error);
  if (database) return { type: 'DatabaseError', ...database };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { type: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message, stack: error.stack };
  }
  return { type: typeof error };
}

function loggableRequest(request: { method?: string; url?: string; id?: unknown }): Record<string, unknown> {
  return { id: request.id, method: request.method, path: request.url?.split('?')[0] };
}

export function createServerLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[masqué]' },
      serializers: { err: loggableError, error: loggableError, req: loggableRequest },
      hooks: {
        // log.error(error) would make the error's message the line's message: a failed query's message holds its
        // parameters. Route it through the serializer with a fixed message instead.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const message = typeof rest[0] === 'string' ? rest[0] : databaseErrorOf(first) ? 'database error' : first.message;
            return method.apply(this, [{ err: first }, message]);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}
