// Logs for support, never for leaking candidates: rotating files under userData/logs (pino-roll, 5 MB × 5 files),
// with personal data fields redacted at any depth before they are written.
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

/** A copy of a logged object with every personal-data field masked, however deep (pino's paths stop at a depth). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, REDACTED.has(k.toLowerCase()) ? CENSOR : redactDeep(v, depth + 1)]));
}

export function loggerOptions(level = 'info', app = 'rafaelpro-desktop'): pino.LoggerOptions {
  return { level, base: { app }, formatters: { log: (object) => redactDeep(object) as Record<string, unknown> } };
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
