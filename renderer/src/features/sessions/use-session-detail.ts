// One session's detail as both session pages read it: read again whenever the core's data changes, the last error
// kept until the next answer.
import type { SessionDetail } from '../../../../shared/ipc/views';
import { toErrorData } from '../../api';
import { useIpcQuery } from '../../use-ipc-query';

export function useSessionDetail(id: string): { detail: SessionDetail | null; error: { message: string } | null } {
  const { data, error } = useIpcQuery('sessions.get', { id });
  return { detail: data ?? null, error: error ? toErrorData(error) : null };
}
