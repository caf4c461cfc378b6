// The hooks a screen reads the core with (the cache and its invalidation: query-client.ts).
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import { invoke } from './api';
import { useAuth } from './stores/auth-store';
import { ipcKey } from './query-client';

/** Whose data a read returns: the core answers for the signed-in user and the active structure. */
export function useQueryScope(): string {
  return useAuth((s) => (s.state?.signedIn ? `${s.state.user?.id ?? ''}/${s.state.activeStructureId ?? ''}` : ''));
}

type IpcQueryOptions<C extends ChannelName, T> = Omit<UseQueryOptions<ChannelOutput<C>, Error, T>, 'queryKey' | 'queryFn'>;

/** One read of the core, cached, and read again when the core announces a change. */
export function useIpcQuery<C extends ChannelName, T = ChannelOutput<C>>(channel: C, input: ChannelInput<C>, options?: IpcQueryOptions<C, T>) {
  const scope = useQueryScope();
  return useQuery({ queryKey: ipcKey(channel, input, scope), queryFn: () => invoke(channel, input), ...options });
}
