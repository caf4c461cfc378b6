// The home of a member whose référent has given no management profile yet (or with no structure): what they can
// do here and whom to ask, rather than empty OF screens.
import { useTranslation } from 'react-i18next';
import { activeMembership, useAuth } from '../../stores/auth-store';
import { useNav } from '../../stores/nav-store';

export function Welcome() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state);
  const membership = activeMembership(state);
  return (
    <section className="page" aria-labelledby="welcome-title">
      <header className="page-header">
        <h1 id="welcome-title">{t('welcome.title')}</h1>
        <p className="muted">{membership ? t('welcome.noProfile', { structure: membership.structure.name }) : t('welcome.noStructure')}</p>
      </header>
      <div className="card">
        <p>{t('welcome.askReferent')}</p>
        <div className="dashboard-links">
          <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go({ name: 'structures' })}>
            {t('nav.structures')}
          </button>
          <button type="button" className="btn" onClick={() => useNav.getState().go({ name: 'account' })}>
            {t('nav.account')}
          </button>
        </div>
      </div>
    </section>
  );
}
