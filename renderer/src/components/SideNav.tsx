import { useTranslation } from 'react-i18next';
import { useNav, type Route } from '../stores/nav-store';
import { useSync } from '../stores/sync-store';
import { activeMembership, useAuth } from '../stores/auth-store';

export function SideNav() {
  const { t } = useTranslation();
  const route = useNav((s) => s.route);
  const conflicts = useSync((s) => s.status?.conflictCount ?? 0);
  const pending = useSync((s) => s.status?.pendingCount ?? 0);
  const membership = activeMembership(useAuth((s) => s.state));
  const prescriber = membership?.structure.kind === 'PRESCRIPTEUR';

  const items: { route: Route; label: string; count?: number; alert?: boolean }[] = [
    { route: { name: 'dashboard' }, label: t('nav.dashboard') },
    { route: { name: 'candidatures', filters: {} }, label: t('nav.candidatures') },
    { route: { name: 'sessions' }, label: t('nav.sessions') },
    ...(prescriber ? [{ route: { name: 'preregistrations' } as Route, label: t('nav.preregistrations') }] : []),
    { route: { name: 'outbox' }, label: t('nav.outbox'), count: pending },
    { route: { name: 'conflicts' }, label: t('nav.conflicts'), count: conflicts, alert: conflicts > 0 },
    { route: { name: 'structures' }, label: t('nav.structures') },
    { route: { name: 'account' }, label: t('nav.account') },
  ];
  const current = route.name === 'session' ? 'sessions' : route.name;
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      <ul>
        {items.map((item) => (
          <li key={item.route.name}>
            <button
              type="button"
              className={current === item.route.name ? 'nav-item active' : 'nav-item'}
              aria-current={current === item.route.name ? 'page' : undefined}
              onClick={() => useNav.getState().go(item.route)}
            >
              <span>{item.label}</span>
              {item.count ? <span className={item.alert ? 'nav-count alert' : 'nav-count'}>{item.count}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
