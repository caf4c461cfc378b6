import { useTranslation } from 'react-i18next';
import { DASHBOARD_COLUMNS, filterForCell } from '../../../../shared/domain/dashboard';
import { toErrorData } from '../../api';
import { useIpcQuery } from '../../use-ipc-query';
import { useNav } from '../../stores/nav-store';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';

export function Dashboard() {
  const { t } = useTranslation();
  const dashboard = useIpcQuery('dashboard.get', {});
  const view = dashboard.data ?? null;
  const error = dashboard.error ? toErrorData(dashboard.error) : null;

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <header className="page-header">
        <h1 id="dashboard-title">{t('dashboard.title')}</h1>
        <p className="muted">{t('dashboard.subtitle')}</p>
      </header>
      <ErrorMessage error={error} />
      {view ? (
        <div className="card">
          <table className="dashboard-table" data-testid="dashboard-table">
            <caption>{t('dashboard.caption', { date: formatDay(view.today) })}</caption>
            <thead>
              <tr>
                <th scope="col" className="role-col">{t('dashboard.roleHeader')}</th>
                {DASHBOARD_COLUMNS.map((c) => (
                  <th scope="col" key={c} className={`dash-col state-${c}`}>
                    <span className="state-stripe" aria-hidden="true" />
                    {t(`dashboard.column.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.role} data-role={row.role}>
                  <th scope="row">{t(`role.${row.role}`)}</th>
                  {DASHBOARD_COLUMNS.map((c) => {
                    const count = row.counts[c] ?? 0;
                    return (
                      <td key={c} data-column={c} className={count === 0 ? 'zero' : undefined}>
                        <button
                          type="button"
                          className={`count-link state-${c}`}
                          aria-label={t('dashboard.cellLabel', { count, role: t(`role.${row.role}`), column: t(`dashboard.column.${c}`) })}
                          onClick={() => useNav.getState().go({ name: 'candidatures', filters: filterForCell(row.role, c) })}
                        >
                          {count.toLocaleString('fr-FR')}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('dashboard.footnote')}</p>
        </div>
      ) : error ? null : (
        <p className="muted">{t('app.loading')}</p>
      )}
      <div className="dashboard-links">
        <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go({ name: 'candidatures', filters: {} })}>
          {t('dashboard.byCandidature')}
        </button>
        <button type="button" className="btn" onClick={() => useNav.getState().go({ name: 'sessions' })}>
          {t('dashboard.bySession')}
        </button>
      </div>
    </section>
  );
}
