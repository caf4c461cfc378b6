// How the screens read the core: through TanStack Query, one cache for the whole page. A read is a query keyed by
// its IPC channel, its input and whose data it is (user, active structure); the core says when its data changed
// ('data.changed', 'conflicts.added', the sync status's counts), and the reads it concerns are marked stale:
// those on screen are read again in place (their last answer stays shown meanwhile), the others when next shown.
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ChannelInput, ChannelName } from '../../shared/ipc/contract';
import { onEvent } from './api';
import { useSync } from './stores/sync-store';

/** An answer of the core: asking again gives the same answer until it announces a change. */
function isCoreAnswer(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The core pushes its changes: an answer stays fresh until an event says otherwise. A minute still bounds
      // what only the clock changes (« today », deadlines) for a screen shown again later.
      staleTime: 60_000,
      // A local process, not the network: no refetch storms when the window regains focus or the OS says online.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      // An error the core answered (a rule, a right, a missing row) is shown at once; a bridge hiccup gets one retry.
      retry: (failures, error) => !isCoreAnswer(error) && failures < 1,
    },
  },
});

/** Every read is stale: the core's data changed (or events may have been missed while the host was away). */
/** The key of a read: its channel, its input, whose data (see use-ipc-query.ts). `[channel]` reaches every read of it. */
export function ipcKey<C extends ChannelName>(channel: C, input: ChannelInput<C>, scope: string): QueryKey {
  return [channel, input, scope];
}

export function invalidateReads(channel?: ChannelName): void {
  void queryClient.invalidateQueries(channel ? { queryKey: [channel] } : undefined);
}

/**
 * Listens to the core's change events for the life of the app; returns the unsubscribe.
 * - 'data.changed': the local data changed (a sync applied, a command queued). Every read may show it, so every
 *   read is invalidated, as every screen refetched before; only the reads on screen go to the core at once.
 * - 'conflicts.added': the same, and the status (its conflict count) is read again.
 * - the sync status's counts: a push that settles decisions changes the outbox and the conflicts.
 */
export function connectQueries(): () => void {
  const offs = [
    onEvent('data.changed', () => invalidateReads()),
    onEvent('conflicts.added', () => {
      invalidateReads();
      void useSync.getState().refresh().catch(() => undefined);
    }),
    useSync.subscribe((next, previous) => {
      if (next.status?.pendingCount !== previous.status?.pendingCount) invalidateReads('outbox.list');
      if (next.status?.conflictCount !== previous.status?.conflictCount) invalidateReads('conflicts.list');
    }),
  ];
  return () => offs.forEach((off) => off());
}
