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

export const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function loggerOptions(level = 'info'): pino.LoggerOptions {
  return { level, base: { app: 'rafaelpro-desktop' }, redact: { paths: REDACT_PATHS, censor: '[masqué]' } };
}

export async function createShellLogger(logsDir: string, level = 'info'): Promise<Logger> {
  const destination = await pinoRoll({ file: path.join(logsDir, 'rafaelpro'), extension: '.log', size: '5m', mkdir: true, limit: { count: 5 } });
  return pino(loggerOptions(level), destination);
}
