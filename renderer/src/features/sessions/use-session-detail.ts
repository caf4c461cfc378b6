// One session's detail as both session pages read it: fetched again whenever synced data changes, the last error
// kept until the next answer.
import { useEffect, useState } from 'react';
import type { SessionDetail } from '../../../../shared/ipc/views';
import { invoke, toErrorData } from '../../api';
import { useSync } from '../../stores/sync-store';

export function useSessionDetail(id: string): { detail: SessionDetail | null; error: { message: string } | null } {
  const dataVersion = useSync((s) => s.dataVersion);
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  useEffect(() => {
    let live = true;
    invoke('sessions.get', { id })
      .then((d) => live && (setDetail(d), setError(null)))
      .catch((e) => live && setError(toErrorData(e)));
    return () => {
      live = false;
    };
  }, [id, dataVersion]);
  return { detail, error };
}
