import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { activeMembership, useAuth } from '../stores/auth-store';
import { toErrorData } from '../api';
import { LanguageSwitch } from './LanguageSwitch';
import { useSync } from '../stores/sync-store';
import { pendingItems } from '../features/sync/pending-summary';

export function Header() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state)!;
  const membership = activeMembership(state);
  const [confirmDiscard, setConfirmDiscard] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signOut(discardPending: boolean) {
    setError(null);
    try {
      await useAuth.getState().signOut(discardPending);
      setConfirmDiscard(null);
    } catch (e) {
      const data = toErrorData(e);
      if (data.code === 'OUTBOX_NOT_EMPTY') {
        // The dialog names what would be lost from fresh counts; the core's sentence is the fallback.
        await useSync.getState().refresh().catch(() => undefined);
        setConfirmDiscard(data.message);
      }
      else setError(data.message);
    }
  }

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      {state.user?.isAdmin ? (
        <span className="structure-switch">
          <span>{t('header.activeStructure')}</span>
          <strong>{t('header.capMetiers')}</strong>
        </span>
      ) : (
        <label className="structure-switch">
          <span>{t('header.activeStructure')}</span>
          <select
            aria-label={t('header.activeStructure')}
            value={state.activeStructureId ?? ''}
            onChange={(e) => void useAuth.getState().setActive(e.target.value).catch((err) => setError(toErrorData(err).message))}
          >
            {state.activeStructureId ? null : <option value="">{t('header.chooseStructure')}</option>}
            {state.memberships.map((m) => (
              <option key={m.structure.id} value={m.structure.id}>
                {m.structure.acronym ? `${m.structure.name} (${m.structure.acronym})` : m.structure.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="header-user" aria-label={t('header.profile')}>
        <span className="user-name">
          {state.user ? `${state.user.firstName} ${state.user.lastName}` : ''}
          {membership?.referent ? <span className="referent-star" title={t('structures.referent')} aria-label={t('structures.referent')}> ★</span> : null}
        </span>
        <span className="user-profile">{state.user?.isAdmin ? t('profile.admin') : membership?.profile ? t(`profile.${membership.profile}`) : t('profile.none')}</span>
      </div>
      <LanguageSwitch />
      <button type="button" className="btn btn-ghost" onClick={() => void signOut(false)}>
        {t('header.signOut')}
      </button>
      {error ? <p className="error-message header-error" role="alert">{error}</p> : null}
      <ModalOverlay className="modal-overlay" isOpen={confirmDiscard !== null} onOpenChange={(open) => !open && setConfirmDiscard(null)} isDismissable>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title">{t('header.signOutTitle')}</Heading>
            <UnsentSummary fallback={confirmDiscard} />
            <p className="warning">{t('header.signOutWarning')}</p>
            <div className="dialog-actions">
              <button type="button" className="btn" autoFocus onClick={() => setConfirmDiscard(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void signOut(true)}>
                {t('header.signOutDiscard')}
              </button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </header>
  );
}

/** What signing out now would lose, kind by kind: « Pas encore envoyé : 2 avis et 1 préinscription. » */
function UnsentSummary({ fallback }: { fallback: string | null }) {
  const { t, i18n } = useTranslation();
  const status = useSync((s) => s.status);
  if (!status) return <p>{fallback}</p>;
  const items = pendingItems(t, i18n.language, status.pendingByKind);
  return (
    <div data-testid="sign-out-unsent">
      {items ? <p>{t('header.signOutPending', { items })}</p> : null}
      {status.conflictCount > 0 ? <p>{t('header.signOutConflicts', { count: status.conflictCount })}</p> : null}
      {!items && status.conflictCount === 0 ? <p>{fallback}</p> : null}
    </div>
  );
}
