import { StrictMode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { HostConnectionNotice } from './components/HostConnectionNotice';
import { connectPlatform } from './platform-connect';
import { queryClient } from './query-client';

const root = createRoot(document.getElementById('root')!);
void connectPlatform().finally(() => {
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
        <HostConnectionNotice />
      </QueryClientProvider>
    </StrictMode>,
  );
});
