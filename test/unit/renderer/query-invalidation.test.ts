// The renderer's reads stay true to the core: its change events mark the reads they concern as stale, an error the
// core answered is not asked again, and a change of user or structure drops every cached answer.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, RafaelApi } from '../../../shared/ipc/contract';
import { RafaelError } from '../../../shared/ipc/contract';
import type { AppState, SyncStatus } from '../../../shared/ipc/views';
import { setRafaelApi } from '../../../renderer/src/api';
import { connectQueries, ipcKey, queryClient } from '../../../renderer/src/query-client';
import { useAuth } from '../../../renderer/src/stores/auth-store';
import { useSync } from '../../../renderer/src/stores/sync-store';

const listeners = new Map<string, (payload: unknown) => void>();
const invoke = vi.fn(async (channel: string): Promise<unknown> => (channel === 'sync.getStatus' ? status(0, 0) : []));
setRafaelApi({
  invoke,
  on(event: EventName, listener: (payload: unknown) => void) {
    listeners.set(event, listener);
    return () => listeners.delete(event);
  },
} as unknown as RafaelApi);
const emit = (event: EventName, payload: unknown) => listeners.get(event)!(payload);
const disconnect = connectQueries();
afterAll(disconnect);

function status(pendingCount: number, conflictCount: number): SyncStatus {
  return { pendingCount, conflictCount } as SyncStatus;
}

const READS = [ipcKey('dashboard.get', {}, 'u/s'), ipcKey('outbox.list', {}, 'u/s'), ipcKey('conflicts.list', {}, 'u/s')];
const stale = () => READS.map((key) => queryClient.getQueryState(key)?.isInvalidated);

describe('reads invalidated by the core', () => {
  beforeEach(() => {
    queryClient.clear();
    useSync.setState({ status: status(0, 0) });
    for (const key of READS) queryClient.setQueryData(key, []);
    invoke.mockClear();
  });

  it('a data change makes every read stale', () => {
    expect(stale()).toEqual([false, false, false]);
    emit('data.changed', { structureId: 's' });
    expect(stale()).toEqual([true, true, true]);
  });

  it('new conflicts make every read stale and the status is read again', () => {
    emit('conflicts.added', { count: 1, conflicts: [] });
    expect(stale()).toEqual([true, true, true]);
    expect(invoke).toHaveBeenCalledWith('sync.getStatus', {});
  });

  it('a move of the pending count makes the outbox stale, of the conflict count the conflict list', () => {
    useSync.setState({ status: status(1, 0) });
    expect(stale()).toEqual([false, true, false]);
    useSync.setState({ status: status(1, 2) });
    expect(stale()).toEqual([false, true, true]);
  });
});

describe('asking the core again', () => {
  it('an error the core answered is shown at once; a failure of the bridge is tried once more', async () => {
    const refused = vi.fn(() => Promise.reject(new RafaelError({ code: 'RULE_VIOLATION', message: 'non' })));
    await expect(queryClient.fetchQuery({ queryKey: ['refused'], queryFn: refused })).rejects.toThrow('non');
    expect(refused).toHaveBeenCalledTimes(1);
    const broken = vi.fn(() => Promise.reject(new Error('bridge closed')));
    await expect(queryClient.fetchQuery({ queryKey: ['broken'], queryFn: broken, retryDelay: 0 })).rejects.toThrow('bridge closed');
    expect(broken).toHaveBeenCalledTimes(2);
  });
});

describe('whose answers', () => {
  const state = (userId: string, activeStructureId: string) => ({ signedIn: true, needsSignIn: false, user: { id: userId }, memberships: [], activeStructureId }) as unknown as AppState;

  it('another user or structure drops every cached answer; the same one keeps them', () => {
    useAuth.setState({ state: null });
    useAuth.getState().set(state('manager', 'of-1'));
    queryClient.clear();
    queryClient.setQueryData(READS[0]!, []);
    useAuth.getState().set(state('manager', 'of-1'));
    expect(queryClient.getQueryCache().getAll()).toHaveLength(1);
    useAuth.getState().set(state('manager', 'of-2'));
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    queryClient.setQueryData(READS[0]!, []);
    useAuth.getState().set(state('prescriber', 'of-2'));
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });
});
