import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from './api';
import { useAuth } from './stores/auth-store';
import { useSync } from './stores/sync-store';
import { useNav } from './stores/nav-store';
import { connectQueries } from './query-client';
import { SignIn } from './components/SignIn';
import { StartupError } from './components/StartupError';
import { SessionNotices } from './components/SessionNotices';
import { Header } from './components/Header';
import { SideNav } from './components/SideNav';
import { SyncBar } from './features/sync/SyncBar';
import { UndoNotice } from './components/UndoNotice';
import { Dashboard } from './features/dashboard/Dashboard';
import { CandidatureList } from './features/candidatures/CandidatureList';
import { SessionList } from './features/sessions/SessionList';
import { SessionView } from './features/sessions/SessionView';
import { OutboxPage } from './features/sync/OutboxPage';
import { ConflictsPage } from './features/sync/ConflictsPage';
import { MyStructures } from './features/structures/MyStructures';
import { MyAccount } from './features/structures/MyAccount';
import { PreRegistrations } from './features/preregistrations/PreRegistrations';
import { TrainingOffer } from './features/catalogue/TrainingOffer';
import { CatalogueSearch } from './features/catalogue/CatalogueSearch';
import { CatalogueSession } from './features/catalogue/CatalogueSession';
import { AdminHome } from './features/admin/AdminHome';
import { Welcome } from './features/home/Welcome';
import { resolveRoute, workspaceOf } from './workspace';

export function App() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state);
  const loadError = useAuth((s) => s.loadError);

  useEffect(() => {
    void useAuth.getState().load();
    void useSync.getState().refresh().catch(() => undefined);
    const offs = [
      onEvent('app.state', (s) => useAuth.getState().set(s)),
      onEvent('sync.status', (s) => useSync.getState().setStatus(s)),
      onEvent('sync.progress', (p) => useSync.getState().setProgress(p)),
      // The core's change events invalidate the reads they concern.
      connectQueries(),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  if (loadError) return <StartupError error={loadError} />;
  if (!state) return <p className="boot-loading">{t('app.loading')}</p>;
  if (!state.signedIn) return <SignIn />;
  return (
    <div className="app">
      <Header />
      <div className="app-body">
        <SideNav />
        <main className="content" id="content">
          <SessionNotices />
          <Page />
        </main>
      </div>
      <UndoNotice />
      <SyncBar />
    </div>
  );
}

function Page() {
  const workspace = workspaceOf(useAuth((s) => s.state));
  // A screen outside the user's workspace is never shown: the home stands in for it.
  const route = resolveRoute(workspace, useNav((s) => s.route));
  switch (route.name) {
    case 'home':
    case 'welcome':
      return <Welcome />;
    case 'formations':
      return <TrainingOffer />;
    case 'catalogue':
      return <CatalogueSearch />;
    case 'catalogueSession':
      return <CatalogueSession id={route.id} />;
    case 'admin':
      return <AdminHome />;
    case 'dashboard':
      return <Dashboard />;
    case 'candidatures':
      return <CandidatureList initialFilters={route.filters} />;
    case 'sessions':
      return <SessionList />;
    case 'session':
      return <SessionView id={route.id} />;
    case 'outbox':
      return <OutboxPage />;
    case 'conflicts':
      return <ConflictsPage />;
    case 'preregistrations':
      return <PreRegistrations initialSessionId={route.sessionId ?? null} />;
    case 'structures':
      return <MyStructures />;
    case 'account':
      return <MyAccount />;
  }
}
