// Finding 2 of issue 10: a failed query's error carried its parameters (a new account's argon2 hash, e-mail, phone)
// into the server log. Input validation now stops the NUL byte that used to provoke it, so a CHECK constraint added
// to the database plays the failing query: whatever makes a write fail, the log says code, constraint and table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { ReferenceServer } from '../../../server/index';
import { openServerDatabase } from '../../../server/db/database';
import { call, startTestServer, token } from './harness';

const dir = mkdtempSync(path.join(tmpdir(), 'rafael-log-secrets-'));
const FAILING_PHONE = '06 99 99 99 99';
const lines: string[] = [];
let server: ReferenceServer;

beforeAll(async () => {
  await (await startTestServer({ pgliteDataDir: dir })).close(); // the seeded demo data, from its template
  const database = await openServerDatabase({ pgliteDataDir: dir });
  try {
    await database.db.execute(sql.raw(`alter table users add constraint users_phone_probe check (phone is null or phone <> '${FAILING_PHONE}')`));
  } finally {
    await database.close();
  }
  server = await startTestServer({ pgliteDataDir: dir, logLevel: 'info', logDestination: { write: (line: string) => void lines.push(line) } });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function databaseErrorLines(): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => (l.err as { type?: string } | undefined)?.type === 'DatabaseError');
}

describe('a database error in the log', () => {
  it('a public account request that fails in the database logs code, constraint and table, never the hash or personal data', async () => {
    lines.length = 0;
    const password = 'un mot de passe secret';
    const reply = await call(server, 'POST', '/accounts/requests', {
      body: {
        email: 'fuite.possible@exemple.fr', password, firstName: 'Prénomsecret', lastName: 'Nomsecret', phone: FAILING_PHONE,
        structureId: 'of-demo', newStructure: null,
      },
    });
    expect(reply).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    const log = lines.join('\n');
    for (const secret of ['$argon2', 'fuite.possible', 'Prénomsecret', 'Nomsecret', FAILING_PHONE, password]) expect(log).not.toContain(secret);
    expect(databaseErrorLines()).toEqual([expect.objectContaining({ err: { type: 'DatabaseError', code: '23514', constraint: 'users_phone_probe', table: 'users' } })]);
  });

  it('PATCH /me that fails in the database never logs the new password hash or the phone', async () => {
    const manager = await token(server, 'manager2@demo.test');
    lines.length = 0;
    const reply = await call(server, 'PATCH', '/me', { token: manager, body: { phone: FAILING_PHONE, newPassword: 'nouveau-secret-1', currentPassword: 'demo' } });
    expect(reply).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    const log = lines.join('\n');
    for (const secret of ['$argon2', FAILING_PHONE, 'nouveau-secret-1', 'manager2@demo.test']) expect(log).not.toContain(secret);
    expect(databaseErrorLines()).toHaveLength(1);
  });

  it('request lines carry the path, not the query string (a search term can be a name)', async () => {
    lines.length = 0;
    await call(server, 'GET', '/structures/search?q=Etcheverry');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('Etcheverry');
    expect(lines.join('\n')).toContain('/api/v1/structures/search');
  });
});
