import { useTranslation } from 'react-i18next';
import { useSync } from '../stores/sync-store';
import { PlugIcon } from './Icons';

/** Référent and account tools need the server: marked « connexion requise » and disabled while offline. */
export function useOnline(): boolean {
  return useSync((s) => s.status?.online ?? false);
}

export function ConnectionRequired() {
  const { t } = useTranslation();
  const online = useOnline();
  return (
    <p className={online ? 'online-note' : 'online-note offline'} role="note">
      <PlugIcon online={online} /> {online ? t('online.requiredOk') : t('online.requiredOffline')}
    </p>
  );
}
