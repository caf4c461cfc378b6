// Found by the soak campaign: the app killed while a push is in flight, after the server applied it. On restart the
// decision still sits in the outbox; « Annuler » or an edit must be refused (the server may hold it, and here it
// does), and the next sync settles it as applied. A real core process, killed with SIGKILL by the fault proxy.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../server/index';
import type { CandidatureListRow, PendingMutation } from '../../shared/ipc/views';
import { createRng } from '../../server/demo/prng';
import { startTestServer } from '../integration/server/harness';
import { bundleCoreChild, ClientProcess } from './client-process';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { signIn, StructureView } from './server-view';

let server: ReferenceServer;
let proxy: FaultProxy;
let client: ClientProcess;
let dataDir: string;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startFaultProxy({ rng: createRng(1), target: server.url, delayMs: 0 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'rafael-take-back-'));
  const settings = { clockOffsetMs: server.clock.now().getTime() - Date.now(), httpTimeoutMs: 15_000, httpRetries: 0, syncIntervalMs: 3_600_000, pushDelayMs: 50 };
  client = new ClientProcess('manager', await bundleCoreChild(), dataDir, proxy.url, settings, () => undefined);
  await client.start();
  await client.value('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
  await client.value('sync.now', {});
}, 120_000);

afterAll(async () => {
  await client?.stop();
  await proxy?.close();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Gives an avis and kills the process once the server has answered its push; returns the mutation id. */
async function decideThenDieMidPush(): Promise<{ candidatureId: string; mutationId: string }> {
  const pending = await client.value<{ rows: CandidatureListRow[] }>('candidatures.list', { filters: { states: ['EN_ATTENTE'], roles: ['RESPONSABLE'] }, offset: 0, limit: 100 });
  for (const row of pending.rows) {
    const reply = await client.call('avis.give', { candidatureId: row.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } });
    if (!reply.ok) continue;
    const killed = new Promise<void>((resolve) => {
      proxy.trap = { on: 'push', at: 'answer', kill: async () => resolve(await client.kill()) };
    });
    await killed; // the core pushes by itself once the undo window is over
    return { candidatureId: row.id, mutationId: (reply.value as { mutationId: string }).mutationId };
  }
  throw new Error('no candidature to decide');
}

describe('a decision whose push was in flight when the app was killed', () => {
  it('can be neither taken back nor edited after the restart, and settles as applied', { timeout: 120_000 }, async () => {
    const view = new StructureView('of-demo', () => server.url, await signIn(server.url, 'manager@demo.test'));
    for (const attempt of ['outbox.cancel', 'outbox.edit'] as const) {
      const { candidatureId, mutationId } = await decideThenDieMidPush();
      await view.refresh();
      expect(view.rows.candidatures.get(candidatureId)?.state).toBe('NON_RETENUE'); // the server applied it

      await client.start();
      const input = attempt === 'outbox.cancel' ? { id: mutationId } : { id: mutationId, decision: { kind: 'NON_RETENUE', motive: 'AUTRE', justification: 'Autre motif' } };
      const reply = await client.call(attempt, input);
      expect(reply.ok, `${attempt} was accepted for a decision the server holds`).toBe(false);

      const status = await client.value<{ pendingCount: number; conflictCount: number }>('sync.now', {});
      expect(status).toMatchObject({ pendingCount: 0, conflictCount: 0 });
      expect(await client.value<PendingMutation[]>('outbox.list', {})).toEqual([]);
      const shown = await client.value<{ candidature: { state: string; nonRetained: { motive: string } | null } }>('candidatures.get', { id: candidatureId });
      expect(shown.candidature).toMatchObject({ state: 'NON_RETENUE', nonRetained: { motive: 'PERSONNE_INJOIGNABLE' } });
    }
  });
});
