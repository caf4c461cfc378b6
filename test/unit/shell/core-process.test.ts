import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, RafaelError, type EventSink, type IpcHandlers } from '../../../shared/ipc/contract';
import { createRafaelApi } from '../../../shared/ipc/client';
import { LocalDatabaseUnavailableError } from '../../../main/core/db/open-database';
import { createCoreProcessClient } from '../../../main/shell/core-process-client';
import { runCoreProcess, type CoreFactoryOptions } from '../../../main/shell/core-process-runner';
import type { MessageEnd } from '../../../main/shell/core-process-protocol';
import { createMemorySecretStore } from '../../../main/shell/secret-store';

/** Two ends of an in-memory port with structured cloning, standing in for a utilityProcess and its parentPort. */
function pair(): [MessageEnd<unknown, never>, MessageEnd<unknown, never>] {
  const a: Array<(m: unknown) => void> = [];
  const b: Array<(m: unknown) => void> = [];
  const deliver = (to: Array<(m: unknown) => void>, m: unknown) => queueMicrotask(() => to.forEach((l) => l(structuredClone(m))));
  return [
    { post: (m: unknown) => deliver(b, m), onMessage: (l) => void a.push(l) } as MessageEnd<unknown, never>,
    { post: (m: unknown) => deliver(a, m), onMessage: (l) => void b.push(l) } as MessageEnd<unknown, never>,
  ];
}

describe('core process: main side <-> utility process side', () => {
  it('starts the core with proxied secrets and network, answers calls, relays events and errors', async () => {
    const [mainEnd, coreEnd] = pair();
    let factoryOptions: CoreFactoryOptions | null = null;
    let sink: EventSink | null = null;
    const calls: string[] = [];
    runCoreProcess(coreEnd, async (options) => {
      factoryOptions = options;
      const handlers = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, async () => {
        calls.push(c);
        // The core reads its secret through the main process while handling a call. The answer must fit the
        // channel's output schema (results are checked outside production): a dashboard carrying both readings.
        return { structureId: `${await options.secrets.get('db-key')}|online=${options.network.isOnline()}`, today: '2025-06-16', rows: [] };
      }])) as unknown as IpcHandlers;
      return { handlers, onEvent: (s) => ((sink = s), () => undefined), start: async () => undefined, close: async () => undefined };
    });
    const secrets = createMemorySecretStore();
    await secrets.set('db-key', 'k-123');
    const client = createCoreProcessClient(mainEnd, secrets, { dataDir: '/data', serverUrl: 'http://127.0.0.1:1', online: false, nativeBinding: '/n.node' });
    await client.ready;
    expect(factoryOptions).toMatchObject({ dataDir: '/data', serverUrl: 'http://127.0.0.1:1', nativeBinding: '/n.node' });

    expect(await client.dispatch('dashboard.get', {})).toEqual({ ok: true, value: { structureId: 'k-123|online=false', today: '2025-06-16', rows: [] } });
    client.setOnline(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(await client.dispatch('dashboard.get', {})).toEqual({ ok: true, value: { structureId: 'k-123|online=true', today: '2025-06-16', rows: [] } });

    // Validation happens in the core process too: no handler runs.
    expect(await client.dispatch('candidatures.get', { id: 7 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'id' } });
    expect(calls).toEqual(['dashboard.get', 'dashboard.get']);

    const events: unknown[] = [];
    client.onEvent((event, payload) => events.push([event, payload]));
    sink!('sync.progress', { structureId: null, phase: 'pull', done: 1, total: 2 } as never);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toHaveLength(1);

    await client.shutdown();
  });

  it('reports a core that cannot start, and answers calls with a displayable error', async () => {
    const [mainEnd, coreEnd] = pair();
    runCoreProcess(coreEnd, async () => {
      throw new Error('SQLITE_NOTADB');
    });
    const client = createCoreProcessClient(mainEnd, createMemorySecretStore(), { dataDir: '/d', serverUrl: 'http://x', online: true });
    await expect(client.ready).rejects.toThrow(/n’a pas pu démarrer/);
    const reply = await client.dispatch('app.getState', {});
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).not.toContain('SQLITE');
  });

  it('a local database that cannot be opened reaches the window as LOCAL_DATABASE_UNAVAILABLE with its reason', async () => {
    const [mainEnd, coreEnd] = pair();
    runCoreProcess(coreEnd, async () => {
      throw new LocalDatabaseUnavailableError('DISK_FULL', { cause: new Error('SQLITE_FULL: database or disk is full') });
    });
    const client = createCoreProcessClient(mainEnd, createMemorySecretStore(), { dataDir: '/d', serverUrl: 'http://x', online: true });
    await expect(client.ready).rejects.toThrow();
    const reply = await client.dispatch('app.getState', {});
    // The reason travels as data; the window words it (« … le disque est plein », test/e2e/startup-error.spec.ts).
    expect(reply).toMatchObject({ ok: false, error: { code: 'LOCAL_DATABASE_UNAVAILABLE', reason: { key: 'localDatabaseUnavailable', params: { problem: 'DISK_FULL' } } } });
    expect(JSON.stringify(reply)).not.toContain('SQLITE');
    // What the renderer's bridge makes of it: a RafaelError that still carries the reason.
    const api = createRafaelApi((channel, input) => client.dispatch(channel, input), () => () => undefined);
    const thrown = await api.invoke('app.getState', {}).then(() => null, (e: unknown) => e);
    expect(thrown).toBeInstanceOf(RafaelError);
    expect(thrown).toMatchObject({ code: 'LOCAL_DATABASE_UNAVAILABLE', reason: { key: 'localDatabaseUnavailable', params: { problem: 'DISK_FULL' } } });
  });

  it('after the core process died, every call is answered at once instead of never', async () => {
    const [mainEnd, coreEnd] = pair();
    runCoreProcess(coreEnd, async () => {
      const handlers = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, async () => ({})])) as unknown as IpcHandlers;
      return { handlers, onEvent: () => () => undefined, start: async () => undefined, close: async () => undefined };
    });
    // Like Electron's UtilityProcess: once the child has exited, postMessage drops the message silently.
    let dead = false;
    const port = { post: (m: never) => void (dead || mainEnd.post(m)), onMessage: (l: (m: unknown) => void) => mainEnd.onMessage(l as never) };
    const client = createCoreProcessClient(port as typeof mainEnd, createMemorySecretStore(), { dataDir: '/d', serverUrl: 'http://x', online: true });
    await client.ready;
    dead = true;
    client.processExited();
    const reply = await Promise.race([client.dispatch('app.getState', {}), new Promise((r) => setTimeout(() => r('pending'), 500))]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await expect(Promise.race([client.shutdown().then(() => 'done'), new Promise((r) => setTimeout(() => r('pending'), 500))])).resolves.toBe('done');
  });
});
