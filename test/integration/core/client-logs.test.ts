// The client's logs never hold a password, a token or a candidate's personal data, even when a sync or a command
// fails with an error that carries them: the way a query error carries its parameters, an HTTP client's error its
// request, or a keychain's error the item it refused. The core runs against the real reference server with the very
// logger configuration the app uses (main/shell/logger.ts), and its calls go through the shared dispatcher, which is
// where a failed command is logged; the failures are injected where the core's own code would meet them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type Core } from '../../../main/core/index';
import { LocalStore } from '../../../main/core/local-store';
import { OutboxJournal } from '../../../main/core/outbox-journal';
import { SECRET_TOKEN } from '../../../main/core/platform';
import { createDispatcher, type Dispatch } from '../../../main/ipc/dispatcher';
import { loggerOptions } from '../../../main/shell/logger';
import type { Candidature } from '../../../shared/protocol/entities';
import type { ReferenceServer } from '../../../server/index';
import { startTestServer } from '../server/harness';

const MANAGER = { email: 'manager@demo.test', password: 'demo' };
const T = 60_000;

let server: ReferenceServer;
let core: Core;
let dispatch: Dispatch;
let dataDir: string;
const lines: string[] = [];
/** Every value that must never be written: tokens, and candidates' names, e-mails and phone numbers. */
const secrets = new Set<string>();
let token: string | null = null;
let refuseTokenWrites = false;

beforeAll(async () => {
  server = await startTestServer();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rafael-logs-'));
  const logger = pino(loggerOptions('debug', 'rafaelpro-core'), new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
  const store = new MemorySecretStore();
  // A keychain that, when it refuses an item, says which one in its error (as some keychain libraries do).
  const keychain = {
    get: (name: string) => store.get(name),
    delete: (name: string) => store.delete(name),
    async set(name: string, value: string) {
      if (name === SECRET_TOKEN) {
        token = value;
        secrets.add(value);
        if (refuseTokenWrites) throw Object.assign(new Error('the keychain refused the item'), { item: { name, value }, code: 'KEYCHAIN_DENIED' });
      }
      await store.set(name, value);
    },
  };
  core = await createCore({ dataDir, serverUrl: server.url, secrets: keychain, logger, clock: () => server.clock.now(), syncIntervalMs: 3_600_000, pushDelayMs: 3_600_000, httpRetries: 0 });
  dispatch = createDispatcher(core.handlers, { logger });
}, T);

afterAll(async () => {
  await core?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, T);

afterEach(() => {
  vi.restoreAllMocks();
});

function personalValues(candidatures: readonly Candidature[]): string[] {
  return candidatures
    .flatMap(({ candidate: p }) => [p.email, p.phone, `${p.firstName} ${p.lastName}`, p.lastName.length >= 6 ? p.lastName : null])
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}

function expectNothingPersonalLogged(): string {
  const log = lines.join('');
  expect(secrets.size).toBeGreaterThan(5);
  const found = [...secrets].filter((s) => log.includes(s));
  expect(found, 'personal values or secrets in the log').toEqual([]);
  // Nor any of them with the JSON escaping a log line applies to quotes and backslashes.
  for (const s of secrets) expect(log.includes(JSON.stringify(s).slice(1, -1))).toBe(false);
  return log;
}

describe("client logs: failures that carry personal data or secrets", () => {
  it('a sync that fails on an error carrying the page it was storing and the request it came with', async () => {
    const carried: Candidature[] = [];
    const original = LocalStore.prototype.applyServerRows;
    vi.spyOn(LocalStore.prototype, 'applyServerRows').mockImplementation(function (this: LocalStore, structureId, changes, removed, options) {
      // The first call that stores candidatures fails; any other goes through.
      if (carried.length || !changes.candidatures.length) return original.call(this, structureId, changes, removed, options);
      carried.push(...changes.candidatures);
      // Shaped like a query error that carries its parameters, caused by an HTTP error that carries its request.
      const request = Object.assign(new Error('Request failed with status code 500: GET /api/v1/structures/changes'), {
        options: { headers: { authorization: `Bearer ${token}` }, json: { email: MANAGER.email, password: MANAGER.password } },
      });
      throw Object.assign(new Error(`could not store the page of ${structureId}`, { cause: request }), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
        params: changes.candidatures.map((c) => [c.id, c.candidate.lastName, c.candidate.email, c.candidate.phone]),
        row: changes.candidatures[0],
      });
    });
    const signedIn = await dispatch('auth.signIn', MANAGER);
    expect(signedIn.ok).toBe(true);
    await core.syncNow();
    expect(carried.length).toBeGreaterThan(5);
    for (const value of personalValues(carried)) secrets.add(value);

    const log = expectNothingPersonalLogged();
    // The failure is still there for support: which kind, which code, where.
    const failure = lines.map((l) => JSON.parse(l) as { msg: string; err?: { type: string; code?: string; message: string; cause?: { message: string } } }).find((l) => l.msg === 'sync failed on an internal error');
    expect(failure?.err).toMatchObject({ type: 'Error', code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'could not store the page of of-demo' });
    expect(failure?.err?.cause?.message).toMatch(/^Request failed with status code 500/);
    expect(log).not.toContain('"params"');

    // The next round, without the fault, stores the page.
    vi.restoreAllMocks();
    const status = await core.syncNow();
    expect(status.lastError).toBeNull();
  }, T);

  it('a command that fails on an error carrying the token (sign-in whose keychain write is refused)', async () => {
    refuseTokenWrites = true;
    try {
      const reply = await dispatch('auth.signIn', MANAGER);
      expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      refuseTokenWrites = false;
    }
    const log = expectNothingPersonalLogged();
    expect(log).toContain('IPC handler failed');
    expect(log).toContain('KEYCHAIN_DENIED');
  }, T);

  it('a command whose journal write fails with an error carrying the decision and the candidate', async () => {
    const signedIn = await dispatch('auth.signIn', MANAGER);
    expect(signedIn.ok).toBe(true);
    const list = await dispatch('candidatures.list', { filters: { states: ['EN_ATTENTE'], roles: ['RESPONSABLE'] }, sort: { field: 'avisDeadline', direction: 'desc' }, offset: 0, limit: 50 });
    expect(list.ok, JSON.stringify(list).slice(0, 300)).toBe(true);
    const rows = (list as { value: { rows: { id: string }[] } }).value.rows;
    let target: { id: string; candidature: Candidature } | null = null;
    for (const row of rows) {
      const detail = await dispatch('candidatures.get', { id: row.id });
      const value = (detail as { value?: { canGiveAvis: { allowed: boolean }; candidature: Candidature } }).value;
      if (value?.canGiveAvis.allowed) {
        target = { id: row.id, candidature: value.candidature };
        break;
      }
    }
    expect(target, `${rows.length} rows`).not.toBeNull();
    for (const value of personalValues([target!.candidature])) secrets.add(value);

    vi.spyOn(OutboxJournal.prototype, 'added').mockImplementationOnce((entry) => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write', entry, candidate: target!.candidature.candidate });
    });
    const reply = await dispatch('avis.give', { candidatureId: target!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } });
    expect(reply.ok).toBe(true); // the decision is in the outbox; only its second copy failed
    const log = expectNothingPersonalLogged();
    expect(log).toContain('outbox journal write failed');
    expect(log).toContain('"syscall":"write"');
  }, T);
});
