import { useTranslation } from 'react-i18next';
import { useNav, type Route } from '../stores/nav-store';
import { useSync } from '../stores/sync-store';
import { useAuth } from '../stores/auth-store';
import { menuEntryOf, menuRoutes, resolveRoute, workspaceOf } from '../workspace';

export function SideNav() {
  const { t } = useTranslation();
  const route = useNav((s) => s.route);
  const conflicts = useSync((s) => s.status?.conflictCount ?? 0);
  const pending = useSync((s) => s.status?.pendingCount ?? 0);
  const workspace = workspaceOf(useAuth((s) => s.state));
  // Only OF managers queue avis; everyone else queues enrichments or pre-registrations.
  const reviews = workspace === 'OF_GENERAL' || workspace === 'OF_PREINSCRIPTION';

  const extra = (r: Route): { count?: number; alert?: boolean } =>
    r.name === 'outbox' ? { count: pending } : r.name === 'conflicts' ? { count: conflicts, alert: conflicts > 0 } : {};
  const label = (r: Route) => (r.name === 'outbox' && !reviews ? t('nav.outboxOther') : t(`nav.${r.name}`));
  const current = menuEntryOf(resolveRoute(workspace, route));
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      <ul>
        {menuRoutes(workspace).map((item) => {
          const { count, alert } = extra(item);
          return (
            <li key={item.name}>
              <button
                type="button"
                className={current === item.name ? 'nav-item active' : 'nav-item'}
                aria-current={current === item.name ? 'page' : undefined}
                onClick={() => useNav.getState().go(item)}
              >
                <span>{label(item)}</span>
                {count ? <span className={alert ? 'nav-count alert' : 'nav-count'}>{count}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
