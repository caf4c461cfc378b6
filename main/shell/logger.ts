// Logs for support, never for leaking candidates: rotating files under userData/logs (pino-roll, 5 MB × 5 files),
// with personal data fields redacted at any depth before they are written. Errors are the other way values leak (an
// HTTP client's error carries its request and body, a query error its parameters): an error is logged as its type,
// its code-like fields, its message and stack with e-mails, phone numbers, tokens and secrets masked, and its cause
// the same way; none of its other fields. A name inside a message cannot be recognised: our own errors carry none.
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import path from 'node:path';

/** Field names that hold personal data or secrets anywhere in a logged object. */
export const REDACTED_KEYS = [
  'email', 'password', 'newPassword', 'currentPassword', 'token', 'authorization', 'phone',
  'firstName', 'lastName', 'birthDate', 'address', 'candidate', 'person', 'comment', 'input', 'key', 'dbKey',
];

const REDACTED = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
export const CENSOR = '[masqué]';

const SECRET_NAMES = 'password|newPassword|currentPassword|passwd|token|access_token|authorization|secret|key|dbKey|email|phone';
const TEXT_MASKS: [RegExp, string][] = [
  // V8's JSON.parse quotes the text it failed on: « Unexpected token 'x', "…" is not valid JSON ».
  [/, ".*(?= is not valid JSON)/g, `, ${CENSOR}`],
  [new RegExp(`(["']?\\b(?:${SECRET_NAMES})["']?\\s*[:=]\\s*)((?:Bearer|Basic)\\s+[^\\s,;&}\\]]+|"[^"]*"|'[^']*'|[^\\s,;&}\\]]+)`, 'gi'), `$1${CENSOR}`],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${CENSOR}`],
  [/[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/g, CENSOR],
  // French numbers as people type them (06 12 34 56 78, +33 6 12 34 56 78, 06.12.34.56.78).
  [/(?<![\d+])(?:\+33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)/g, CENSOR],
  // Keys and raw tokens written as long hexadecimal strings.
  [/\b[0-9a-f]{32,}\b/gi, CENSOR],
  // Query strings (a search for a name, a token in a link).
  [/([?&][\w.-]+=)[^&\s#"']+/g, `$1${CENSOR}`],
];

/** Free text with e-mail addresses, phone numbers, tokens, keys and `secret=value` pairs masked. */
export function maskText(text: string): string {
  return TEXT_MASKS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Fields of an error that say what kind of failure it was, never which values it was about. */
const ERROR_FIELDS = ['code', 'kind', 'status', 'statusCode', 'errno', 'syscall', 'reason', 'problem'];

/** An error as it may be logged: type, code-like fields, masked message and stack, cause; nothing else it carries. */
export function safeError(error: Error, depth = 0): Record<string, unknown> {
  const fields = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: error.constructor?.name || error.name, message: maskText(String(error.message)) };
  for (const name of ERROR_FIELDS) {
    const v = fields[name];
    if (typeof v === 'number' || typeof v === 'boolean') out[name] = v;
    else if (typeof v === 'string') out[name] = maskText(v);
  }
  if (typeof error.stack === 'string') out.stack = maskText(error.stack);
  if (depth < 5 && error.cause instanceof Error) out.cause = safeError(error.cause, depth + 1);
  if (depth < 5 && error instanceof AggregateError) out.errors = (error.errors as unknown[]).slice(0, 10).map((e) => (e instanceof Error ? safeError(e, depth + 1) : typeof e));
  return out;
}

/**
 * A copy of a logged object with every personal-data field masked, however deep (pino's paths stop at a depth),
 * every error reduced by safeError and every string masked by maskText.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value instanceof Error) return safeError(value);
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} octets]`;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, REDACTED.has(k.toLowerCase()) ? CENSOR : redactDeep(v, depth + 1)]));
}

export function loggerOptions(level = 'info', app = 'rafaelpro-desktop'): pino.LoggerOptions {
  return {
    level,
    base: { app },
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    // formatters.log has already reduced `err`; this only catches an error that reaches the serializer another way.
    // An error logged on its own (logger.error(err)) would otherwise give its raw message as the line's `msg`.
    serializers: { err: (value: unknown) => (value instanceof Error ? safeError(value) : value) },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (first instanceof Error) return method.apply(this, [{ err: first }, ...(rest.length ? rest : [first.message])].map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>);
        return method.apply(this, (args as unknown[]).map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

async function rollingFile(logsDir: string, name: string) {
  return pinoRoll({ file: path.join(logsDir, name), extension: '.log', size: '5m', mkdir: true, limit: { count: 5 } });
}

export async function createShellLogger(logsDir: string, level = 'info'): Promise<Logger> {
  return pino(loggerOptions(level), await rollingFile(logsDir, 'rafaelpro'));
}

/** The core process's logger: its own rotating files beside the shell's (its stdout goes nowhere once packaged). */
export async function createCoreLogger(logsDir: string | undefined, level = 'info'): Promise<Logger> {
  return logsDir ? pino(loggerOptions(level, 'rafaelpro-core'), await rollingFile(logsDir, 'rafaelpro-core')) : pino(loggerOptions(level, 'rafaelpro-core'));
}
