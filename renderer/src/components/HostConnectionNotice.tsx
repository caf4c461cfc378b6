// Browser mode only: when the headless host stops (the terminal running « npm start » closed, the machine slept),
// the page says so over everything, instead of « En ligne » and « Chargement… » forever; when the host comes back
// on the same address (it keeps its port and token), the page reconnects by itself and reloads what it shows.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onHostConnection, type HostConnection } from '../platform';
import { useAuth } from '../stores/auth-store';
import { useSync } from '../stores/sync-store';
import { invalidateReads } from '../query-client';

/** A reconnect within this delay (a host restarting) is not worth a flash of the notice. */
const GRACE_MS = 1500;

export function HostConnectionNotice() {
  const { t } = useTranslation();
  const [state, setState] = useState<HostConnection>('connecting');
  const [shown, setShown] = useState(false);
  const wasLost = useRef(false);

  useEffect(
    () =>
      onHostConnection((next) => {
        setState(next);
        if (next === 'connected' && wasLost.current) {
          // Events were missed while away: read everything again.
          void useAuth.getState().load();
          void useSync.getState().refresh().catch(() => undefined);
          invalidateReads();
        }
        wasLost.current = next === 'lost' || next === 'refused';
      }),
    [],
  );

  useEffect(() => {
    if (state !== 'lost' && state !== 'refused') return setShown(false);
    const timer = setTimeout(() => setShown(true), state === 'refused' ? 0 : GRACE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  if (!shown) return null;
  return (
    <div className="host-lost-overlay">
      <div className="host-lost" role="alert" data-testid="host-lost">
        <h1>{t('host.lostTitle')}</h1>
        <p>{state === 'refused' ? t('host.refused') : t('host.lost')}</p>
        {state === 'lost' ? <p className="muted small">{t('host.reconnecting')}</p> : null}
      </div>
    </div>
  );
}
